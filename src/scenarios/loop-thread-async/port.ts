import * as time from 'time';
import * as asyncio from 'asyncio';
import { Queue } from 'queue';
import { Thread } from 'threading';

function start_loop(loop: asyncio.AbstractEventLoop) {
  // 一个在后台永远运行的事件循环
  asyncio.set_event_loop(loop);
  loop.run_forever();
}

async function do_sleep(x: number, queue: Queue, msg = '') {
  await asyncio.sleep(x);
  queue.put(msg);
}

if (__name__ === '__main__') {
  const queue = new Queue();

  const new_loop = asyncio.new_event_loop();

  // 定义一个线程,并传入一个事件循环对象
  const t = new Thread({ target: start_loop, args: [new_loop] });
  t.start();

  print(time.ctime());

  // 动态添加两个协程
  // 这种方法,在主线程是异步的
  asyncio.run_coroutine_threadsafe(do_sleep(6, queue, '第一个'), new_loop);
  asyncio.run_coroutine_threadsafe(do_sleep(3, queue, '第二个'), new_loop);

  while (true) {
    const msg = queue.get();
    print(`${msg} 协程运行完..`);
    print(time.ctime());
  }
}

// Sat Jul 13 10:39:27 2019
// 第二个 协程运行完..
// Sat Jul 13 10:39:30 2019
// 第一个 协程运行完..
// Sat Jul 13 10:39:33 2019
