import * as time from 'time';
import { Thread, Barrier } from 'threading';


function fun(num: number) {
  bar.wait();
  print('--------', num);
  time.sleep(2);
}


// Declared before the main guard: thread targets see top-level names only.
const bar = new Barrier(3);

if (__name__ === '__main__') {
  const num = 0;

  for (const i of range(9)) {
    time.sleep(1);
    new Thread({ target: fun, args: [i] }).start();
  }


  time.sleep(15);
  print('*******', num);
}
