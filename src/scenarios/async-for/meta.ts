import type { Scenario } from '../types';

export const meta: Omit<Scenario, 'source' | 'python'> = {
  id: 'async-for',
  number: 30,
  section: 'async-with-for',
  title: { zh: 'async for', en: 'async for' },
  notes: {
    zh: '• 异步迭代器就是能够在next方法中调用异步代码\n• 一个异步可迭代对象(asynchronous iterable)能够在迭代过程中调用异步代码\n\n为了支持异步迭代:\n\n1. 一个对象必须实现__aiter__方法,该方法返回一个异步迭代器(asynchronous iterator)对象。\n2. 一个异步迭代器对象必须实现__anext__方法,该方法返回一个awaitable 类型的值。\n3. 为了停止迭代,__anext__必须抛出一个 StopAsyncIteration 异常。',
    en: '• An asynchronous iterator can call asynchronous code in its next method.\n• An asynchronous iterable can call asynchronous code while being iterated.\n\nTo support asynchronous iteration:\n\n1. An object must implement __aiter__, which returns an asynchronous iterator object.\n2. An asynchronous iterator object must implement __anext__, which returns an awaitable.\n3. To stop the iteration, __anext__ must raise StopAsyncIteration.',
  },
  lookFor: {
    zh: '每次取下一个值时，Task 在 __anext__（这里是 next()）的 sleep 上等待 1 秒：tick 0..4 每秒一行，最后 done。',
    en: 'Each time the next value is fetched the task waits 1 s in the sleep inside __anext__ (next() here): tick 0..4, one a second, then done.',
  },
  differences: {
    zh: '原文只给出了 async for 的等价展开；这里补了一个可运行的例子。JavaScript 的异步迭代协议：[Symbol.asyncIterator]() 对应 __aiter__，next() 对应 __anext__，返回 {done: true} 代替抛出 StopAsyncIteration；循环的 else 子句在 TypeScript 中没有，这里循环里没有 break，所以写在循环之后。',
    en: "The tutorial only shows what async for expands to; a runnable example is added. JavaScript's async iteration protocol: [Symbol.asyncIterator]() is __aiter__, next() is __anext__, and returning {done: true} replaces raising StopAsyncIteration; TypeScript loops have no else clause, and as this loop has no break, it simply follows the loop.",
  },
  speed: 1,
  sched: 'seeded',
  loopsForever: false,
};
