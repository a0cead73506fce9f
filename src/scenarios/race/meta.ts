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
  speed: 1,
  loopsForever: false,
};
