import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'task-result',
  number: 22,
  section: 'task',
  title: { zh: 'task获取结果 · 使用task.result()', en: "Getting a task's result · task.result()" },
  notes: {
    zh: '原文此处只有代码，没有说明文字。',
    en: 'The tutorial shows only the code here, without notes.',
  },
  lookFor: {
    zh: 'run_until_complete 返回后 task 已完成，task.result() 立即返回 Done after 2s；在它完成之前调用会抛出 InvalidStateError（试着把最后一行移到 run_until_complete 之前）。',
    en: 'After run_until_complete returns the task is done and task.result() gives Done after 2s at once; called before it is done, it raises InvalidStateError (try moving the last line above run_until_complete).',
  },
  differences: {
    zh: '原文定义的是 async def coroutine(x) 并把函数本身传给 ensure_future；这里按教程本意补全为 coroutine = do_some_work(2)。',
    en: 'The fragment defines async def coroutine(x) and passes the function itself to ensure_future; it is completed as the tutorial means, coroutine = do_some_work(2).',
  },
  speed: 1,
  sched: 'seeded',
  loopsForever: false,
};
