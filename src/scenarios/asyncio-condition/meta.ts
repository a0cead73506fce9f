import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'asyncio-condition',
  number: 37,
  section: 'coroutine-communication',
  title: { zh: 'asyncio.condition', en: 'asyncio.Condition' },
  notes: {
    zh: 'Condition 的效果类似 Event,不同的是它不是唤醒所有等待中的 coroutine, 而是通过 notify() 唤醒指定数量的待唤醒 coroutine。',
    en: 'Condition works like Event, except that instead of waking every waiting coroutine, notify() wakes a given number of them.',
  },
  lookFor: {
    zh: '五个消费者都在 condition.wait() 上等待；notify(1) 只唤醒一个，notify(2) 唤醒两个，notify_all() 唤醒剩下的两个——按等待的先后顺序。',
    en: 'All five consumers wait in condition.wait(); notify(1) wakes exactly one, notify(2) two, notify_all() the remaining two, in the order they started waiting.',
  },
  differences: {
    zh: '原文把裸协程传给 asyncio.wait（Python 3.11+ 报 TypeError）；旧版 Python 把它们放进 set，所以原文输出里消费者的顺序是 3、0、2、4、1。移植版先用 asyncio.ensure_future 按列表顺序包成 Task，消费者按 0..4 的顺序等待和被唤醒。notify(n=i) 写作 notify(i)。',
    en: 'The original passes bare coroutines to asyncio.wait (a TypeError in Python 3.11+); old Pythons put them in a set, hence the consumer order 3, 0, 2, 4, 1 in the original\'s output. The port wraps them with asyncio.ensure_future in list order, so consumers wait and wake in order 0..4. notify(n=i) is written notify(i).',
  },
  speed: 1,
  sched: 'seeded',
  loopsForever: false,
};
