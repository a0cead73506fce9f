import * as asyncio from 'asyncio';


async function consumer(condition: asyncio.Condition, n: number) {
  print('----');
  {
    await using _ = await condition.hold(); // async with condition:
    print(`consumer ${n} is waiting`);
    await condition.wait();
    print(`consumer ${n} triggered`);
  }
  print(`ending consumer ${n}`);
}


async function manipulate_condition(condition: asyncio.Condition) {
  print('starting manipulate_condition');

  await asyncio.sleep(0.1);

  for (const i of range(1, 3)) {
    {
      await using _ = await condition.hold(); // async with condition:
      print(`notifying ${i} consumers`);
      condition.notify(i); // notify(n=i)
    }
    await asyncio.sleep(0.1);
  }

  {
    await using _ = await condition.hold(); // async with condition:
    print('notifying remaining consumers');
    condition.notify_all();
  }

  print('ending manipulate_condition');
}


async function main(loop: asyncio.AbstractEventLoop) {
  const condition = new asyncio.Condition();

  // [consumer(condition, i) for i in range(5)]
  const consumers = Array.from(range(5), (i) => consumer(condition, i));
  loop.create_task(manipulate_condition(condition));

  // Python 3.11+ no longer lets asyncio.wait take bare coroutines: wrap each in a Task first.
  await asyncio.wait(consumers.map((c) => asyncio.ensure_future(c)));
}


const event_loop = asyncio.get_event_loop();
try {
  const result = event_loop.run_until_complete(main(event_loop));
} finally {
  event_loop.close();
}

// The seed's output (consumers in set order 3, 0, 2, 4, 1; here they start 0..4, see the notes):
// starting manipulate_condition
// ----
// consumer 3 is waiting
// ----
// consumer 0 is waiting
// ----
// consumer 2 is waiting
// ----
// consumer 4 is waiting
// ----
// consumer 1 is waiting
// notifying 1 consumers
// consumer 3 triggered
// ending consumer 3
// notifying 2 consumers
// consumer 0 triggered
// ending consumer 0
// consumer 2 triggered
// ending consumer 2
// notifying remaining consumers
// ending manipulate_condition
// consumer 4 triggered
// ending consumer 4
// consumer 1 triggered
// ending consumer 1
