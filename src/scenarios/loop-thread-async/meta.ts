import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'loop-thread-async',
  number: 28,
  section: 'dynamic-coroutines',
  title: { zh: '动态注册协程 · 异步', en: 'Registering coroutines dynamically · Asynchronous' },
  notes: {
    zh: '原文此处只有代码（说明写在代码注释里：动态添加两个协程，这种方法，在主线程是异步的）。',
    en: 'The tutorial gives only the code here (its notes are the code comments: two coroutines are added dynamically; this way, it is asynchronous for the main thread).',
  },
  lookFor: {
    zh: '两个协程在 Thread-1 的事件循环里并发：第 3 秒 第二个 协程运行完..，第 6 秒 第一个 协程运行完..（共 6 秒，不是 9 秒）；主线程在 queue.get 上阻塞，queue 行显示 put → get 的箭头。之后主线程在 queue.get 上永远等待：Python 里程序不会结束；游乐场看出已没有线程能再放入数据，于是报告 deadlock。',
    en: "The two coroutines run concurrently on Thread-1's loop: 第二个 (the second) finishes at 3 s, 第一个 (the first) at 6 s (6 s in all, not 9); MainThread is blocked on queue.get, with put → get arrows on the queue row. MainThread then waits on queue.get forever: in Python the program never ends; the playground sees that no thread can put anything any more and reports a deadlock.",
  },
  differences: {
    zh: 'time.ctime() 显示的是程序时间：速度为 2 时，两行时间仍相差 3 秒，实际只过了 1.5 秒。',
    en: 'time.ctime() shows program time: at speed 2 the printed times are still 3 s apart, although only 1.5 s of wall time passed.',
  },
  speed: 2,
  sched: 'gil',
  loopsForever: false,
};
