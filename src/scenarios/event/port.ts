import * as time from 'time';
import { Thread, Event } from 'threading';


function fun() {
  while (true) {
    event.wait();
    print('--------');
    event.clear();
  }
}


// Declared before the main guard: thread targets see top-level names only.
const event = new Event();

if (__name__ === '__main__') {
  const t = new Thread({ target: fun });
  t.start();

  for (const _ of range(5)) {
    time.sleep(1);
    event.set();
  }

  print('********');
}
