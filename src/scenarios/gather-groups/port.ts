import * as asyncio from 'asyncio';

async function func(name: string, i: number) {
  print('Waiting: ', name, i);
  await asyncio.sleep(i);
  return `${name}${i} done after ${i}s`;
}

// `*[func("A", i) for i in range(1, 3)]` → spread a list built from the range.
const group1 = asyncio.gather(...Array.from(range(1, 3), (i) => func('A', i)));
const group2 = asyncio.gather(...Array.from(range(1, 5), (i) => func('B', i)));
const group3 = asyncio.gather(...Array.from(range(1, 7), (i) => func('B', i)));

const loop = asyncio.get_event_loop();
const results = loop.run_until_complete(asyncio.gather(group1, group2, group3));
print('Task ret: ', results);
