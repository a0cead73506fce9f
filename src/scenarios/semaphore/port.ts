import * as time from 'time';
import { Thread, Semaphore } from 'threading';


function fun(num: number) {
  while (true) {
    num += 1;
    // `with sem:` → hold() takes a permit; the end of the loop body gives it back.
    using _ = sem.hold();
    print('--------', num);
    time.sleep(2);
  }
}


// Declared before the main guard: thread targets see top-level names only.
const sem = new Semaphore(3);

if (__name__ === '__main__') {
  const num = 0;

  for (const i of range(9)) {
    new Thread({ target: fun, args: [i] }).start();
  }

  time.sleep(15);
  print('*******', num);
}
