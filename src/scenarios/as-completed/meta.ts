import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'as-completed',
  number: 26,
  section: 'task',
  title: { zh: 'asyncio的as_completed方法', en: "asyncio's as_completed" },
  notes: {
    zh: '原文此处只有代码，没有说明文字。',
    en: 'The tutorial shows only the code here, without notes.',
  },
  lookFor: {
    zh: 'as_completed 按完成顺序交出结果：Task ret 在第 1、2、4 秒各出现一行，而不是等全部完成。',
    en: 'as_completed hands the results over in completion order: one Task ret line at 1, 2 and 4 s, instead of all at the end.',
  },
  differences: {
    zh: '原文的循环只有 result = await task，不打印任何东西；这里加了 print(\'Task ret: \', result)。',
    en: "The fragment's loop only does result = await task and prints nothing; print('Task ret: ', result) is added.",
  },
  speed: 1,
  sched: 'seeded',
  loopsForever: false,
};
