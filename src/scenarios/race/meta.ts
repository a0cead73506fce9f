import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'race',
  number: 7,
  section: 'thread-limits',
  title: { zh: '线程限制 · 编写一个资源抢占的多线程', en: 'Thread limits · Threads competing for a resource' },
  notes: {
    zh: '原文此处只有代码，没有说明文字。',
    en: 'The tutorial shows only the code here, without notes.',
  },
  lookFor: {
    zh: '两条线程同时在 running（真正并行）；最后打印的数小于 2000000——丢失的就是两条线程同时读到同一个旧值后各自写回的那些加一。多运行几次，每次都不一样。',
    en: 'Both thread lanes run at the same time (truly in parallel); the final number printed is below 2000000: the lost increments are those where both threads read the same old value and each wrote back. Run it again: it changes every time.',
  },
  differences: {
    zh: 'CPython 3.10+ 有 GIL，并且只在特定字节码处切换线程，所以原文通常恰好打印 2000000，竞争被隐藏了；无 GIL 的 free-threaded Python（3.13t）和这里的 Web Worker 一样真正并行，会丢失更新。',
    en: 'CPython 3.10+ has the GIL and switches threads only at certain bytecodes, so the original usually prints exactly 2000000 and hides the race; free-threaded Python (3.13t), like our Web Workers, runs the threads truly in parallel and loses updates.',
  },
  modes: {
    zh: 'parallel（默认）：两条线程真正同时运行并丢失更新，每次结果都不同。GIL：一次只运行一个线程，只在阻塞调用处或 5 毫秒的切换间隔用完时切换，从不落在 g.num += 1 的读和写之间，所以恰好打印 2000000，和 CPython 3.10+ 一样——这就是教程里的锁在 CPython 上看起来没用的原因。seeded：同样一次一个线程，但切换可能落在读和写之间：每个种子丢失的更新数不同，而且可以重现；分享链接，别人就能重放同一次运行。',
    en: 'Parallel (the default): both threads really run at once and lose updates; the count changes every run. GIL: one thread runs at a time and is switched only at blocking calls or after its 5 ms interval, never between the read and the write of g.num += 1, so it prints exactly 2000000, as CPython 3.10+ does: this is why the tutorial’s lock looked useless there. Seeded: one thread at a time too, but a switch can fall between the read and the write: each seed loses a different number of updates, the same every time; share the link and the same run replays.',
  },
  speed: 1,
  challenge: {
    goal: {
      zh: '让它丢失一次更新：选 step（单步）模式，用尽量少的线程切换，让两个线程都先读到同一个旧值再各自写回，然后按“运行到底”。最后打印的数小于 2000000 就算成功。',
      en: 'Make it lose an update: in step mode, with as few thread switches as you can, let both threads read the same old value before either writes it back, then press Finish. A total below 2000000 counts.',
    },
    check: (r) => {
      const n = Number(r.stdout.at(-1));
      if (r.state !== 'finished' || !Number.isFinite(n) || n >= 2000000) return null;
      const lost = 2000000 - n;
      const en = `${lost} update${lost === 1 ? '' : 's'} lost`;
      return r.steps > 0
        ? { zh: `丢失了 ${lost} 次更新；你做了 ${r.switches} 次线程切换。`, en: `${en}; you switched threads ${r.switches} time${r.switches === 1 ? '' : 's'}.` }
        : { zh: `丢失了 ${lost} 次更新。`, en: `${en}.` };
    },
  },
  loopsForever: false,
};
