import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'deadlock',
  number: 41,
  section: 'thread-limits',
  title: { zh: '死锁', en: 'Deadlock' },
  notes: {
    zh: '本例为新增（原文没有）：两条线程以相反的顺序获取两把锁，中间短暂 sleep，于是各自持有对方正在等待的锁，每次都会死锁。',
    en: 'An added example (not in the tutorial): two threads take two locks in opposite order with a short sleep in between, so each holds the lock the other waits for: a deadlock, every time.',
  },
  lookFor: {
    zh: '0.5 秒后两条线程都 blocked，运行状态变为 deadlock，并显示等待环：Thread-1 等 Lock#2（被 Thread-2 持有），Thread-2 等 Lock#1（被 Thread-1 持有）。',
    en: 'After 0.5 s both threads are blocked, the run state becomes deadlock and the cycle is shown: Thread-1 waits Lock#2 held by Thread-2, which waits Lock#1 held by Thread-1.',
  },
  differences: {
    zh: 'CPython 遇到这种情况只会永远挂起，不做任何提示；这里能检测到等待环并结束运行。',
    en: 'CPython just hangs forever in this situation, without a word; here the wait-for cycle is detected and the run ends.',
  },
  speed: 1,
  sched: 'gil',
  challenge: {
    goal: {
      zh: '删掉两处 time.sleep(0.5)，然后在 step（单步）模式里亲手把它带进死锁：让每个线程各拿到一把锁。',
      en: 'Remove both time.sleep(0.5) calls, then steer it into the deadlock by hand in step mode: let each thread take one lock.',
    },
    check: (r) =>
      r.state === 'deadlock' && !/\bsleep\s*\(/.test(r.source)
        ? r.steps > 0
          ? { zh: `没有 sleep，用 ${r.steps} 步就死锁了。`, en: `Deadlocked without a sleep, in ${r.steps} steps.` }
          : { zh: '没有 sleep 也死锁了。', en: 'Deadlocked without a sleep.' }
        : null,
  },
  loopsForever: false,
};
