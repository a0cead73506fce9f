import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'call-later',
  number: 33,
  section: 'event-loop',
  title: { zh: 'loop.call_later', en: 'loop.call_later' },
  notes: {
    zh: '可延时执行,第一个参数为延时时间\n\n注意,call_later 这个延时 1.2 秒是事件循环启动时就开始计时的',
    en: 'Runs after a delay; the first argument is the delay.\n\nNote: the 1.2 s delay of call_later starts counting when the event loop starts.',
  },
  lookFor: {
    zh: '输出与原文完全一致：Kitty 紧跟在 workA start 之后；Jerry 的 1 秒比 A 的 sleep(1) 先计时，所以在 workA stop 之前；Tom 在 1.2 秒；workB 在 2 秒结束。',
    en: "The output equals the original's line for line: Kitty right after workA start; Jerry's 1 s is counted from before A's sleep(1) began, so it comes before workA stop; Tom at 1.2 s; workB ends at 2 s.",
  },
  differences: {
    zh: '原文多余的 import functools 没有对应（这里没有 functools 模块）。',
    en: "The original's unused import functools has no counterpart (there is no functools module here).",
  },
  speed: 1,
  sched: 'seeded',
  loopsForever: false,
};
