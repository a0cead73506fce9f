import * as time from 'time';
import { Process, Queue } from 'multiprocessing';

function read(q: Queue) {
  while (true) {
    const res = q.get();
    print(res);
    time.sleep(1);
  }
}

function write(q: Queue) {
  let num = 0;
  while (true) {
    num += 1;
    q.put(num);
    time.sleep(1);
  }
}

if (__name__ === '__main__') {
  const q = new Queue();
  const r = new Process({ target: read, args: [q] });
  const w = new Process({ target: write, args: [q] });

  w.start();
  r.start();

  time.sleep(5);
  // 强制结束
  r.terminate();
  w.terminate();
  print('强制结束');
}
