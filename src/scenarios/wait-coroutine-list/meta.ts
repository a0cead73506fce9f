import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'wait-coroutine-list',
  number: 17,
  section: 'loop-input',
  title: { zh: '使用asyncio.wait传入协程列表', en: 'Passing a list of coroutines with asyncio.wait' },
  notes: {
    zh: '原文此处只有代码，没有说明文字。',
    en: 'The tutorial shows only the code here, without notes.',
  },
  lookFor: {
    zh: '两个 Task 子行依次运行，打印 coro1、coro2；asyncio.wait 本身是第三个 Task，等两者都完成后结束。',
    en: 'Two Task sub-lanes run one after the other and print coro1, coro2; asyncio.wait itself runs as a third Task and finishes when both are done.',
  },
  differences: {
    zh: '原文把裸协程直接传给 asyncio.wait：Python 3.8 起已弃用，3.11+ 直接抛出 TypeError（"Passing coroutines is forbidden, use tasks explicitly."）。移植版按现代 Python 的写法，先用 asyncio.ensure_future 把每个协程包成 Task。旧版 Python 把它们放进 set，执行顺序不确定；这里按列表顺序。',
    en: 'The original passes bare coroutines to asyncio.wait: deprecated since Python 3.8, rejected by 3.11+ with TypeError ("Passing coroutines is forbidden, use tasks explicitly."). The port follows modern Python and wraps each coroutine in a Task with asyncio.ensure_future first. Old Pythons put them in a set, so their order was arbitrary; here it is the list order.',
  },
  speed: 1,
  sched: 'seeded',
  loopsForever: false,
};
