import * as time from 'time';
import { Pool } from 'multiprocessing';

function func(num: number) {
  for (const n of range(num)) {
    print(n);
    time.sleep(1);
  }
}

if (__name__ === '__main__') {
  const p = new Pool(10);
  for (const n of range(10)) {
    p.apply_async(func, [n]);
  }

  p.close();
  p.join();
}
