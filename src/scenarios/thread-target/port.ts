import * as time from 'time';
import { Thread } from 'threading';

function func(num: number) {
  while (true) {
    print(num);
    num += 1;
    time.sleep(1);
  }
}

// Python's keyword arguments become one options object: args=(1,) → args: [1].
const t = new Thread({ target: func, args: [1] });
t.start();
