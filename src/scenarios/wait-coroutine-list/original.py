# 补全 (completed): the tutorial shows only this fragment; the import and the two prints are added.
import asyncio

async def coro1():
    print('coro1')

async def coro2():
    print('coro2')

loop = asyncio.get_event_loop()
loop.run_until_complete(asyncio.wait([
    coro1(),
    coro2(),
]))
