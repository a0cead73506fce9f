// 新增 (added): the tutorial describes the Master-Worker pattern in prose only; this example
// shows its main advantage: a worker process crashes, the master and the other workers go on.
import * as time from 'time';
import { Process, Queue, current_process } from 'multiprocessing';


function worker(tasks: Queue<number | null>, results: Queue<[number, number]>) {
  const name = current_process().name;
  while (true) {
    const task = tasks.get();
    if (task === null) { // 结束信号
      break;
    }
    print(`${name} got task ${task}`);
    time.sleep(1);
    if (task === 5) {
      throw new ValueError(`task ${task} failed`); // 这个子进程崩溃了
    }
    results.put([task, task * task]);
  }
}


if (__name__ === '__main__') {
  const tasks = new Queue<number | null>();
  const results = new Queue<[number, number]>();

  const workers = Array.from(range(3), () => new Process({ target: worker, args: [tasks, results] }));
  for (const w of workers) {
    w.start();
  }

  // Master 只负责分配任务
  for (const task of range(9)) {
    tasks.put(task);
  }
  for (const _ of workers) {
    tasks.put(null);
  }

  for (const w of workers) {
    w.join();
    if (w.exitcode !== 0) {
      print(`master: ${w.name} crashed, exitcode ${w.exitcode}`);
    }
  }

  const done = new Set<number>();
  while (!results.empty()) {
    const [task, value] = results.get();
    done.add(task);
    print(`master: task ${task} = ${value}`);
  }

  print('master: lost tasks', [...range(9)].filter((t) => !done.has(t)));
}
