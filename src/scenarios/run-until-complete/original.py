# 补全 (completed): the tutorial shows only this fragment; the import and the two prints are added.
import asyncio

async def read():
    print('read')

async def write():
    print('write')

loop = asyncio.get_event_loop()
loop.run_until_complete(write())
