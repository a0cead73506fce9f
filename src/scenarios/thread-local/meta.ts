import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'thread-local',
  number: 10,
  section: 'thread-limits',
  title: { zh: '使用ThreadLocal', en: 'Using ThreadLocal' },
  notes: {
    zh: '原文此处只有代码，没有说明文字。',
    en: 'The tutorial shows only the code here, without notes.',
  },
  lookFor: {
    zh: '两条线程共用同一个 local 对象，却各自看到自己的 local.num：两行都打印 ----- 1000000（没有丢失更新，也不是 2000000），主线程最后打印 ----- 0。',
    en: 'Both threads use the same local object yet each sees its own local.num: both print ----- 1000000 (no lost updates, and not 2000000), then MainThread prints ----- 0.',
  },
  speed: 1,
  sched: 'gil',
  loopsForever: false,
};
