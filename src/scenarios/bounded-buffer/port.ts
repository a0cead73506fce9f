import * as time from 'time';
import { Thread, Lock, Semaphore } from 'threading';
import { RawArray } from 'multiprocessing';

const N = 3;
// `buffer = [0] * N`: a list the threads write together lives in shared memory (a RawArray is
// one without a lock of its own); head, tail and total, module globals, in a shared() record.
const buffer = RawArray('i', N);
const g = shared({ head: 0, tail: 0, total: 0 }); // head: the slot the next item is taken from; tail: the slot the next is put into
const lock = new Lock();
const empty = new Semaphore(N); // free slots
const full = new Semaphore(0); // items in the buffer


function producer(p: number) {
  // global tail
  time.sleep(0.05 * (p - 1));
  for (const k of range(3)) {
    const item = 10 * p + k;
    empty.acquire();
    {
      using _l = lock.hold(); // with lock:
      buffer[g.tail] = item;
      g.tail = (g.tail + 1) % N;
      print(`producer ${p} puts ${item}`);
    }
    full.release();
    time.sleep(0.1);
  }
}


function consumer(c: number) {
  // global head, total
  for (const _ of range(3)) {
    full.acquire();
    {
      using _l = lock.hold(); // with lock:
      const item = buffer[g.head]!;
      g.head = (g.head + 1) % N;
      g.total += item;
      print(`consumer ${c} takes ${item}`);
    }
    empty.release();
    time.sleep(0.3);
  }
}


if (__name__ === '__main__') {
  const threads = [1, 2].map((p) => new Thread({ target: producer, args: [p] }));
  threads.push(...[1, 2].map((c) => new Thread({ target: consumer, args: [c] })));
  for (const t of threads) t.start();
  for (const t of threads) t.join();
  print('total taken:', g.total);
}
