import * as asyncio from 'asyncio';

async function do_some_work(x: number) {
  print('Waiting: ', x);
  await asyncio.sleep(x);
  return `Done after ${x}s`;
}

const loop = asyncio.get_event_loop();
const task = loop.create_task(do_some_work(2));
loop.run_until_complete(task);
print('Task ret: ', task.result());
