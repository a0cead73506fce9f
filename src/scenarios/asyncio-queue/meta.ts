import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'asyncio-queue',
  number: 38,
  section: 'coroutine-communication',
  title: { zh: 'asyncio.Queue', en: 'asyncio.Queue' },
  notes: {
    zh: 'queue.Queue的queue.task_done()的功能 :\ntask_done一次 就从队列里删掉一个元素,这样在最后queue.join()的时候根据队列长度是否为零来判断队列是否结束',
    en: "What queue.Queue's task_done() does:\neach task_done() removes one element from the queue's count, so that at the end queue.join() can tell whether the queue is finished by whether that count is zero.",
  },
  lookFor: {
    zh: '队列行的长度不超过 2（maxsize=2）：生产者在第三次 put 时阻塞，直到消费者取走一个；最后 q.join() 等到每个元素都 task_done。输出与原文逐行一致。',
    en: "The queue row never holds more than 2 items (maxsize=2): the producer blocks on its third put until a consumer takes one; at the end q.join() waits until every item is task_done. The output equals the original's line for line.",
  },
  differences: {
    zh: '\'{}\'.format(None) 得到 None，而模板字符串会得到 null，所以 has item 那一行把值直接交给 print。消费者只睡 10–50 毫秒，输出顺序取决于这些定时器谁先到期；默认以 0.25 倍速运行，让每一步的开销在程序时间里小到不影响顺序。',
    en: "'{}'.format(None) gives None while a template literal gives null, so the has item line passes the item to print instead. The consumers sleep only 10–50 ms and the output order depends on which of those timers fires first, so the scenario runs at 0.25× by default: each step's own cost is then too small in program time to change the order.",
  },
  speed: 0.25,
  sched: 'seeded',
  loopsForever: false,
};
