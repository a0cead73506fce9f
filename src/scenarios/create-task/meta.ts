import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'create-task',
  number: 19,
  section: 'task',
  title: { zh: 'task · 创建task的两种方法 · 使用create_task', en: 'Tasks · Two ways to create a task · create_task' },
  notes: {
    zh: '原文此处只有代码，没有说明文字。',
    en: 'The tutorial shows only the code here, without notes.',
  },
  lookFor: {
    zh: 'Task-1 子行先 running（打印 Waiting:  2），然后等待 2 秒（sleep 的 future），再完成；之后打印 Task ret:  Done after 2s。',
    en: 'The Task-1 sub-lane runs (Waiting:  2), waits 2 s on the sleep future, then finishes; Task ret:  Done after 2s follows.',
  },
  differences: {
    zh: '原文只有 create_task 这一行；do_some_work、事件循环和打印按教程其它例子补全。',
    en: 'The tutorial shows only the create_task line; do_some_work, the loop and the prints are completed the way its other examples do.',
  },
  speed: 1,
  sched: 'seeded',
  loopsForever: false,
};
