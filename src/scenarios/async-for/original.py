# 补全 (completed): the tutorial shows only how `async for` expands (below, as a comment);
# this runnable example is added: an asynchronous iterator whose __anext__ suspends.
import asyncio

# async for TARGET in ITER:
#     BLOCK
# else:
#     BLOCK2
#
# ## 上面代码等同于下面:
# iter = (ITER)
# iter = type(iter).__aiter__(iter)
# running = True
# while running:
#     try:
#         TARGET = await type(iter).__anext__(iter)
#     except StopAsyncIteration:
#         running = False
#     else:
#         BLOCK
# else:
#     BLOCK2


class Ticker:
    def __init__(self, delay, to):
        self.delay = delay
        self.i = 0
        self.to = to

    def __aiter__(self):            # 返回一个异步迭代器
        return self

    async def __anext__(self):      # 返回一个 awaitable
        if self.i >= self.to:
            raise StopAsyncIteration  # 停止迭代
        i = self.i
        self.i += 1
        await asyncio.sleep(self.delay)
        return i


async def main():
    async for i in Ticker(1, 5):
        print('tick', i)
    else:
        print('done')


asyncio.run(main())
