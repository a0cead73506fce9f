import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'thread-target',
  number: 2,
  section: 'processes-threads',
  title: { zh: '直接使用Thread类', en: 'Using the Thread class directly' },
  notes: {
    zh: '原文此处只有代码，没有说明文字。',
    en: 'The tutorial shows only the code here, without notes.',
  },
  lookFor: {
    zh: '控制台里 Thread-1 (func) 每秒打印 1、2、3……；时间线上它的一行在 running 与 sleeping 之间交替，直到你按 Stop。',
    en: 'The console shows Thread-1 (func) printing 1, 2, 3… once a second; its lane alternates running and sleeping until you press Stop.',
  },
  speed: 1,
  sched: 'gil',
  loopsForever: true,
};
