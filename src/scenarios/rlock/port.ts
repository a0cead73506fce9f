import * as time from 'time';
import { Thread, RLock } from 'threading';


function fun() {
  // `global num` → g.num (a shared() record: threads see copies of plain values).
  for (const _ of range(10000)) {
    using _ = lock.hold(); // with lock:
    g.num += 1;
    {
      using _ = lock.hold(); // with lock: (again, by the same thread: an RLock allows it)
      print(g.num);
    }
  }
}


// Declared before the main guard: thread targets see top-level names only.
const lock = new RLock();
const g = shared({ num: 0 });

if (__name__ === '__main__') {
  new Thread({ target: fun }).start();
}
