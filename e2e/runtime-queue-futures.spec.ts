/**
 * `queue` and `concurrent.futures` in the real app (workers, shared memory), driven through
 * `window.__playground` (docs/urls-and-automation.md). What CPython's test_queue and test_concurrent_futures
 * check, for the surface the playground has: FIFO/LIFO/priority order, Empty/Full and their
 * timeouts, task_done()/join(), executor map order, exceptions and their tracebacks, cancel,
 * wait()/as_completed(), done callbacks, shutdown. Sleeps run at speed 20.
 */
import { expect, test } from '@playwright/test';
import { sharedPlayground, stderr, stdout } from './shared-page';

const { run, page } = sharedPlayground();


test('FIFO, LIFO and priority order; qsize, empty, full; SimpleQueue', async () => {
  const r = await run(`
import { Queue, LifoQueue, PriorityQueue, SimpleQueue } from 'queue';
function drain(q: Queue) { const out = []; while (!q.empty()) out.push(q.get()); return out; }
const q = new Queue(); const l = new LifoQueue(); const p = new PriorityQueue();
for (const i of [3, 1, 4, 1, 5]) { q.put(i); l.put(i); p.put(i); }
print(q.qsize(), q.full(), q.maxsize);
print(drain(q)); print(drain(l)); print(drain(p));
const t = new PriorityQueue();
for (const x of [[2, 'b'], [1, 'z'], [1, 'a'], [0, 'x', 1], [0, 'x']]) t.put(x);
print(drain(t));
const s = new PriorityQueue();
for (const w of ['pear', 'apple', 'fig']) s.put(w);
print(drain(s));
const b = new Queue(2); b.put('a'); b.put('b'); print(b.full(), b.qsize());
const sq = new SimpleQueue(); sq.put(1); sq.put(2); print(sq.qsize(), sq.get(), sq.get_nowait(), sq.empty());
const bad = new PriorityQueue(); bad.put(1);
try { bad.put('x'); } catch (e) { print(String(e)); }
print(bad.qsize());
`);
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual([
    '5 False 0',
    '[3, 1, 4, 1, 5]',
    '[5, 1, 4, 1, 3]',
    '[1, 1, 3, 4, 5]',
    "[[0, 'x'], [0, 'x', 1], [1, 'a'], [1, 'z'], [2, 'b']]",
    "['apple', 'fig', 'pear']",
    'True 2',
    '2 1 2 True',
    "TypeError: '<' not supported between instances of 'str' and 'int'",
    '1',
  ]);
});

test('order holds while the item array grows and the FIFO ring wraps; heapq order on many items', async () => {
  const r = await run(`
import { Queue, LifoQueue, PriorityQueue } from 'queue';
const q = new Queue();
let next = 0; const got: number[] = [];
for (const round of range(6)) { for (const _ of range(7 + round * 5)) q.put(next++); for (const _ of range(5)) got.push(q.get()); }
while (!q.empty()) got.push(q.get());
print('fifo', got.length === next && got.every((v, k) => v === k));
const p = new PriorityQueue();
let seed = 7; const xs: number[] = [];
for (const _ of range(200)) { seed = (seed * 1103515245 + 12345) % 2147483648; xs.push(seed % 1000); p.put(seed % 1000); }
const ps: number[] = []; while (!p.empty()) ps.push(p.get());
print('heap', JSON.stringify(ps) === JSON.stringify([...xs].sort((a, b) => a - b)));
const l = new LifoQueue();
for (const i of range(40)) l.put(i);
const ls: number[] = []; while (!l.empty()) ls.push(l.get());
print('lifo', ls[0] === 39 && ls[39] === 0 && ls.length === 40);
`);
  expect(stdout(r)).toEqual(['fifo True', 'heap True', 'lifo True']);
});

// In `gil`: the timed waits' upper bounds (d < 3) are program time, which in `parallel` a loaded
// machine stretches.
test('Empty and Full: non-blocking raises, timed waits do not return early', async () => {
  const r = await run(`
import { Queue, Empty, Full } from 'queue';
import * as time from 'time';
const q = new Queue(1);
try { q.get_nowait(); } catch (e) { print('get_nowait', e instanceof Empty); }
try { q.get(false); } catch (e) { print('get(false)', e instanceof Empty); }
let t = time.monotonic();
try { q.get(true, 0.5); } catch (e) { const d = time.monotonic() - t; print('get timeout', e instanceof Empty, d >= 0.5, d < 3); }
q.put('x');
try { q.put_nowait('y'); } catch (e) { print('put_nowait', e instanceof Full); }
t = time.monotonic();
try { q.put('y', true, 0.4); } catch (e) { const d = time.monotonic() - t; print('put timeout', e instanceof Full, d >= 0.4, d < 3); }
try { q.get(true, -1); } catch (e) { print(String(e)); }
print(q.get(), q.empty());
`, 20, 'gil');
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual([
    'get_nowait True',
    'get(false) True',
    'get timeout True True True',
    'put_nowait True',
    'put timeout True True True',
    "ValueError: 'timeout' must be a non-negative number",
    'x True',
  ]);
});

test('blocking put and get hand items between threads in order; task_done and join', async () => {
  const r = await run(`
import { Queue } from 'queue';
import { Thread } from 'threading';
import * as time from 'time';
const q = new Queue(2);
const got = new Queue();
function consumer() {
  while (true) {
    const item = q.get();
    if (item === null) { q.task_done(); break; }
    time.sleep(0.05);
    got.put(item);
    q.task_done();
  }
}
const ts = [new Thread({ target: consumer }), new Thread({ target: consumer })];
for (const t of ts) t.start();
for (const i of range(10)) q.put(i);
q.join();
print('joined', got.qsize());
const all = []; while (!got.empty()) all.push(got.get());
print(all.sort((a, b) => a - b));
q.put(null); q.put(null);
for (const t of ts) t.join();
try { q.task_done(); } catch (e) { print(String(e)); }
`);
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual(['joined 10', '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]', 'ValueError: task_done() called too many times']);
});

test('a getter blocked forever on an empty queue is reported as a deadlock', async () => {
  const r = await run(`
import { Queue } from 'queue';
const q = new Queue();
q.get();
`);
  expect(r.state).toBe('deadlock');
  expect(r.message).toContain('Queue#1');
});

// In `gil`: each of the three workers takes a `who` call while the others sleep 0.5 s (in
// `parallel`, a worker woken late on a loaded machine may find the queue already empty).
test('ThreadPoolExecutor: map yields in submission order, workers are named as CPython names them', async () => {
  const r = await run(`
import { ThreadPoolExecutor } from 'concurrent.futures';
import * as threading from 'threading';
import * as time from 'time';
function slow(x: number) { time.sleep(0.05 * (5 - x)); return x * x; }
function add(a: number, b: number) { return a + b; }
function who() { time.sleep(0.5); print('who'); }
{
  using e = new ThreadPoolExecutor(3);
  print([...e.map(slow, range(5))]);
  print([...e.map(add, [1, 2, 3], [10, 20])]);
  [...e.map(who, range(6))];
}
print('after block');
`, 20, 'gil');
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual([
    '[0, 1, 4, 9, 16]',
    '[11, 22]',
    'who', 'who', 'who', 'who', 'who', 'who',
    'after block',
  ]);
  // The lanes (console tags) carry the workers' names, as CPython names the threads.
  const lanes = new Set(r.lines.filter((l) => l.text === 'who').map((l) => l.thread));
  expect([...lanes].sort()).toEqual(['ThreadPoolExecutor-0_0', 'ThreadPoolExecutor-0_1', 'ThreadPoolExecutor-0_2']);
});

// In `gil`: all three pool threads take calls within the first calls' sleep(1).
test('the thread-pool-executor seed prints all ten calls and shutdown waits for them', async () => {
  const r = await run(`
import * as time from 'time';
import { ThreadPoolExecutor } from 'concurrent.futures';
function func(num: number) { print('---', num); time.sleep(1); }
if (__name__ === '__main__') {
  using e = new ThreadPoolExecutor(3);
  e.map(func, range(10));
}
print('end');
`, 20, 'gil');
  expect(r.state).toBe('finished');
  const out = stdout(r);
  expect(out.at(-1)).toBe('end');
  expect(out.slice(0, -1).sort()).toEqual([...Array(10).keys()].map((n) => `--- ${n}`).sort());
  expect(new Set(r.lines.slice(0, -1).map((l) => l.thread)).size).toBe(3);
});

test('exceptions propagate from result() with the worker frames; exception() returns them', async () => {
  const r = await run(`
import { ThreadPoolExecutor } from 'concurrent.futures';
function fail(x: number) {
  throw new ValueError('bad ' + x);
}
const e = new ThreadPoolExecutor(2);
const f = e.submit(fail, 7);
print(String(f.exception()));
try { f.result(); } catch (err) { print('caught', err instanceof ValueError, String(err)); }
const it = e.map(fail, [1]);
try { it.next(); } catch (err) { print('map raised', String(err)); }
e.shutdown();
f.result();
`);
  expect(r.state).toBe('error');
  expect(stdout(r)).toEqual(['ValueError: bad 7', 'caught True ValueError: bad 7', 'map raised ValueError: bad 1']);
  const err = stderr(r);
  expect(err[0]).toBe('Traceback (most recent call last):');
  expect(err).toContain('  File "program.ts", line 13, in <module>');
  expect(err).toContain('  File "program.ts", line 4, in fail');
  expect(err.at(-1)).toBe('ValueError: bad 7');
});

// In `gil`: the worker has started `a` within main's sleep(2) and is still in its sleep(5) when
// main submits `b`; it has taken `c`, not `d`, within main's sleep(1).
test('cancel: a pending future cancels, a running one does not; shutdown(cancel_futures)', async () => {
  const r = await run(`
import { ThreadPoolExecutor, CancelledError, Future } from 'concurrent.futures';
import * as time from 'time';
function nap(s: number) { time.sleep(s); return s; }
const e = new ThreadPoolExecutor(1);
const a = e.submit(nap, 5);
time.sleep(2);
const b = e.submit(nap, 0.1);
print('running', a.running(), a.cancel(), a.cancelled());
print('pending', b.running(), b.cancel(), b.cancelled(), b.done());
try { b.result(); } catch (err) { print('result', err instanceof CancelledError); }
try { b.exception(); } catch (err) { print('exception', err instanceof CancelledError); }
print('a', a.result(), a.done(), a.cancel());
const c = e.submit(nap, 2);
const d = e.submit(nap, 1);
time.sleep(1);
e.shutdown(true, { cancel_futures: true });
print('shutdown', c.done() && !c.cancelled(), d.cancelled());
try { e.submit(nap, 0); } catch (err) { print(String(err)); }
const f = new Future();
print(f.set_running_or_notify_cancel(), f.running());
f.set_result(3);
try { f.set_result(4); } catch (err) { print((err as Error).name); }
print(f.result());
`, 10, 'gil');
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual([
    'running True False False',
    'pending False True True True',
    'result True',
    'exception True',
    'a 5 True False',
    'shutdown True True',
    'RuntimeError: cannot schedule new futures after shutdown',
    'True True',
    'InvalidStateError',
    '3',
  ]);
});

// In `gil`: 0.1 s naps end before 3 s ones, and the 1 s timeout's upper bound (d < 4) is program
// time, which in `parallel` a loaded machine stretches.
test('wait() with FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED and a timeout', async () => {
  const r = await run(`
import { ThreadPoolExecutor, wait, FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED } from 'concurrent.futures';
import * as time from 'time';
function nap(s: number) { time.sleep(s); return s; }
function fail(s: number) { time.sleep(s); throw new ValueError('x'); }
using e = new ThreadPoolExecutor(4);
let fs = [e.submit(nap, 0.1), e.submit(nap, 3)];
let r = wait(fs, null, FIRST_COMPLETED);
print('first', r.done.size, r.not_done.size, r.done.has(fs[0]));
fs = [e.submit(fail, 0.1), e.submit(nap, 3)];
r = wait(fs, null, FIRST_EXCEPTION);
print('exception', r.done.size, r.not_done.size, r.done.has(fs[0]));
const t = time.monotonic();
r = wait([e.submit(nap, 5)], 1);
const d = time.monotonic() - t;
print('timeout', r.done.size, r.not_done.size, d >= 1, d < 4);
r = wait([e.submit(nap, 0.1), e.submit(nap, 0.2)], null, ALL_COMPLETED);
print('all', r.done.size, r.not_done.size);
`, 10, 'gil');
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual(['first 1 1 True', 'exception 1 1 True', 'timeout 0 1 True True', 'all 2 0']);
});

// In `gil`: the order is that of the sleeps on any machine (in `parallel`, speed 2 kept their
// ends 0.5 s of wall time apart, a margin a loaded machine may still eat).
test('as_completed yields in completion order and times out with CPython message', async () => {
  const r = await run(`
import { ThreadPoolExecutor, as_completed } from 'concurrent.futures';
import * as time from 'time';
function nap(s: number) { time.sleep(s); return s; }
const e = new ThreadPoolExecutor(3);
// Start the three workers first: the order below must depend on the sleeps alone.
[...e.map(nap, [0.5, 0.5, 0.5])];
const fs = [3, 1, 2].map((s) => e.submit(nap, s));
print([...as_completed(fs)].map((f) => f.result()));
const done = e.submit(nap, 0);
time.sleep(0.1);
const slow = e.submit(nap, 3);
const got = [];
try {
  for (const f of as_completed([slow, done], 0.5)) got.push(f.result());
} catch (err) { print('got', got, String(err)); }
e.shutdown(false, { cancel_futures: true });
`, 20, 'gil');
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual(['[1, 2, 3]', 'got [0] TimeoutError: 1 (of 2) futures unfinished']);
});

// In `gil`: main adds the first callback while the worker still sleeps, and the worker has run
// it within main's sleep(0.5).
test('done callbacks: module-level only, run by the completing worker or at once when done', async () => {
  const r = await run(`
import { ThreadPoolExecutor, Future } from 'concurrent.futures';
import * as threading from 'threading';
import * as time from 'time';
function nap(s: number) { time.sleep(s); return s; }
function report(f: Future) { print('callback', f.result(), threading.current_thread().name); }
const e = new ThreadPoolExecutor(1);
const f = e.submit(nap, 2);
f.add_done_callback(report);
try { f.add_done_callback((x) => print(x)); } catch (err) { print(String(err)); }
f.result();
time.sleep(0.5);
f.add_done_callback(report);
f.add_done_callback((x) => print('closure at once', x.result()));
e.shutdown();
`, 10, 'gil');
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual([
    'TypeError: <lambda> is not a module-level function: only module-level functions and classes (or methods of runtime objects such as loop.stop) can cross to another thread or process; closures cannot',
    'callback 2 ThreadPoolExecutor-0_0',
    'callback 2 MainThread',
    'closure at once 2',
  ]);
});

test('a closure submitted to an executor is refused with the module-level rule', async () => {
  const r = await run(`
import { ThreadPoolExecutor } from 'concurrent.futures';
const e = new ThreadPoolExecutor();
try { e.submit(() => 1); } catch (err) { print(String(err).startsWith('TypeError: <lambda> is not a module-level function')); }
try { new ThreadPoolExecutor(0); } catch (err) { print(String(err)); }
e.shutdown();
`);
  expect(stdout(r)).toEqual(['True', 'ValueError: max_workers must be greater than 0']);
});

test('executor initializers run in each worker; a failing one breaks the pool (BrokenExecutor)', async () => {
  const r = await run(`
import { ThreadPoolExecutor, ProcessPoolExecutor, BrokenExecutor } from 'concurrent.futures';
import * as threading from 'threading';
const local = new threading.local();
const g = shared({ v: 0 });
function setup(v: number) { local.v = v; g.v = v; }
function readLocal() { return local.v; }
function readShared() { return g.v; }
function bad() { throw new ValueError('init failed'); }
const e = new ThreadPoolExecutor(1, 'w', setup, [5]);
print(e.submit(readLocal).result());
e.shutdown();
const pe = new ProcessPoolExecutor(1, null, setup, [9]);
print(pe.submit(readShared).result(), g.v);
pe.shutdown();
const b = new ThreadPoolExecutor(1, '', bad);
try { b.submit(readLocal).result(); } catch (err) { print(err instanceof BrokenExecutor, String(err)); }
`);
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual(['5', '9 5', 'True BrokenExecutor: A thread initializer failed, the thread pool is not usable anymore']);
  expect(r.lines.filter((l) => l.stream === 'stderr').map((l) => l.text)[0]).toBe('Exception in initializer:');
});

test('ProcessPoolExecutor: ordered map, results copied back, remote traceback on errors', async () => {
  const r = await run(`
import { ProcessPoolExecutor } from 'concurrent.futures';
import { current_process } from 'multiprocessing';
function sq(x: number) { return x * x; }
function where() { return current_process().name; }
function fail() {
  throw new ValueError('in child');
}
using e = new ProcessPoolExecutor(2);
print([...e.map(sq, range(6))]);
print(e.submit(where).result().startsWith('ForkProcess-'));
try { e.submit(fail).result(); } catch (err) {
  print(String(err));
  const tb = (err as { remoteTraceback?: string }).remoteTraceback ?? '';
  print(tb.split('\\n')[0], tb.includes('line 7, in fail'));
}
`);
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual(['[0, 1, 4, 9, 16, 25]', 'True', 'ValueError: in child', 'Traceback (most recent call last): True']);
});

test('asyncio run_in_executor(null, …) uses a default ThreadPoolExecutor', async () => {
  const r = await run(`
import * as asyncio from 'asyncio';
import * as time from 'time';
function blocking(x: number) { time.sleep(0.2); return x * 10; }
async function main() {
  const loop = asyncio.get_running_loop();
  const rs = await asyncio.gather(loop.run_in_executor(null, blocking, 1), loop.run_in_executor(null, blocking, 2));
  print(rs);
}
asyncio.run(main());
`);
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual(['[10, 20]']);
});

// In `gil`: the getter is blocked in get() within main's sleep(0.2), so the put wakes it (the
// arrow).
test('queue tracing: blocking shows on the lane, a put wakes the getter with an arrow', async () => {
  await run(`
import { Queue } from 'queue';
import { Thread } from 'threading';
import * as time from 'time';
const q = new Queue();
function getter() { print('got', q.get()); }
const t = new Thread({ target: getter });
t.start();
time.sleep(0.2);
q.put(42);
t.join();
`, 20, 'gil');
  const trace = JSON.stringify(await page().evaluate(() => window.__playground?.trace()));
  expect(trace).toContain('put → get');
});
