import * as time from 'time';
import * as threading from 'threading';
import { ThreadPoolExecutor } from 'concurrent.futures';

function func(num: number) {
  print('---', num);
  time.sleep(1);
}

if (__name__ === '__main__') {
  // `with ThreadPoolExecutor(3) as e:` → a `using` declaration: the block's end calls
  // e.shutdown(true), which waits for every submitted call, as the with block does.
  using e = new ThreadPoolExecutor(3);
  e.map(func, range(10));
}
