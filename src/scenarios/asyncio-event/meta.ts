import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'asyncio-event',
  number: 36,
  section: 'coroutine-communication',
  title: { zh: 'asyncio.Event', en: 'asyncio.Event' },
  notes: {
    zh: 'asyncio.Event 类似 threading.Event 用来允许多个消费者等待某个事情发生,不用通过监听一个特殊的值的来说实现类似通知的功能。',
    en: 'asyncio.Event, like threading.Event, lets several consumers wait for something to happen, giving notification without watching for a special value.',
  },
  lookFor: {
    zh: '两个协程都在 event.wait() 上等待；0.1 秒后 call_later 的回调 set 一次，两者同时被唤醒（一次 set 唤醒全部等待者）。输出与原文一致。',
    en: "Both coroutines wait in event.wait(); after 0.1 s the call_later callback sets it once and both wake (one set wakes every waiter). The output equals the original's.",
  },
  differences: {
    zh: '原文把裸协程传给 asyncio.wait（Python 3.11+ 报 TypeError），这里先用 asyncio.ensure_future 包成 Task。functools.partial(set_event, event) 改为 call_later 自带的参数：call_later(0.1, set_event, event)。\'{}\'.format(False) 得到 False，而模板字符串会得到 false，所以把值直接交给 print。',
    en: "The original passes bare coroutines to asyncio.wait (a TypeError in Python 3.11+); the port wraps them with asyncio.ensure_future. functools.partial(set_event, event) becomes call_later's own extra argument: call_later(0.1, set_event, event). '{}'.format(False) gives False while a template literal gives false, so the value is passed to print instead.",
  },
  speed: 1,
  sched: 'seeded',
  loopsForever: false,
};
