import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'gather-groups',
  number: 18,
  section: 'loop-input',
  title: { zh: '使用asyncio.gather传入协程', en: 'Passing coroutines with asyncio.gather' },
  notes: {
    zh: '原文此处只有代码，没有说明文字。',
    en: 'The tutorial shows only the code here, without notes.',
  },
  lookFor: {
    zh: '十二个 Task 子行同时开始（Waiting: 各一行），按睡眠时长陆续结束；总耗时约 6 秒而不是 1+2+…的总和。结果是三层嵌套的列表，保持参数顺序，与完成顺序无关。',
    en: 'Twelve Task sub-lanes start together (one Waiting: line each) and end by sleep length; the whole run takes about 6 s, not the sum of the sleeps. The result is a list of three lists, in argument order whatever the completion order.',
  },
  differences: {
    zh: '原文没有给出 func，这里补全为打印、睡 i 秒、返回字符串，并打印结果。原文 group3 也用了 "B"（多半是笔误，应为 "C"），这里照原样保留。Python 3.12+ 在没有事件循环时于模块顶层调用 gather 会发出 DeprecationWarning；这里沿用旧行为。',
    en: 'The fragment has no func; it is completed as: print, sleep i seconds, return a string, and the result is printed. The original\'s group3 also uses "B" (probably a typo for "C"); it is kept as is. Python 3.12+ warns (DeprecationWarning) when gather is called at top level with no event loop set; the old behaviour is kept here.',
  },
  speed: 2,
  sched: 'seeded',
  loopsForever: false,
};
