import * as time from 'time';
import { Thread } from 'threading';

function func() {
  // `global num`: threads get copies of plain values, so the counter they share lives in
  // g, a shared() record; `g.num += 1` is still a read, an add and a write.
  for (const _ of range(1000000)) {
    g.num += 1;
  }
}


// `num = 0` moves out of the main guard: thread targets can only see top-level names.
const g = shared({ num: 0 });

if (__name__ === '__main__') {
  const t1 = new Thread({ target: func });
  const t2 = new Thread({ target: func });

  t1.start();
  t2.start();

  t1.join();
  t2.join();
  print(g.num);
}
