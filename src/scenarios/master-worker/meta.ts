import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'master-worker',
  number: 39,
  section: 'best-practice',
  title: { zh: '多任务的最佳实践 · Master-Worker', en: 'Best practice for multitasking · Master-Worker' },
  notes: {
    zh: '设计Master-Worker模式,Master负责分配任务,Worker负责执行任务\n\n• 主进程就是Master,其他进程就是Worker\n• 优点:稳定性高:\n一个子进程崩溃了,不会影响主进程和其他子进程,当然主进程挂掉了,所有进程就全挂了,但是Master进程只负责分配任务,挂掉的概率低\n• 缺点:\n1. 创建进程的代价大:\n在Unix/Linux系统下,用fork调用还行,在Window创建进程开销巨大。\n2. 操作系统能同时运行的进程数有限:\n在内存和CPU的限制下,如果有几千个进程同时运行,操作系统连调度都会成问题',
    en: "Design with the Master-Worker pattern: the Master hands out tasks, the Workers carry them out.\n\n• The main process is the Master, the other processes are Workers\n• Advantage: high stability:\nif one child process crashes, the main process and the other children are not affected; of course if the main process dies, all of them die, but the Master only hands out tasks, so it is unlikely to die\n• Disadvantages:\n1. Creating processes is expensive:\non Unix/Linux fork is acceptable, but creating a process on Windows is very costly.\n2. The number of processes the OS can run at once is limited:\nwith memory and CPU limits, if thousands of processes run at once, even scheduling them becomes a problem for the OS",
  },
  lookFor: {
    zh: '拿到 task 5 的那个 Worker 进程在 1 秒后崩溃：它的 Traceback（ValueError: task 5 failed）出现在 stderr，时间线上那一行变成 crashed；另外两个进程接手 6、7、8 并正常结束。Master 打印哪个进程的 exitcode 为 1、其余 8 个结果，以及丢失的任务 [5]。',
    en: 'The worker process that gets task 5 crashes after 1 s: its traceback (ValueError: task 5 failed) appears on stderr and its lane turns crashed; the other two pick up 6, 7 and 8 and end normally. The master reports which process exited with exitcode 1, the other 8 results, and the lost task [5].',
  },
  differences: {
    zh: '新增的例子：原文只有这段文字说明，没有代码。',
    en: 'An added example: the tutorial has only this prose, no code.',
  },
  speed: 1,
  sched: 'gil',
  loopsForever: false,
};
