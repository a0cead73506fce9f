import * as asyncio from 'asyncio';

async function do_some_work(x: number) {
  print('Waiting: ', x);
  await asyncio.sleep(x);
  return `Done after ${x}s`;
}

// Calling a coroutine function runs none of its body yet: `coroutine` is a lazy coroutine object.
const coroutine = do_some_work(2);
const loop = asyncio.get_event_loop();
const task = asyncio.ensure_future(coroutine);
loop.run_until_complete(task);
print('Task ret: ', task.result());
