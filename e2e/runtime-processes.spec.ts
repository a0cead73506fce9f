/**
 * `multiprocessing` in the real app (every process a worker, fork copies of the program's
 * state), driven through `window.__playground` (docs/urls-and-automation.md). What CPython's
 * test_multiprocessing checks for the surface the playground has: process lifecycle and exit
 * codes (including terminate/kill), fork isolation versus shared Value/Array/Queue, a crash in
 * one process leaving the others running, Pool results, callbacks and errors. Sleeps at speed 20.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { sharedPlayground, stdout, type Result } from './shared-page';

const { run } = sharedPlayground();

function of(r: Result, thread: string): string[] {
  return r.lines.filter((l) => l.thread === thread).map((l) => l.text);
}

// In `gil`: the child is still in its sleep(0.2) when main asks is_alive() after start(), and
// when q.join(0.01) returns.
test('process lifecycle: name, pid, is_alive, exitcode, join; start twice raises', async () => {
  const r = await run(`
import { Process, current_process, parent_process } from 'multiprocessing';
import * as time from 'time';
function work(x: number) { time.sleep(0.2); print('child', current_process().name, x, parent_process()?.name); }
const p = new Process({ target: work, args: [7] });
print(p.name, p.pid, p.exitcode, p.is_alive(), p.daemon);
p.start();
print('started', p.is_alive(), p.exitcode, p.pid !== null);
p.join();
print('joined', p.is_alive(), p.exitcode);
try { p.start(); } catch (e) { print(String(e)); }
const q = new Process({ target: work, args: [8], name: 'worker' });
q.start(); q.join(0.01); print('join timeout', q.is_alive(), q.exitcode); q.join();
print(current_process().name, parent_process());
`, 20, 'gil');
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual([
    'Process-1 None None False False',
    'started True None True',
    'child Process-1 7 MainProcess',
    'joined False 0',
    'AssertionError: cannot start a process twice',
    'join timeout True None',
    'child worker 8 MainProcess',
    'MainProcess None',
  ]);
  expect(of(r, 'Process-1')).toEqual(['child Process-1 7 MainProcess']);
});

test('an uncaught exception gives exitcode 1 and a report; the other processes go on', async () => {
  const r = await run(`
import { Process } from 'multiprocessing';
import * as time from 'time';
function crash() {
  throw new ValueError('child failed');
}
function steady(n: number) { for (const i of range(3)) { time.sleep(0.1); print('steady', n, i); } }
const ps = [new Process({ target: steady, args: [1] }), new Process({ target: crash }), new Process({ target: steady, args: [2] })];
for (const p of ps) p.start();
for (const p of ps) p.join();
print(ps.map((p) => p.exitcode));
`);
  expect(r.state).toBe('finished');
  expect(of(r, 'Process-2')).toEqual([
    'Process Process-2:',
    'Traceback (most recent call last):',
    '  File "program.ts", line 5, in crash',
    "    throw new ValueError('child failed');",
    'ValueError: child failed',
  ]);
  expect(of(r, 'Process-1')).toEqual(['steady 1 0', 'steady 1 1', 'steady 1 2']);
  expect(of(r, 'Process-3')).toEqual(['steady 2 0', 'steady 2 1', 'steady 2 2']);
  expect(stdout(r).at(-1)).toBe('[0, 1, 0]');
});

// Stays in `parallel`: its point is ending a process whose worker really spins (no scheduling
// point hands the run on, as in a deterministic mode).
test('terminate() gives exitcode -15 and kill() -9, even in an endless loop', async () => {
  const r = await run(`
import { Process } from 'multiprocessing';
import * as time from 'time';
function spin() { while (true) {} }
function nap() { while (true) time.sleep(0.05); }
const a = new Process({ target: spin });
const b = new Process({ target: nap });
a.start(); b.start();
time.sleep(0.5);
print(a.is_alive(), b.is_alive());
a.terminate(); b.kill();
a.join(); b.join();
print(a.exitcode, b.exitcode, a.is_alive(), b.is_alive());
`);
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual(['True True', '-15 -9 False False']);
});

test('fork isolation: shared() and threading objects are copies, Value, Array and mp Lock are shared', async () => {
  const r = await run(`
import { Process, Value, Array, Lock } from 'multiprocessing';
import * as threading from 'threading';
const g = shared({ count: 0 });
const ev = new threading.Event();
const v = new Value('i', 0);
const d = new Value('d', 0.5);
const arr = new Array('i', [1, 2, 3]);
const lock = new Lock();
function child() {
  for (const _ of range(1000)) g.count += 1;
  ev.set();
  for (const _ of range(1000)) { using _l = v.get_lock().hold(); v.value += 1; }
  // arr[0]'s read and write are two steps (each locked on its own, as in CPython): without the
  // mp Lock around both, the two children can both read 1 and the parent see 10.
  { using _m = lock.hold(); d.value += 1; arr[0] = arr[0] * 10; }
  print('child sees', g.count, ev.is_set());
}
ev.clear();
const ps = [new Process({ target: child }), new Process({ target: child })];
for (const p of ps) p.start();
for (const p of ps) p.join();
print('parent', g.count, ev.is_set(), v.value, d.value, [...arr], arr.length);
const w = new Value('b', 127); w.value += 1; print('wraps', w.value);
try { v.value = 1.5; } catch (e) { print(String(e)); }
try { arr[5] = 1; } catch (e) { print(String(e)); }
`);
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual([
    'child sees 1000 True',
    'child sees 1000 True',
    'parent 0 False 2000 2.5 [100, 2, 3] 3',
    'wraps -128',
    'TypeError: int expected instead of float',
    'IndexError: invalid index',
  ]);
});

test('the process-isolation scenario: the child writes its copy, Value is shared', async () => {
  const src = scenario('process-isolation');
  const r = await run(src);
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual(['child: count = 1000', 'parent: count = 0', 'child: v.value = 1000', 'parent: v.value = 1000']);
});

test('multiprocessing.Queue carries items between processes in order; JoinableQueue joins', async () => {
  const r = await run(`
import { Process, Queue, JoinableQueue } from 'multiprocessing';
function producer(q: Queue) { for (const i of range(50)) q.put({ i, sq: i * i }); q.put(null); }
function consumer(q: Queue, out: Queue) { let n = 0; let sum = 0; while (true) { const x = q.get(); if (x === null) break; n++; sum += x.sq; } out.put([n, sum]); }
function worker(jq: JoinableQueue) { while (true) { const x = jq.get(); print('task', x); jq.task_done(); } }
const q = new Queue(5);
const out = new Queue();
const ps = [new Process({ target: producer, args: [q] }), new Process({ target: consumer, args: [q, out] })];
for (const p of ps) p.start();
print(out.get());
for (const p of ps) p.join();
const jq = new JoinableQueue();
const w = new Process({ target: worker, args: [jq], daemon: true });
w.start();
for (const i of range(3)) jq.put(i);
jq.join();
print('all tasks done');
`);
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual(['[50, 40425]', 'task 0', 'task 1', 'task 2', 'all tasks done']);
});

test('a Process subclass runs its own run() with its fields copied; names follow the class', async () => {
  const r = await run(`
import { Process, current_process } from 'multiprocessing';
class Greeter extends Process {
  greeting = 'hello';
  run() { print(this.greeting, current_process().name, this.name); }
}
const g = new Greeter();
g.greeting = 'hi';
g.start(); g.join();
print(g.exitcode);
`);
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual(['hi Greeter-1 Greeter-1', '0']);
});

test('Pool: apply, map order, starmap, imap, apply_async callbacks in the parent', async () => {
  const r = await run(`
import { Pool, current_process } from 'multiprocessing';
import * as time from 'time';
function sq(x: number) { return x * x; }
function add(a: number, b: number) { return a + b; }
function nap(x: number) { time.sleep(0.05 * (4 - x)); return x; }
function name() { time.sleep(0.05); return current_process().name; }
const p = new Pool(3);
print(p.apply(add, [2, 3]));
print(p.map(sq, range(12)));
print(p.starmap(add, [[1, 2], [3, 4]]));
print([...p.imap(nap, range(4))]);
const names = new Set(p.map(name, range(9), 1));
print([...names].every((n) => n.startsWith('ForkPoolWorker-')), names.size <= 3);
const got: number[] = [];
const rs = [3, 2, 1, 0].map((i) => p.apply_async(nap, [i], null, (x) => got.push(x as number)));
print(rs[0].get(), rs[0].ready(), rs[0].successful());
const m = p.map_async(sq, [1, 2, 3], null, (xs) => print('map callback', xs));
print(m.get());
p.close();
p.join();
print('callbacks', got.sort());
`);
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual([
    '5',
    '[0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100, 121]',
    '[3, 7]',
    '[0, 1, 2, 3]',
    'True True',
    '3 True True',
    'map callback [1, 4, 9]',
    '[1, 4, 9]',
    'callbacks [0, 1, 2, 3]',
  ]);
});

test('Pool initializer runs once in each worker process, on its own copy of the state', async () => {
  const r = await run(`
import { Pool } from 'multiprocessing';
const g = shared({ ready: 0 });
function setup(v: number) { g.ready = v; }
function read(_: number) { return g.ready; }
const p = new Pool(2, setup, [7]);
print(p.map(read, range(4)), g.ready);
p.close();
p.join();
`);
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual(['[7, 7, 7, 7] 0']);
});

test('Pool errors: get() re-raises with the remote traceback; error_callback; state errors', async () => {
  const r = await run(`
import { Pool } from 'multiprocessing';
function boom(x: number) {
  if (x === 2) throw new ValueError('boom ' + x);
  return x;
}
const p = new Pool(2);
const ar = p.apply_async(boom, [2], null, null, (e) => print('error_callback', String(e)));
try { ar.get(); } catch (e) {
  print('get', String(e));
  print('remote', String((e as { remoteTraceback?: string }).remoteTraceback).includes('line 4, in boom'));
}
print('successful', ar.successful());
try { p.join(); } catch (e) { print(String(e)); }
try { p.map(boom, range(4)); } catch (e) { print('map', String(e)); }
p.close();
try { p.apply(boom, [1]); } catch (e) { print(String(e)); }
p.join();
try { new Pool(0); } catch (e) { print(String(e)); }
{
  using q = new Pool(1);
  print(q.apply(boom, [1]));
}
const last = new Pool(1);
last.apply(boom, [2]);
`);
  expect(r.state).toBe('error');
  expect(stdout(r)).toEqual([
    'error_callback ValueError: boom 2',
    'get ValueError: boom 2',
    'remote True',
    'successful False',
    'ValueError: Pool is still running',
    'map ValueError: boom 2',
    'ValueError: Pool not running',
    'ValueError: Number of processes must be at least 1',
    '1',
  ]);
  const err = r.lines.filter((l) => l.stream === 'stderr').map((l) => l.text);
  expect(err.slice(0, 2)).toEqual(['multiprocessing.pool.RemoteTraceback: ', '"""']);
  expect(err).toContain('  File "program.ts", line 4, in boom');
  expect(err).toContain('The above exception was the direct cause of the following exception:');
  expect(err).toContain('  File "program.ts", line 25, in <module>');
  expect(err.at(-1)).toBe('ValueError: boom 2');
});

test('the process seed: ten processes print their counts, each in its own lane', async () => {
  const src = scenario('process');
  const r = await run(src, 50);
  expect(r.state).toBe('finished');
  for (let n = 1; n <= 9; n++) {
    expect(of(r, `Process-${n + 1}`)).toEqual([...Array(n).keys()].map(String));
  }
  expect(of(r, 'Process-1')).toEqual([]);
});

test('the master-worker scenario: one worker crashes, the master and the others finish', async () => {
  const src = scenario('master-worker');
  const r = await run(src, 50);
  expect(r.state).toBe('finished');
  const out = stdout(r);
  expect(out).toContain('master: lost tasks [5]');
  expect(out.filter((l) => /^master: Process-\d crashed, exitcode 1$/.test(l))).toHaveLength(1);
  expect(out.filter((l) => l.startsWith('master: task '))).toHaveLength(8);
});

/** A built-in scenario's port, as the app ships it. */
function scenario(id: string): string {
  return readFileSync(resolve(process.cwd(), 'src/scenarios', id, 'port.ts'), 'utf8');
}
