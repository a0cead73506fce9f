import * as asyncio from 'asyncio';

async function do_some_work(x: number) {
  print('Waiting: ', x);
  await asyncio.sleep(x);
  return `Done after ${x}s`;
}

async function main() {
  const coroutine1 = do_some_work(1);
  const coroutine2 = do_some_work(2);
  const coroutine3 = do_some_work(4);

  const tasks = [
    asyncio.ensure_future(coroutine1),
    asyncio.ensure_future(coroutine2),
    asyncio.ensure_future(coroutine3),
  ];
  for (const task of asyncio.as_completed(tasks)) {
    const result = await task; // 注意这里有一个await
    print('Task ret: ', result);
  }
}


const loop = asyncio.get_event_loop();
const done = loop.run_until_complete(main());
