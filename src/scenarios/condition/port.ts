import * as time from 'time';
import { Thread, Condition } from 'threading';


function fun1() {
  while (true) {
    using _ = cond.hold(); // with cond:
    cond.wait();
    print('--------');
    time.sleep(1);
    cond.notify();
  }
}


function fun2() {
  while (true) {
    using _ = cond.hold(); // with cond:
    cond.notify();
    print('*******');
    time.sleep(1);
    cond.wait();
  }
}



// Declared before the main guard: thread targets see top-level names only.
const cond = new Condition();

if (__name__ === '__main__') {
  const t1 = new Thread({ target: fun1 });
  const t2 = new Thread({ target: fun2 });

  t1.start();
  t2.start();
}
