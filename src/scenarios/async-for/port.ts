import * as asyncio from 'asyncio';

// async for TARGET in ITER: BLOCK  →  for await (const TARGET of ITER) { BLOCK }
// JavaScript's protocol: [Symbol.asyncIterator]() is __aiter__, next() is __anext__, and
// returning {done: true} stands for raising StopAsyncIteration.


class Ticker {
  delay: number;
  i: number;
  to: number;
  constructor(delay: number, to: number) {
    this.delay = delay;
    this.i = 0;
    this.to = to;
  }

  [Symbol.asyncIterator]() { // __aiter__: 返回一个异步迭代器
    return this;
  }

  async next(): Promise<IteratorResult<number, undefined>> { // __anext__: 返回一个 awaitable
    if (this.i >= this.to) {
      return { done: true, value: undefined }; // raise StopAsyncIteration: 停止迭代
    }
    const i = this.i;
    this.i += 1;
    await asyncio.sleep(this.delay);
    return { done: false, value: i };
  }
}


async function main() {
  for await (const i of new Ticker(1, 5)) {
    print('tick', i);
  }
  // Python's `else:` of a loop runs when the loop was not left by break; there is no break here.
  print('done');
}


asyncio.run(main());
