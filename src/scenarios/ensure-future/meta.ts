import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'ensure-future',
  number: 20,
  section: 'task',
  title: { zh: '使用ensure_future', en: 'Using ensure_future' },
  notes: {
    zh: '原文此处只有代码，没有说明文字。',
    en: 'The tutorial shows only the code here, without notes.',
  },
  lookFor: {
    zh: '创建 coroutine 时什么都不打印（协程是惰性的）；ensure_future 把它包成 Task，事件循环运行后才出现 Waiting:  2，2 秒后 Task ret:  Done after 2s。',
    en: 'Creating coroutine prints nothing (coroutines are lazy); ensure_future wraps it in a Task, and only when the loop runs does Waiting:  2 appear, then Task ret:  Done after 2s after 2 s.',
  },
  differences: {
    zh: '原文只有 ensure_future 这一行（变量 coroutine 未定义）；这里补全为 coroutine = do_some_work(2)，并加上事件循环和打印。',
    en: 'The tutorial shows only the ensure_future line (coroutine is never defined); it is completed with coroutine = do_some_work(2), the loop and the prints.',
  },
  speed: 1,
  sched: 'seeded',
  loopsForever: false,
};
