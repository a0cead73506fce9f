# 补全 (completed): the tutorial shows only `async def do_some_work(x):pass` and the ensure_future line;
# `coroutine`, the loop and the prints are completed the way the tutorial's other examples do.
import asyncio

async def do_some_work(x):
    print('Waiting: ', x)
    await asyncio.sleep(x)
    return 'Done after {}s'.format(x)

coroutine = do_some_work(2)
loop = asyncio.get_event_loop()
task = asyncio.ensure_future(coroutine)
loop.run_until_complete(task)
print('Task ret: ', task.result())
