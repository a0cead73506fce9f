import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'wait-main',
  number: 25,
  section: 'task',
  title: { zh: 'loop.run_until_complete配合asyncio.wait', en: 'loop.run_until_complete with asyncio.wait' },
  notes: {
    zh: '原文此处只有代码，没有说明文字。',
    en: 'The tutorial shows only the code here, without notes.',
  },
  lookFor: {
    zh: 'run_until_complete 返回 (done, pending) 两个集合；三个 Task 并发，TIME 约为 4（最长的那个），而不是 1+2+4=7。',
    en: 'run_until_complete returns the two sets (done, pending); the three tasks overlap, so TIME is about 4 (the longest), not 1+2+4 = 7.',
  },
  differences: {
    zh: '原文用了 now() 却没有定义，也没有使用 start；按教程其它部分补全为 now = lambda: time.time()，并在最后打印 TIME。done 是 set，Python 里遍历顺序不确定，这里按加入顺序。',
    en: "The fragment calls now() without defining it and never uses start; as elsewhere in the tutorial, now = lambda: time.time() is added and TIME is printed at the end. done is a set: arbitrary order in Python, insertion order here.",
  },
  speed: 1,
  sched: 'seeded',
  loopsForever: false,
};
