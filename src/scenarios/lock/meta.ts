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
  challenge: {
    goal: {
      zh: '试着把它弄坏：在 step（单步）模式里随意安排两个线程的先后，让最后的数不是 2000000。',
      en: 'Try to break it: in step mode, interleave the two threads any way you like and make the total anything but 2000000.',
    },
    check: (r) => {
      const n = Number(r.stdout.at(-1));
      return r.state === 'finished' && Number.isFinite(n) && n !== 2000000 ? { zh: `最后的数是 ${n}。`, en: `The total is ${n}.` } : null;
    },
    impossible: {
      zh: '弄不坏：每次 g.num += 1 的读和写都在持有锁的时候完成。另一个线程只能在 acquire 处等待，永远插不进一次读和它的写之间，所以不会有更新被覆盖。',
      en: 'It cannot be broken: each g.num += 1 reads and writes while holding the lock. The other thread can only wait at acquire, never step in between a read and its write, so no update is ever overwritten.',
    },
  },
  loopsForever: false,
};
