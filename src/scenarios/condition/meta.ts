import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'condition',
  number: 15,
  section: 'thread-communication',
  title: { zh: '使用Condition', en: 'Using Condition' },
  notes: {
    zh: '用于线程之间互相唤醒',
    en: 'Used by threads to wake each other up.',
  },
  lookFor: {
    zh: '******* 和 -------- 每秒交替出现；notify 的箭头在两条线程间来回，一条在 wait 时另一条持有锁。程序一直运行，直到 Stop（偶尔会以 deadlock 结束，见下方差异说明）。',
    en: '******* and -------- alternate once a second; notify arrows go back and forth, one thread waits while the other holds the lock. It runs until Stop (or, now and then, ends as a deadlock: see the differences below).',
  },
  differences: {
    zh: '原文依赖 Thread-1 先进入 wait：如果 Thread-2 先拿到锁，它的第一次 notify 没人接收，随后两条线程都在 wait，永远互等。CPython 里几乎总是 Thread-1 先到；这里两条线程真正并行启动，偶尔会出现这种情况，时间线会报告 deadlock（两个 wait 都没有线程能唤醒）。',
    en: 'The original relies on Thread-1 reaching wait first: if Thread-2 takes the lock first, its first notify wakes nobody, then both threads wait forever. In CPython Thread-1 almost always gets there first; here both start truly in parallel, so this occasionally happens, and the run ends as deadlock (two waits no live thread can satisfy).',
  },
  speed: 1,
  sched: 'gil',
  challenge: {
    goal: {
      zh: '让一次 notify 丢失：在 step（单步）模式里，让 fun2 在 fun1 开始 wait 之前就 notify。两个线程随后都会永远等待。',
      en: 'Lose a notify: in step mode, let fun2 notify before fun1 has started to wait. Both threads then wait forever.',
    },
    check: (r) =>
      r.state === 'deadlock'
        ? { zh: '一次 notify 丢失了：两个线程都在 wait，再也没有人 notify。', en: 'A notify was lost: both threads wait, and nobody is left to notify.' }
        : null,
  },
  loopsForever: true,
};
