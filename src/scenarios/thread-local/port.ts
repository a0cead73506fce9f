// The seed rebinds the name `local` to an instance (`local = local()`); an import binding
// cannot be reassigned, so the class is imported as Local.
import { Thread, local as Local } from 'threading';


function fun(num: number) {
  local.num = num;
  for (const _ of range(1000000)) {
    local.num += 1;
  }
  print('-----', local.num);
}


// Declared before the main guard: thread targets see top-level names only.
const local = new Local();

if (__name__ === '__main__') {
  const num = 0;

  const t1 = new Thread({ target: fun, args: [num] });
  const t2 = new Thread({ target: fun, args: [num] });

  t1.start();
  t2.start();

  t1.join();
  t2.join();
  print('-----', num);
}
