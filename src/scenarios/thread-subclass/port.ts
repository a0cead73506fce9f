import * as time from 'time';
import { Thread } from 'threading';

class thread1 extends Thread {
  run() {
    while (true) {
      print('------------');
      time.sleep(1);
    }
  }
}

for (const each of range(5)) {
  new thread1().start();
}
