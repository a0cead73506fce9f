import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'thread-pool-executor',
  number: 3,
  section: 'processes-threads',
  title: { zh: '使用ThreadPoolExecutor', en: 'Using ThreadPoolExecutor' },
  notes: {
    zh: '原文此处只有代码，没有说明文字。',
    en: 'The tutorial shows only the code here, without notes.',
  },
  lookFor: {
    zh: '只有三条池线程：--- 0..9 每秒三个一批地出现（0–2、3–5、6–8、9），约 4 秒后 with 块结束，程序退出。',
    en: 'Only three pool threads: --- 0..9 appear three at a time, one batch per second (0–2, 3–5, 6–8, 9); after about 4 s the with block ends and so does the run.',
  },
  speed: 1,
  sched: 'gil',
  loopsForever: false,
};
