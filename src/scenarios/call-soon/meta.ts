import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'call-soon',
  number: 32,
  section: 'event-loop',
  title: { zh: 'loop.call_soon', en: 'loop.call_soon' },
  notes: {
    zh: '将普通函数作为任务注入事件循环的三种方法\n\n• loop.call_soon\n• loop.call_later\n• loop.call_at & loop.time\n\nloop.call_soon\n\n将普通函数作为任务加入到事件循环并立即排定任务的执行顺序',
    en: 'Three ways to inject a plain function into the event loop as a task\n\n• loop.call_soon\n• loop.call_later\n• loop.call_at & loop.time\n\nloop.call_soon\n\nAdds a plain function to the event loop as a task and fixes its place in the run order at once.',
  },
  lookFor: {
    zh: '输出与原文完全一致：A、Tom、B、C 按加入的先后顺序各执行第一步（call_soon 队列先进先出），然后 A、B、C 在 1、2、3 秒结束。',
    en: "The output equals the original's line for line: A, Tom, B and C run their first step in the order they were added (the call_soon queue is FIFO), then A, B and C finish at 1, 2 and 3 s.",
  },
  speed: 1,
  sched: 'seeded',
  loopsForever: false,
};
