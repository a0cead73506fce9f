import * as asyncio from 'asyncio';

async function do_some_work(x: number) {
  print('Waiting: ', x);
  await asyncio.sleep(x);
  return `Done after ${x}s`;
}

function callback(future: asyncio.Future<string>) {
  print('Callback: ', future.result());
}

const coroutine = do_some_work(2);
const loop = asyncio.get_event_loop();
const task = asyncio.ensure_future(coroutine);
task.add_done_callback(callback);
loop.run_until_complete(task);
