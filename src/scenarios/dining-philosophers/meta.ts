import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'dining-philosophers',
  number: 43,
  section: 'thread-limits',
  title: { zh: '哲学家就餐', en: 'Dining philosophers' },
  notes: {
    zh: '本例为新增（原文没有）：五位哲学家围坐圆桌，每两人之间一把叉子；吃饭要同时拿起左右两把。每人先拿左边的叉子，想一会儿，再去拿右边的：如果五人同时拿起了左边的叉子，每个人都在等邻居手里的那把，谁也吃不上了。',
    en: 'An added example (not in the tutorial): five philosophers at a round table, one fork between each pair; eating takes both forks beside you. Each takes the left fork, thinks a moment, then reaches for the right one: if all five hold their left fork at once, each waits for the fork a neighbour holds, and nobody eats again.',
  },
  lookFor: {
    zh: '五位哲学家各打印一次 has the left fork；0.1 秒后五条线程都拿着左边的叉子（Lock#1–Lock#5 各有持有者），都 blocked 在右边的叉子上：运行以 deadlock 结束，等待环经过全部五个线程。',
    en: 'Each philosopher prints that it has the left fork; after 0.1 s each of the five threads holds its left fork (Lock#1–Lock#5 each have a holder) and is blocked on its right one: the run ends in deadlock, with a wait-for cycle through all five threads.',
  },
  differences: {
    zh: 'CPython 在这里会永远挂起；这里检测到等待环并结束运行。',
    en: 'CPython hangs here forever; here the wait-for cycle is detected and the run ends.',
  },
  modes: {
    zh: '以 GIL 模式打开：虚拟时间让五人总是同时拿起左叉，每次都会死锁。在 step（单步）模式里可以亲手安排谁先拿叉子，看看什么样的顺序能让所有人吃上饭。',
    en: 'Opens in GIL mode: on virtual time all five always take their left fork together, so it deadlocks every time. In step mode you choose who picks up a fork when, and can see which orders let everyone eat.',
  },
  challenge: {
    goal: {
      zh: '修好它：改代码，让每位哲学家都吃满三顿、最后打印 all fed（提示：让其中一位先拿右边的叉子，打破等待环）。',
      en: 'Fix it: change the code so that every philosopher eats three meals and the run prints all fed (hint: let one of them take the right fork first, which breaks the cycle).',
    },
    check: (r) =>
      r.state === 'finished' && r.stdout.includes('all fed') && r.stdout.filter((l) => l.includes(' eats meal ')).length === 15
        ? { zh: '所有人都吃饱了：没有死锁。', en: 'Everyone was fed: no deadlock.' }
        : null,
  },
  speed: 1,
  sched: 'gil',
  loopsForever: false,
};
