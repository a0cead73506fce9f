# 补全 (completed): the tutorial shows only `async def do_some_work(x):pass` and the create_task line;
# do_some_work, the loop and the prints are completed the way the tutorial's other examples do.
import asyncio

async def do_some_work(x):
    print('Waiting: ', x)
    await asyncio.sleep(x)
    return 'Done after {}s'.format(x)

loop = asyncio.get_event_loop()
task = loop.create_task(do_some_work(2))
loop.run_until_complete(task)
print('Task ret: ', task.result())
