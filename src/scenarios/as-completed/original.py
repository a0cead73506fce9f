# 补全 (completed): the import, do_some_work and the print of each result are added;
# the rest is the tutorial's code.
import asyncio

async def do_some_work(x):
    print('Waiting: ', x)
    await asyncio.sleep(x)
    return 'Done after {}s'.format(x)

async def main():
    coroutine1 = do_some_work(1)
    coroutine2 = do_some_work(2)
    coroutine3 = do_some_work(4)

    tasks = [
        asyncio.ensure_future(coroutine1),
        asyncio.ensure_future(coroutine2),
        asyncio.ensure_future(coroutine3)
    ]
    for task in asyncio.as_completed(tasks):
        result = await task # 注意这里有一个await
        print('Task ret: ', result)


loop = asyncio.get_event_loop()
done = loop.run_until_complete(main())
