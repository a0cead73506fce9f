import * as asyncio from 'asyncio';

// async with EXPR as VAR:
//     BLOCK
// → in TypeScript:
// await using VAR = await EXPR.__aenter__();
// BLOCK
// (`await using` awaits VAR[Symbol.asyncDispose]() when the block is left, however it is left.)


class AsyncContextManager {
  name: string;
  constructor(name: string) {
    this.name = name;
  }

  async __aenter__() {
    print(`${this.name} enter: await aenter`);
    await asyncio.sleep(1); // 进来的时候需要await aenter(延时操作)
    return this;
  }

  async __aexit__() {
    print(`${this.name} exit: await aexit`);
    await asyncio.sleep(1); // 出去的时候需要await aexit(延时操作)
  }

  // What `await using` calls at the end of the block: Python's __aexit__.
  async [Symbol.asyncDispose]() {
    await this.__aexit__();
  }
}


async function use(name: string) {
  {
    // async with AsyncContextManager(name) as mgr:
    await using mgr = await new AsyncContextManager(name).__aenter__();
    print(`${mgr.name} BLOCK`);
  }
  print(`${name} done`);
}


async function main() {
  await asyncio.gather(use('A'), use('B'));
}


asyncio.run(main());
