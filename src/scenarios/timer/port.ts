import * as time from 'time';
import { Thread, Timer } from 'threading';


function fun() {
  print('--------');
  time.sleep(2);
}


if (__name__ === '__main__') {
  const t = new Timer(5, fun);

  t.start();
  t.join();
  print('*******');
}
