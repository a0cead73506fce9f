import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'wait-tasks',
  number: 23,
  section: 'task',
  title: { zh: '使用asyncio.wait(tasks)', en: 'Using asyncio.wait(tasks)' },
  notes: {
    zh: '原文此处只有代码，没有说明文字。',
    en: 'The tutorial shows only the code here, without notes.',
  },
  lookFor: {
    zh: '三个 Task 同时开始，分别在 1、2、4 秒完成；main 的 Task 在 wait 上阻塞到最后一个完成，然后打印三行 Task ret。',
    en: "Three tasks start together and finish at 1, 2 and 4 s; main's task is blocked in wait until the last one is done, then prints three Task ret lines.",
  },
  differences: {
    zh: '原文的 await 写在模块顶层，这里放进 async def main() 并补全 do_some_work。dones 是一个 set：Python 里遍历顺序不确定，这里的 Set 按加入顺序。',
    en: "The fragment's await is at module level; it is put in async def main() and do_some_work is completed. dones is a set: in Python its iteration order is arbitrary, here the Set keeps insertion order.",
  },
  speed: 1,
  sched: 'seeded',
  loopsForever: false,
};
