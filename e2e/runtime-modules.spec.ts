/**
 * Names a learner meets in other Python tutorials (issue 13 §3), in the real app where every
 * thread and process is a worker: `multiprocessing.Pipe` and `Manager()` between processes,
 * `Executor.map(timeout=, chunksize=)`, `threading.excepthook`, the `random`, `os` and `time`
 * additions. Expected output is CPython 3.11's for the same program (the Python originals are
 * in the comments where the port differs from them). Sleeps at speed 20.
 */
import { expect, test } from '@playwright/test';
import { sharedPlayground, stderr, stdout, type Result } from './shared-page';

const { run, page } = sharedPlayground();

function of(r: Result, thread: string): string[] {
  return r.lines.filter((l) => l.thread === thread).map((l) => l.text);
}

test('Pipe: the multiprocessing docs example, parent and child', async () => {
  const r = await run(`
import { Process, Pipe } from 'multiprocessing';
function f(conn: ReturnType<typeof Pipe>[1]) {
  conn.send([42, null, 'hello']);
  conn.close();
}
const [parent_conn, child_conn] = Pipe();
const p = new Process({ target: f, args: [child_conn] });
p.start();
print(parent_conn.recv());
p.join();
`);
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual(["[42, None, 'hello']"]);
});

test('Pipe: EOFError once every copy of the writing end is closed, as with fork', async () => {
  // The reader/writer pattern of "Python multiprocessing - Pipe vs Queue": the child closes its
  // copy of the writing end, the parent its copy of the reading end; the parent's close() of
  // the writer then ends the child's loop with EOFError. A child that ends without closing its
  // end closes it by ending; a send to a closed reader raises BrokenPipeError.
  const r = await run(`
import { Process, Pipe } from 'multiprocessing';
type Conn = ReturnType<typeof Pipe>[0];
function reader_proc(pipe: [Conn, Conn]) {
  const [output_p, input_p] = pipe;
  input_p.close();
  let total = 0;
  for (;;) {
    let msg: unknown;
    try {
      msg = output_p.recv();
    } catch (e) {
      if (e instanceof EOFError) break;
      throw e;
    }
    total += msg as number;
  }
  print('reader got', total);
}
function writer(count: number, input_p: Conn) {
  for (let ii = 0; ii < count; ii++) input_p.send(ii);
}
function child(w: Conn) {
  w.send('bye');
}
const [output_p, input_p] = Pipe();
const reader_p = new Process({ target: reader_proc, args: [[output_p, input_p]] });
reader_p.start();
output_p.close();
writer(100, input_p);
input_p.close();
reader_p.join();
print('exitcode', reader_p.exitcode);
const [r, w] = Pipe(false);
const p = new Process({ target: child, args: [w] });
p.start();
w.close();
print(r.recv());
try {
  r.recv();
} catch (e) {
  print('EOFError', e instanceof EOFError);
}
p.join();
const [a, b] = Pipe();
b.close();
try {
  a.send(1);
} catch (e) {
  print((e as Error).name, (e as Error).message, e instanceof OSError);
}
`);
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual(['reader got 4950', 'exitcode 0', 'bye', 'EOFError True', 'BrokenPipeError [Errno 32] Broken pipe True']);
  expect(of(r, 'Process-1')).toEqual(['reader got 4950']);
});

test('Pipe between threads: a duplex ping-pong; poll(timeout) waits', async () => {
  const r = await run(`
import { Pipe } from 'multiprocessing';
import { Thread } from 'threading';
const [a, b] = Pipe();
function pong() {
  for (;;) {
    const m = b.recv() as number;
    if (m < 0) break;
    b.send(m * 2);
  }
}
const t = new Thread({ target: pong });
t.start();
print(a.poll(0.5));
for (const i of range(3)) {
  a.send(i);
  print(a.recv());
}
a.send(-1);
t.join();
print(a.poll(0.1));
`);
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual(['False', '0', '2', '4', 'False']);
});

test('Pipe: a recv nobody can satisfy is a deadlock naming the Connection; the trace shows the wait and the send → recv arrow', async () => {
  const stuck = await run(`
import { Pipe } from 'multiprocessing';
const [a, b] = Pipe();
a.recv();
`);
  expect(stuck.state).toBe('deadlock');
  expect(stuck.message).toContain('MainThread waits Connection#1 (line 4)');

  // In `gil`: main is blocked in recv() before the child's sleep(0.5) ends, so the send wakes it
  // (the arrow).
  const r = await run(`
import { Pipe, Process } from 'multiprocessing';
import * as time from 'time';
const [a, b] = Pipe();
function later() { time.sleep(0.5); b.send('late'); }
const p = new Process({ target: later });
p.start();
print(a.recv());
p.join();
`, 20, 'gil');
  expect(stdout(r)).toEqual(['late']);
  const trace = JSON.stringify(await page().evaluate(() => window.__playground?.trace()));
  expect(trace).toContain('recv');
  expect(trace).toContain('send → recv');
});

test('Manager: a child’s writes through list, dict, Value and Namespace proxies reach the parent (unlike shared())', async () => {
  // Python docs: f(d, l) sets d[1] = '1', d['2'] = 2, d[0.25] = None and reverses l; the parent
  // prints {1: '1', '2': 2, 0.25: None} — here keys are strings, as on a JS object.
  const r = await run(`
import { Manager, Process } from 'multiprocessing';
type M = InstanceType<typeof Manager>;
function f(d: ReturnType<M['dict']>, l: ReturnType<M['list']>, v: ReturnType<M['Value']>, ns: ReturnType<M['Namespace']>, g: { n: number }) {
  d[1] = '1';
  d['2'] = 2;
  d[0.25] = null;
  l.reverse();
  v.value = (v.value as number) + 5;
  ns.who = 'child';
  g.n = 99;
}
const g = shared({ n: 0 });
{
  using manager = new Manager();
  const d = manager.dict();
  const l = manager.list(range(10));
  const v = manager.Value('i', 3);
  const ns = manager.Namespace();
  const p = new Process({ target: f, args: [d, l, v, ns, g] });
  p.start();
  p.join();
  print(d);
  print(l);
  print(v, ns, g.n);
}
`);
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual(["{'1': '1', '2': 2, '0.25': None}", '[9, 8, 7, 6, 5, 4, 3, 2, 1, 0]', "Value('i', 8) Namespace(who='child') 0"]);
});

test('Manager: four processes count under a manager Lock; the proxies fail after shutdown', async () => {
  const r = await run(`
import { Manager, Process } from 'multiprocessing';
type M = InstanceType<typeof Manager>;
function work(d: ReturnType<M['dict']>, lock: ReturnType<M['Lock']>, log: ReturnType<M['list']>, n: number) {
  for (let i = 0; i < 50; i++) {
    using _ = lock.hold();
    d.count = (d.count as number) + 1;
  }
  log.append(n);
}
const manager = new Manager();
const d = manager.dict({ count: 0 });
const lock = manager.Lock();
const log = manager.list();
const ps = [1, 2, 3, 4].map((n) => new Process({ target: work, args: [d, lock, log, n] }));
for (const p of ps) p.start();
for (const p of ps) p.join();
print(d.count, log.length, [...log].sort());
manager.shutdown();
try {
  log.append(5);
} catch (e) {
  print((e as Error).name, (e as Error).message);
}
print(log);
`);
  expect(r.state).toBe('finished');
  const out = stdout(r);
  expect(out.slice(0, 2)).toEqual(['200 4 [1, 2, 3, 4]', 'BrokenPipeError [Errno 32] Broken pipe']);
  expect(out[2]).toMatch(/^<ListProxy object, typeid 'list' at 0x[0-9a-f]+; '__str__\(\)' failed>$/);
});

// In `gil`: the iterator asks for the gated result before open_gate's sleep(0.5) ends.
test('Executor.map: the timeout counts from the map call; iterating to a result not ready by then raises TimeoutError', async () => {
  // Causal, not timed: the consumer sleeps through the whole timeout before asking for the gated
  // result, which a helper thread releases 0.5 s later. Counted from the map call (CPython), the
  // wait is already over: TimeoutError at once; counted per result, it would get 'gated'.
  const r = await run(`
import { ThreadPoolExecutor, ProcessPoolExecutor } from 'concurrent.futures';
import { Event, Thread } from 'threading';
import * as time from 'time';
const gate = new Event();
function task(x: string) { if (x !== 'fast') gate.wait(); return x; }
function open_gate() { time.sleep(0.5); gate.set(); }
function nap(s: number) { time.sleep(s); return s; }
const e = new ThreadPoolExecutor(2);
const it = e.map(task, ['fast', 'gated'], { timeout: 1 });
print('got', it.next().value);
time.sleep(2);
new Thread({ target: open_gate }).start();
try {
  print('got', it.next().value);
} catch (err) {
  print('timeout', err instanceof TimeoutError);
}
e.shutdown(true);
using pe = new ProcessPoolExecutor(2);
print([...pe.map(nap, [0.05, 0.05], { timeout: 100 })]);
try {
  pe.map(nap, [1], { chunksize: 0 });
} catch (err) {
  print(String(err));
}
`, 20, 'gil');
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual(['got fast', 'timeout True', '[0.05, 0.05]', 'ValueError: chunksize must be >= 1.']);
});

test('ProcessPoolExecutor.map(chunksize): each chunk of items runs as one task in one process', async () => {
  const r = await run(`
import { ProcessPoolExecutor } from 'concurrent.futures';
import * as os from 'os';
function pid_of(x: number) { return [x * x, os.getpid()]; }
function fail(x: number) { if (x === 7) throw new ValueError('seven'); return x; }
using e = new ProcessPoolExecutor(2);
const out = [...e.map(pid_of, range(10), { chunksize: 5 })] as [number, number][];
print(out.map((p) => p[0]));
const pids = out.map((p) => p[1]);
print(new Set(pids.slice(0, 5)).size, new Set(pids.slice(5)).size, pids.every((p) => p !== os.getpid()));
const got: number[] = [];
try {
  for (const x of e.map(fail, range(10), { chunksize: 3 })) got.push(x as number);
} catch (err) {
  print(got, String(err));
}
`);
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual(['[0, 1, 4, 9, 16, 25, 36, 49, 64, 81]', '1 1 True', '[0, 1, 2, 3, 4, 5] ValueError: seven']);
});

test('threading.excepthook: a module-level hook set in the main thread is seen by threads started after it (and theirs, and a process’s)', async () => {
  const r = await run(`
import threading from 'threading';
import { Process } from 'multiprocessing';
function hook(args: threading.ExceptHookArgs) {
  print('caught', (args.exc_type as { name: string }).name, String((args.exc_value as Error).message), args.thread?.name);
}
function work() { throw new ValueError('boom'); }
function starter() { const t = new threading.Thread({ target: work }); t.start(); t.join(); }
function bad_hook() { throw new RuntimeError('hook broke'); }
function in_process() { const t = new threading.Thread({ target: work }); t.start(); t.join(); }
function run(target: () => void) { const t = new threading.Thread({ target }); t.start(); t.join(); }
run(work);
threading.excepthook = hook;
run(work);
run(starter);
const p = new Process({ target: in_process });
p.start();
p.join();
threading.excepthook = bad_hook;
run(work);
threading.excepthook = (): void => {};
try { run(work); } catch (e) { print(String(e)); }
threading.excepthook = null;
try { run(work); } catch (e) { print(String(e)); }
print('end');
`);
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual([
    'caught ValueError boom Thread-2 (work)',
    'caught ValueError boom Thread-4 (work)',
    'caught ValueError boom Thread-5 (work)',
    'TypeError: threading.excepthook: <lambda> is not a module-level function: only module-level functions and classes ' +
      '(or methods of runtime objects such as loop.stop) can cross to another thread or process; closures cannot',
    'RuntimeError: threading.excepthook is None',
    'end',
  ]);
  const errs = stderr(r);
  expect(errs[0]).toBe('Exception in thread Thread-1 (work):');
  expect(errs).toContain('ValueError: boom');
  expect(errs).toContain('Exception in threading.excepthook:');
  expect(errs.at(-1)).toBe('RuntimeError: hook broke');
});

test('random: CPython’s numbers for an integer seed; per-thread streams reproducible from the seed', async () => {
  const source = `
import random, { randint, shuffle } from 'random';
import { Thread } from 'threading';
random.seed(42);
print(random.random(), randint(1, 10));
const xs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
random.seed(1);
shuffle(xs);
print(xs);
random.seed(7);
function draw(n: number) { print('thread', n, random.random()); }
const ts = [1, 2].map((n) => new Thread({ target: draw, args: [n] }));
for (const t of ts) { t.start(); t.join(); }
`;
  const a = await run(source);
  const b = await run(source);
  expect(a.state).toBe('finished');
  const out = stdout(a);
  // python3 -c "import random; random.seed(42); print(random.random(), random.randint(1, 10))"
  expect(out.slice(0, 2)).toEqual(['0.6394267984578837 1', '[6, 8, 9, 7, 5, 3, 0, 4, 1, 2]']);
  expect(stdout(b)).toEqual(out);
  expect(out[2]).not.toBe(out[3]?.replace('thread 2', 'thread 1'));
});

test('os.getpid is current_process().pid in every process; getppid its parent; time_ns prints as an int', async () => {
  const r = await run(`
import os from 'os';
import time from 'time';
import { Process, current_process } from 'multiprocessing';
function info(title: string) {
  print(title, os.getpid() === current_process().pid, os.getppid());
}
info('main line');
const p = new Process({ target: info, args: ['function f'] });
p.start();
p.join();
print(p.pid === null ? 'none' : 'pid', typeof time.time_ns(), String(time.time_ns()).length, time.perf_counter_ns() > 0n);
`);
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual(['main line True 0', 'function f True 1', 'pid bigint 19 True']);
});
