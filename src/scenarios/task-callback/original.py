# 补全 (completed): the tutorial shows `async def coroutine(x):pass`, `def callback(future):pass`
# and the two task lines; the coroutine, the callback's print and the loop are completed.
import asyncio

async def do_some_work(x):
    print('Waiting: ', x)
    await asyncio.sleep(x)
    return 'Done after {}s'.format(x)

def callback(future):
    print('Callback: ', future.result())

coroutine = do_some_work(2)
loop = asyncio.get_event_loop()
task = asyncio.ensure_future(coroutine)
task.add_done_callback(callback)
loop.run_until_complete(task)
