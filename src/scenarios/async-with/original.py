# 补全 (completed): the tutorial shows only how `async with` expands (below, as a comment);
# this runnable example is added: a class with __aenter__/__aexit__ that suspend.
import asyncio

# async with EXPR as VAR:
#     BLOCK
#
# ## 上面代码等同于下面:
# mgr = (EXPR)
# aenter = type(mgr).__aenter__(mgr)
# aexit = type(mgr).__aexit__
# exc = True
#
# VAR = await aenter
# try:
#     BLOCK
# except:
#     if not await aexit(mgr, *sys.exc_info()):
#         raise
# else:
#     await aexit(mgr, None, None, None)


class AsyncContextManager:
    def __init__(self, name):
        self.name = name

    async def __aenter__(self):
        print('{} enter: await aenter'.format(self.name))
        await asyncio.sleep(1)          # 进来的时候需要await aenter(延时操作)
        return self

    async def __aexit__(self, exc_type, exc, tb):
        print('{} exit: await aexit'.format(self.name))
        await asyncio.sleep(1)          # 出去的时候需要await aexit(延时操作)


async def use(name):
    async with AsyncContextManager(name) as mgr:
        print('{} BLOCK'.format(mgr.name))
    print('{} done'.format(name))


async def main():
    await asyncio.gather(use('A'), use('B'))


asyncio.run(main())
