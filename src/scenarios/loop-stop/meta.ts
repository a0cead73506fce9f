import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'loop-stop',
  number: 31,
  section: 'event-loop',
  title: { zh: '事件循环 · loop.stop暂停事件循环', en: 'The event loop · Stopping it with loop.stop' },
  notes: {
    zh: '原文此处只有代码（说明写在代码注释里）。',
    en: 'The tutorial gives only the code here (its notes are the code comments).',
  },
  lookFor: {
    zh: 'run_forever 让主线程一直运行事件循环；1 秒后 work 调用 loop.stop()，run_forever 返回，close() 关闭事件循环：只打印 start、after 1s stop。',
    en: 'run_forever keeps MainThread running the loop; after 1 s work calls loop.stop(), run_forever returns and close() closes the loop: it prints just start and after 1s stop.',
  },
  speed: 1,
  sched: 'seeded',
  loopsForever: false,
};
