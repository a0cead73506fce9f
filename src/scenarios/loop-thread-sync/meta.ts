import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'loop-thread-sync',
  number: 27,
  section: 'dynamic-coroutines',
  title: { zh: '动态注册协程 · 同步', en: 'Registering coroutines dynamically · Synchronous' },
  notes: {
    zh: '当前线程创建一个事件循环,然后再新建一个线程,在新线程中启动事件循环。当前线程不会被block。',
    en: 'The current thread creates an event loop, then starts a new thread and runs the loop in it. The current thread is not blocked.',
  },
  lookFor: {
    zh: '主线程马上打印 TIME 并结束；两条 call_soon_threadsafe 箭头从主线程指向 Thread-1 (start_loop)。more_work 里的 time.sleep 阻塞了整个事件循环，所以 6 和 3 依次执行（共 9 秒），而不是并发。之后事件循环永远等待新的回调：Python 里程序不会结束；游乐场看出已没有线程能再调用 call_soon_threadsafe，于是报告 deadlock（主线程等 Thread-1 结束，Thread-1 的事件循环等回调）。',
    en: "MainThread prints TIME at once and ends; two call_soon_threadsafe arrows go from MainThread to Thread-1 (start_loop). time.sleep in more_work blocks the whole loop, so 6 and 3 run one after the other (9 s in all), not concurrently. The loop then waits forever for callbacks: in Python the program never ends; the playground sees that no thread is left to call call_soon_threadsafe and reports a deadlock (MainThread waits for Thread-1 to end, Thread-1's loop waits for callbacks).",
  },
  differences: {
    zh: '原文的 TIME 是 Python 的浮点数；JavaScript 的模板字符串把整数值的浮点数写成 0 而不是 0.0（这里几乎不会恰好为 0）。',
    en: "The original's TIME is a Python float; a JavaScript template literal writes an integral float as 0 rather than 0.0 (it is hardly ever exactly 0 here).",
  },
  speed: 2,
  sched: 'gil',
  loopsForever: false,
};
