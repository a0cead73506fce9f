import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'yield-from',
  number: 40,
  section: 'coroutines',
  title: { zh: '协程 · yield from的两大优势', en: 'Coroutines · The two advantages of yield from' },
  notes: {
    zh: '• 不能在生成器中使用await\n• 不能在 async 定义的协程中使用yield\n• 协程对象不能直接运行,必须放入事件循环中或者由 yield from 语句调用\n\nyield from的两大优势\n\n1. 避免嵌套循环\n2. 转移控制权',
    en: '• await cannot be used in a generator\n• yield cannot be used in a coroutine defined with async\n• a coroutine object cannot run by itself: it must be put in an event loop or called by a yield from statement\n\nThe two advantages of yield from\n\n1. It avoids nested loops\n2. It hands over control',
  },
  lookFor: {
    zh: '两种写法得到同一个列表 [1, 2, 3, 4, 5]；之后每次 next/send 的值都直接到达 inner（inner got A、inner got B），inner 的 return 值成为 yield* 表达式的值。',
    en: "Both versions give the same list [1, 2, 3, 4, 5]; then each next/send value goes straight to inner (inner got A, inner got B), and inner's return value becomes the value of the yield* expression.",
  },
  differences: {
    zh: '新增的例子：原文只列出 yield from 的两大优势，没有代码。Python 的 yield from 对应 JavaScript 的 yield*，gen.send(v) 对应 gen.next(v)。',
    en: "An added example: the tutorial only lists yield from's two advantages, with no code. Python's yield from is JavaScript's yield*, and gen.send(v) is gen.next(v).",
  },
  speed: 1,
  sched: 'seeded',
  loopsForever: false,
};
