import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'lock',
  number: 8,
  section: 'thread-limits',
  title: { zh: '使用Lock', en: 'Using Lock' },
  notes: {
    zh: '原文此处只有代码，没有说明文字。',
    en: 'The tutorial shows only the code here, without notes.',
  },
  lookFor: {
    zh: '看 Lock#1 那一行：持有者在两条线程之间来回切换，争用时另一条线程显示 blocked on Lock#1；最后打印的正好是 2000000。',
    en: "Watch Lock#1's row: the holder alternates between the two threads, and the other one shows blocked on Lock#1 when they collide; the final count is exactly 2000000.",
  },
  differences: {
    zh: '在 CPython 里，没有锁的版本通常也打印 2000000（GIL 掩盖了竞争），所以锁的作用看不出来；这里的线程真正并行，上一个例子确实会丢失更新，而这个例子每次都精确。',
    en: 'In CPython the unlocked version usually prints 2000000 as well (the GIL hides the race), so the lock seems to change nothing; here the threads truly run in parallel: the previous example really loses updates, and this one is exact every time.',
  },
  modes: {
    zh: 'parallel（默认）：线程真正同时运行，锁仍然让计数完全正确。GIL 模式下即使去掉锁，计数也正确（见第 7 个例子）；seeded 模式下去掉锁，大多数种子都会丢失更新，而有锁时任何种子都不会。',
    en: 'Parallel (the default): the threads really run at once, and the lock still keeps the count exactly right. In GIL mode the count is right even without the lock (see example 7); in seeded mode, remove the lock and most seeds lose updates, while with it no seed does.',
  },
  speed: 1,
  loopsForever: false,
};
