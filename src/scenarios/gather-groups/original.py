# 补全 (completed): the tutorial shows only this fragment; the import, func and the final print are added.
import asyncio

async def func(name, i):
    print('Waiting: ', name, i)
    await asyncio.sleep(i)
    return '{}{} done after {}s'.format(name, i, i)

group1 = asyncio.gather(*[func("A" ,i) for i in range(1, 3)])
group2 = asyncio.gather(*[func("B", i) for i in range(1, 5)])
group3 = asyncio.gather(*[func("B", i) for i in range(1, 7)])

loop = asyncio.get_event_loop()
results = loop.run_until_complete(asyncio.gather(group1, group2, group3))
print('Task ret: ', results)
