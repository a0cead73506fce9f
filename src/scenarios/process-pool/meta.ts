import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'process-pool',
  number: 5,
  section: 'processes-threads',
  title: { zh: '使用Pool', en: 'Using Pool' },
  notes: {
    zh: "注意 : 必须将它放在if __name__ == '__main__':",
    en: "Note: it must be placed under if __name__ == '__main__':",
  },
  lookFor: {
    zh: '十个池进程各领一个任务：任务 n 打印 0..n-1，共 45 行；close() 之后 join() 一直阻塞主线程，直到最长的任务（9 秒）结束。',
    en: "Ten pool processes take one task each: task n prints 0..n-1, 45 lines in all; after close(), join() blocks MainThread until the longest task (9 s) is done.",
  },
  differences: {
    zh: '在 spawn 方式（Windows/macOS）下，没有 main 保护的 Pool 会让每个子进程重新执行模块，这就是原文提醒的原因；这里保留了这个保护，顶层代码本来也只运行一次。',
    en: "With the spawn start method (Windows, macOS), a Pool outside the main guard makes every child re-run the module, hence the tutorial's warning; the port keeps the guard, although here the top level runs only once anyway.",
  },
  speed: 1,
  sched: 'gil',
  loopsForever: false,
};
