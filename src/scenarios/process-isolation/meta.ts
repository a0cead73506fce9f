import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'process-isolation',
  number: 42,
  section: 'processes-threads',
  title: { zh: '进程间内存隔离', en: 'Processes do not share memory' },
  notes: {
    zh: '本例为新增（原文没有）：子进程得到父进程内存的一份拷贝，所以它对模块级变量的修改父进程看不到；multiprocessing.Value 放在共享内存里，父子进程看到的是同一个值。',
    en: "An added example (not in the tutorial): a child process gets a copy of its parent's memory, so its writes to a module-level variable are invisible to the parent; multiprocessing.Value lives in shared memory, and parent and child see the same value.",
  },
  lookFor: {
    zh: '子进程打印 child: count = 1000，父进程却打印 parent: count = 0；换成 Value 后两边都是 1000。',
    en: 'The child prints child: count = 1000 yet the parent prints parent: count = 0; with Value both sides see 1000.',
  },
  differences: {
    zh: '模块级的 count 在移植版里是 shared({count: 0})：线程之间共享它，但进程按 fork 语义得到拷贝，与 CPython 一样。',
    en: 'The module-level count is shared({count: 0}) in the port: threads share it, but a process gets a copy (fork semantics), as in CPython.',
  },
  speed: 1,
  sched: 'gil',
  loopsForever: false,
};
