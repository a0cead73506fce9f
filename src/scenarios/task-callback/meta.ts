import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'task-callback',
  number: 21,
  section: 'task',
  title: { zh: 'task绑定回调', en: 'Binding a callback to a task' },
  notes: {
    zh: '原文此处只有代码，没有说明文字。',
    en: 'The tutorial shows only the code here, without notes.',
  },
  lookFor: {
    zh: 'Task 完成后，回调由事件循环用 call_soon 调度：先 Waiting:  2，2 秒后 Callback:  Done after 2s，回调拿到的参数就是这个 task。',
    en: 'When the task is done, the loop schedules the callback with call_soon: Waiting:  2, then after 2 s Callback:  Done after 2s; the callback receives the task itself.',
  },
  differences: {
    zh: '原文定义的是 async def coroutine(x)，却把函数 coroutine 本身传给 ensure_future（会抛 TypeError）；这里按教程本意补全：coroutine = do_some_work(2)，回调打印 future.result()。',
    en: 'The fragment defines async def coroutine(x) and then passes the function coroutine itself to ensure_future (a TypeError); the port completes it as the tutorial means: coroutine = do_some_work(2), and the callback prints future.result().',
  },
  speed: 1,
  sched: 'seeded',
  loopsForever: false,
};
