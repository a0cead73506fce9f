// 新增 (added): two threads take two locks in opposite order, with a short sleep in between,
// so each ends up holding the lock the other one waits for: a deadlock, every time.
import * as time from 'time';
import { Thread, Lock } from 'threading';

const lock_a = new Lock();
const lock_b = new Lock();


function task1() {
  using _a = lock_a.hold(); // with lock_a:
  print('task1: got A, waiting for B');
  time.sleep(0.5);
  {
    using _b = lock_b.hold(); // with lock_b:
    print('task1: got A and B'); // never printed
  }
}


function task2() {
  using _b = lock_b.hold(); // with lock_b:
  print('task2: got B, waiting for A');
  time.sleep(0.5);
  {
    using _a = lock_a.hold(); // with lock_a:
    print('task2: got B and A'); // never printed
  }
}


if (__name__ === '__main__') {
  const t1 = new Thread({ target: task1 });
  const t2 = new Thread({ target: task2 });
  t1.start();
  t2.start();
  t1.join();
  t2.join();
  print('done'); // never printed
}
