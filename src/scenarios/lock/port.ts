import * as time from 'time';
import { Thread, Lock } from 'threading';


function run1() {
  // `global num` → g.num: threads share only what lives in a shared() record.
  for (const _ of range(1000000)) {
    // `with lock:` → a `using` declaration: hold() acquires, the end of the block releases.
    using _ = lock.hold();
    g.num += 1;
  }
}


// `num = 0` and `lock = Lock()` move out of the main guard: thread targets see top-level names only.
const g = shared({ num: 0 });
const lock = new Lock();

if (__name__ === '__main__') {
  const t1 = new Thread({ target: run1 });
  const t2 = new Thread({ target: run1 });

  t1.start();
  t2.start();
  t1.join();
  t2.join();
  print(g.num);
}
