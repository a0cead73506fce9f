import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'asyncio-lock',
  number: 35,
  section: 'coroutine-communication',
  title: { zh: '协程的通讯方法 · asyncio.lock', en: 'Communication between coroutines · asyncio.Lock' },
  notes: {
    zh: '协程锁存在的意义 :\n\n• 协程锁锁住了一些代码A,在执行代码A的时候,有可能就切换协程了,此时的协程锁就会锁住\n• 这样就保证了协程锁里面的代码一定会等待被执行完毕.\n\n协程锁的固定用法是使用 async with 创建协程锁的上下文环境,将代码块写入其中。',
    en: "Why coroutine locks exist:\n\n• A coroutine lock guards some code A; while A runs, the coroutine may be switched out, and then the lock stays locked\n• so the code inside the lock is guaranteed to run to completion before anyone else enters it.\n\nThe standard way to use a coroutine lock is async with: it creates the lock's context, and the code block goes inside it.",
  },
  lookFor: {
    zh: '输出与原文完全一致：one 在锁内 sleep(0) 让出时，two 打印 /////////// 后在锁上等待（Task-2 子行 blocked on Lock）；one 离开 async with 释放锁后，two 才打印 two start 并因为 x 已在列表中直接返回。',
    en: "The output equals the original's line for line: when one yields with sleep(0) inside the lock, two prints /////////// and then waits on the lock (its task sub-lane blocked on Lock); only after one leaves async with and releases it does two print two start, and it returns at once since 'x' is already in the list.",
  },
  differences: {
    zh: '原文把裸协程传给 asyncio.wait（Python 3.11+ 报 TypeError）；移植版先用 asyncio.ensure_future 按列表顺序包成 Task，输出与原文相同。r\'...\' 原始字符串写作 String.raw`...`，打印出同样的 12 个反斜杠。',
    en: "The original passes bare coroutines to asyncio.wait (a TypeError in Python 3.11+); the port wraps them in Tasks with asyncio.ensure_future first, in list order, and prints the same output. The r'...' raw string is written String.raw`...` and prints the same 12 backslashes.",
  },
  speed: 1,
  sched: 'seeded',
  loopsForever: false,
};
