// 新增 (added): a child process gets a copy of the parent's memory, so its writes to a
// module-level variable are invisible to the parent; multiprocessing.Value is shared.
import { Process, Value } from 'multiprocessing';

// `count = 0` (a module global) → a shared() record: threads would share it, but a child
// process gets its own copy, as with fork.
const g = shared({ count: 0 });


function work() {
  // global count
  for (const _ of range(1000)) {
    g.count += 1;
  }
  print('child: count =', g.count);
}


function work_value(v: Value) {
  for (const _ of range(1000)) {
    using _ = v.get_lock().hold(); // with v.get_lock():
    v.value += 1;
  }
  print('child: v.value =', v.value);
}


if (__name__ === '__main__') {
  let p = new Process({ target: work });
  p.start();
  p.join();
  print('parent: count =', g.count); // 0: 子进程改的是自己的副本

  const v = new Value('i', 0);
  p = new Process({ target: work_value, args: [v] });
  p.start();
  p.join();
  print('parent: v.value =', v.value); // 1000: Value 在共享内存里
}
