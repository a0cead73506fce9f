import * as asyncio from 'asyncio';


async function consumer(n: number, q: asyncio.Queue<number | null>) {
  print(`consumer ${n}: waiting for item`);
  while (true) {
    print(`consumer ${n}: waiting for item`);
    const item = await q.get();
    // '{}'.format(None) gives 'None'; a template literal would give 'null', so the item goes to
    // print, which formats it the Python way.
    print(`consumer ${n}: has item`, item);
    // 在这个程序中 None 是个特殊的值,表示终止信号
    if (item === null) {
      q.task_done();
      break;
    } else {
      await asyncio.sleep(0.01 * item);
      q.task_done();
    }
  }

  print(`consumer ${n}: ending`);
}


async function producer(q: asyncio.Queue<number | null>, num_workers: number) {
  print('producer: starting');
  // 向队列中添加一些数据
  for (const i of range(num_workers * 3)) {
    // 因为Queue长度为2,所以,当第三次的时候,就会await了(前两次不会)
    await q.put(i);
    print(`producer: added task ${i} to the queue`);
  }

  // 通过 None 这个特殊值来通知消费者退出
  print('producer: adding stop signals to the queue');
  for (const i of range(num_workers)) {
    await q.put(null);
  }
  print('producer: waiting for queue to empty');
  await q.join();
  print('producer: ending');
}


async function main(loop: asyncio.AbstractEventLoop, num_consumers: number) {
  // 创建指定大小的队列,这样的话生产者将会阻塞
  // 直到有消费者获取数据
  const q = new asyncio.Queue<number | null>(num_consumers); // maxsize=num_consumers

  // 调度消费者
  const consumers = Array.from(
    range(num_consumers),
    (i) => loop.create_task(consumer(i, q)),
  );

  // 调度生产者
  const prod = loop.create_task(producer(q, num_consumers));

  // 等待所有 coroutines 都完成
  await asyncio.wait([...consumers, prod]);
}


const event_loop = asyncio.get_event_loop();
try {
  event_loop.run_until_complete(main(event_loop, 2));
} finally {
  event_loop.close();
}


// consumer 0: waiting for item
// consumer 0: waiting for item
// consumer 1: waiting for item
// consumer 1: waiting for item
// producer: starting
// producer: added task 0 to the queue
// producer: added task 1 to the queue
// consumer 0: has item 0
// consumer 1: has item 1
// producer: added task 2 to the queue
// producer: added task 3 to the queue
// consumer 0: waiting for item
// consumer 0: has item 2
// producer: added task 4 to the queue
// consumer 1: waiting for item
// consumer 1: has item 3
// producer: added task 5 to the queue
// producer: adding stop signals to the queue
// consumer 0: waiting for item
// consumer 0: has item 4
// consumer 1: waiting for item
// consumer 1: has item 5
// producer: waiting for queue to empty
// consumer 0: waiting for item
// consumer 0: has item None
// consumer 0: ending
// consumer 1: waiting for item
// consumer 1: has item None
// consumer 1: ending
// producer: ending
