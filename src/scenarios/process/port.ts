import * as time from 'time';
import { Process } from 'multiprocessing';

function func(num: number) {
  for (const n of range(num)) {
    print(n);
    time.sleep(1);
  }
}

for (const each of range(10)) {
  new Process({ target: func, args: [each] }).start();
}
