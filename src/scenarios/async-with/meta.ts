import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'async-with',
  number: 29,
  section: 'async-with-for',
  title: { zh: 'async with 和async for · async with', en: 'async with and async for · async with' },
  notes: {
    zh: '异步上下文管理器指的是在enter和exit方法处能够暂停执行的上下文管理器\n\n• 实现这样的功能,需要加入两个新的方法:__aenter__ 和__aexit__。\n• 这两个方法都要返回一个 awaitable 类型的值。\n\n简单来说就是:\n\n• 进来的时候需要await aenter(延时操作)\n• 出去的时候需要await aexit(延时操作)',
    en: 'An asynchronous context manager is a context manager that can suspend execution in its enter and exit methods.\n\n• To do this, two new methods are added: __aenter__ and __aexit__.\n• Both must return an awaitable.\n\nIn short:\n\n• on the way in, await aenter (a delayed operation)\n• on the way out, await aexit (a delayed operation)',
  },
  lookFor: {
    zh: '两个 Task 交错进行：A 在 __aenter__ 里 await 时 B 也进入；A BLOCK 之后 A 在 __aexit__ 里暂停，B BLOCK 插进来；离开 with 块时 __aexit__ 一定会被 await。',
    en: "The two tasks interleave: while A awaits in __aenter__, B enters too; after A BLOCK, A pauses in __aexit__ and B BLOCK runs in between; leaving the block always awaits __aexit__.",
  },
  differences: {
    zh: '原文只给出了 async with 的等价展开，没有可运行的例子；这里补了一个。TypeScript 没有 __aenter__ 协议：写成 await using mgr = await EXPR.__aenter__()，块结束时 await using 调用 [Symbol.asyncDispose]()，它再调用 __aexit__（拿不到异常信息）。',
    en: "The tutorial only shows what async with expands to, with no runnable example; one is added. TypeScript has no __aenter__ protocol: it is written await using mgr = await EXPR.__aenter__(), and at the block's end await using calls [Symbol.asyncDispose](), which calls __aexit__ (without the exception details).",
  },
  speed: 1,
  sched: 'seeded',
  loopsForever: false,
};
