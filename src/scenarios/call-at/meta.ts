import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'call-at',
  number: 34,
  section: 'event-loop',
  title: { zh: 'loop.call_at & loop.time', en: 'loop.call_at & loop.time' },
  notes: {
    zh: '• call_at 在某时刻执行\n• loop.time 就是事件循环内部的一个计时方法,返回值是时刻,数据类型是 float',
    en: "• call_at runs at a given moment\n• loop.time is the event loop's internal clock; it returns a moment, a float",
  },
  lookFor: {
    zh: '输出与上一个 call_later 的例子完全相同：call_at(start+1.2) 就是 call_later(1.2)，时刻都以 loop.time() 为准。',
    en: 'The output is exactly that of the call_later example: call_at(start+1.2) is call_later(1.2), both measured on loop.time().',
  },
  differences: {
    zh: '原文多余的 import functools 没有对应（这里没有 functools 模块）。',
    en: "The original's unused import functools has no counterpart (there is no functools module here).",
  },
  speed: 1,
  sched: 'seeded',
  loopsForever: false,
};
