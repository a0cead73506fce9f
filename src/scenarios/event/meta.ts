import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'event',
  number: 14,
  section: 'thread-communication',
  title: { zh: '线程通讯 · 使用Event', en: 'Thread communication · Using Event' },
  notes: {
    zh: 'wait – set – clear\n\n对应着阻塞解除阻塞重新阻塞整个流程',
    en: 'wait – set – clear\n\nThey correspond to the whole cycle: block, unblock, block again.',
  },
  lookFor: {
    zh: '每秒一个箭头从主线程的 set 指向 Thread-1 被唤醒的 wait，随后打印 --------（共五次）；主线程打印 ******** 后结束，Thread-1 永远停在 blocked on Event#1，Python 里程序永远不会结束；游乐场看出再也没有线程能唤醒它，于是报告 deadlock 并结束。',
    en: "Once a second an arrow goes from MainThread's set to Thread-1's woken wait, and -------- is printed (five times); MainThread prints ******** and ends, Thread-1 stays blocked on Event#1 forever, so in Python the program never ends; the playground sees that no thread can ever wake it and ends the run as a deadlock, naming the wait.",
  },
  speed: 1,
  sched: 'gil',
  loopsForever: false,
};
