import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'process',
  number: 4,
  section: 'processes-threads',
  title: { zh: '使用多进程 · 使用Process类', en: 'Using processes · The Process class' },
  notes: {
    zh: '原文此处只有代码，没有说明文字。',
    en: 'The tutorial shows only the code here, without notes.',
  },
  lookFor: {
    zh: '十个进程 Process-1…Process-10 同时启动；Process-N 打印 0..N-2 后结束，一共 45 行，最后一个进程在约 9 秒后结束。',
    en: 'Ten lanes Process-1…Process-10 start together; Process-N prints 0..N-2 and ends: 45 lines in all, the last process ends after about 9 s.',
  },
  differences: {
    zh: '本例没有 if __name__ == \'__main__\':。在 Windows/macOS 的 spawn 方式下 CPython 会在子进程里重新执行模块并报错；这里（和 Linux 的 fork 一样）顶层代码只在主线程运行一次。',
    en: "This example has no if __name__ == '__main__': guard. With the spawn start method (Windows, macOS) CPython re-runs the module in each child and fails; here, as with Linux's fork, the top level runs once, in MainThread.",
  },
  speed: 1,
  sched: 'gil',
  loopsForever: false,
};
