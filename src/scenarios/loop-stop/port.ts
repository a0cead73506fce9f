import * as asyncio from 'asyncio';

async function work(loop: asyncio.AbstractEventLoop, t: number) {
  print('start');
  await asyncio.sleep(t);
  print(`after ${t}s stop`);
  loop.stop(); // 停止事件循环,stop 后仍可重新运行
}

const loop = asyncio.get_event_loop();
const task = asyncio.ensure_future(work(loop, 1));
loop.run_forever(); // 无限运行事件循环,直至 loop.stop 停止
loop.close(); // 关闭事件循环,只有 loop 处于停止状态才会执行

// start
// after 1s stop
