import * as time from 'time';
import { Thread, Lock } from 'threading';

const N = 5;
// The forks: one Lock between each pair of neighbours (top level, so every thread sees them).
const forks = [...range(N)].map(() => new Lock());


function philosopher(i: number) {
  const left = forks[i]!;
  const right = forks[(i + 1) % N]!;
  for (const meal of range(3)) {
    {
      using _l = left.hold(); // with left:
      print(`philosopher ${i} has the left fork`);
      time.sleep(0.1);
      using _r = right.hold(); // with right:
      print(`philosopher ${i} eats meal ${meal}`);
    }
    time.sleep(0.1);
  }
}


if (__name__ === '__main__') {
  const threads = [...range(N)].map((i) => new Thread({ target: philosopher, args: [i] }));
  for (const t of threads) t.start();
  for (const t of threads) t.join();
  print('all fed');
}
