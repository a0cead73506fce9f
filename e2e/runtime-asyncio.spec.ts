/**
 * asyncio where it meets threads and the worker's limits, in the real app (issue 13 §3): each
 * expectation is what CPython 3.11 prints for the same program. The pure-loop behaviour is in
 * src/runtime/asyncio/*.test.ts; here: loops shared across threads, run_coroutine_threadsafe's
 * concurrent Future, to_thread's real thread, 100,000 awaitables in a worker's stack, and the
 * block forms and their tracebacks as a program meets them. Sleeps run at speed 20.
 */
import { expect, test } from '@playwright/test';
import { sharedPlayground, stderr, stdout } from './shared-page';

const { run } = sharedPlayground();

test('call_soon_threadsafe then call_soon from the loop thread: one FIFO; call_later by due time', async () => {
  const r = await run(`
import * as asyncio from 'asyncio';
import { Thread } from 'threading';
function say(x: string) { print(x); }
const loop = asyncio.new_event_loop();
loop.call_soon_threadsafe(say, 'a (threadsafe)');
loop.call_soon(say, 'b (call_soon)');
loop.call_soon_threadsafe(say, 'c (threadsafe)');
loop.call_later(-1, say, 'e (later -1)');
loop.call_later(-2, say, 'd (later -2)');
loop.call_later(0.01, () => loop.stop());
loop.run_forever();
// The same loop run by another thread: posts from here reach it in order.
function start(l: asyncio.AbstractEventLoop) { asyncio.set_event_loop(l); l.run_forever(); print('loop thread ends'); }
const t = new Thread({ target: start, args: [loop] });
t.start();
loop.call_soon_threadsafe(say, 'f (from MainThread)');
loop.call_soon_threadsafe(say, 'g (from MainThread)');
loop.call_soon_threadsafe(loop.stop);
t.join();
`);
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual(['a (threadsafe)', 'b (call_soon)', 'c (threadsafe)', 'd (later -2)', 'e (later -1)', 'f (from MainThread)', 'g (from MainThread)', 'loop thread ends']);
});

test('run_coroutine_threadsafe returns a concurrent.futures.Future: result(timeout) blocks, exceptions and cancellation come through', async () => {
  const r = await run(`
import * as asyncio from 'asyncio';
import * as cf from 'concurrent.futures';
import { Event, Thread } from 'threading';
function start(l: asyncio.AbstractEventLoop) { asyncio.set_event_loop(l); l.run_forever(); }
// add() finishes only once MainThread sets go: the early result(timeout) cannot see it done.
const go = new Event();
async function add(a: number, b: number) { await asyncio.to_thread(go.wait); print('add done in the loop'); return a + b; }
async function boom() { await asyncio.sleep(0.05); throw new ValueError('boom'); }
// Set once the task runs: cancelled before its first step, it would never print (as in CPython),
// and how soon the loop thread gets to it depends on the machine's load.
const running = new Event();
async function forever() {
  running.set();
  try { await asyncio.sleep(1000); } catch (e) { print('task sees', (e as Error).name); throw e; }
}
async function self_cancel() { await asyncio.sleep(0); asyncio.current_task()?.cancel(); await asyncio.sleep(1); }
const loop = asyncio.new_event_loop();
const t = new Thread({ target: start, args: [loop] });
t.start();
const f = asyncio.run_coroutine_threadsafe(add(1, 2), loop);
print(f instanceof cf.Future, f.done());
try { f.result(0.01); } catch (e) { print('early:', (e as Error).name); }
go.set();
print('result:', f.result(30), f.done(), f.exception());
try { asyncio.run_coroutine_threadsafe(boom(), loop).result(30); } catch (e) { print('raised:', String(e)); }
const g = asyncio.run_coroutine_threadsafe(forever(), loop);
running.wait();
try { g.result(0.1); } catch (e) { print('still running:', (e as Error).name); }
print('cancel:', g.cancel(), g.cancelled());
try { g.result(); } catch (e) { print('result after cancel:', (e as Error).name); }
const h = asyncio.run_coroutine_threadsafe(self_cancel(), loop);
try { h.result(30); } catch (e) { print('cancelled in the loop:', (e as Error).name, h.cancelled()); }
loop.call_soon_threadsafe(loop.stop);
t.join();
print('joined');
`);
  expect(r.state).toBe('finished');
  const out = stdout(r);
  // The loop thread prints 'task sees CancelledError' once the cancellation has crossed to it,
  // concurrently with MainThread's next lines.
  expect(out.filter((l) => l !== 'task sees CancelledError')).toEqual([
    'True False',
    'early: TimeoutError',
    'add done in the loop',
    'result: 3 True None',
    'raised: ValueError: boom',
    'still running: TimeoutError',
    'cancel: True True',
    'result after cancel: CancelledError',
    'cancelled in the loop: CancelledError True',
    'joined',
  ]);
  expect(out).toContain('task sees CancelledError');
});

// In `seeded`: the tasks' sleep(100) timers do not come due while the loop steps 100,000 tasks
// (in `parallel`, 100 s of program time are 5 s of wall time, which a loaded machine may take).
test('wait, gather of gathers, as_completed over 100,000 awaitables; asyncio.run cancels 99,999 left pending', async () => {
  test.setTimeout(120_000);
  const r = await run(`
import * as asyncio from 'asyncio';
async function main() {
  let ts = [];
  for (const i of range(100000)) ts.push(asyncio.create_task(asyncio.sleep(0, i)));
  const [done, pending] = await asyncio.wait(ts);
  print('wait', done.size, pending.size);
  const groups = [];
  for (let g = 0; g < 10; g++) {
    const xs = [];
    for (let i = 0; i < 10000; i++) xs.push(asyncio.sleep(0, i));
    groups.push(asyncio.gather(...xs));
  }
  const r = await asyncio.gather(...groups);
  print('gather of gathers', r.length, r[9].length, r[9][9999]);
  ts = [];
  for (const i of range(100000)) ts.push(asyncio.create_task(asyncio.sleep(0, i)));
  let n = 0;
  for (const c of asyncio.as_completed(ts)) { await c; n++; }
  print('as_completed', n);
  ts = [];
  for (const i of range(100000)) ts.push(asyncio.create_task(asyncio.sleep(i === 0 ? 0 : 100)));
  const [d2, p2] = await asyncio.wait(ts, { return_when: asyncio.FIRST_COMPLETED });
  print('first completed', d2.size, p2.size);
}
asyncio.run(main());
print('run returned');
`, 20, 'seeded');
  expect(r.state).toBe('finished');
  expect(stderr(r)).toEqual([]);
  expect(stdout(r)).toEqual(['wait 100000 0', 'gather of gathers 10 10000 9999', 'as_completed 100000', 'first completed 1 99999', 'run returned']);
});

// In `seeded`: timers come due in the order of their times (in `parallel`, a loop that wakes
// late may find a sleep(0.01) and a 10 s timeout due together, and the timeout wins).
test("asyncio.timeout: the issue's program raises TimeoutError and cancels the inner work", async () => {
  const r = await run(`
import * as asyncio from 'asyncio';
async function inner() {
  try { await asyncio.sleep(1); print('inner finished'); } finally { print('inner cleanup'); }
}
async function main() {
  try {
    await using _ = asyncio.timeout(0.05);
    await inner();
    print('not reached');
  } catch (e) {
    print('caught', String(e), e instanceof TimeoutError, (e as Error).cause instanceof asyncio.CancelledError);
  }
  const loop = asyncio.get_running_loop();
  await using t = asyncio.timeout_at(loop.time() + 10);
  await asyncio.sleep(0.01);
  print('in time', t.expired());
}
asyncio.run(main());
`, 20, 'seeded');
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual(['inner cleanup', 'caught TimeoutError True True', 'in time False']);
});

// In `seeded`: bad's sleep(0.01) ends long before slow's sleep(10) (in `parallel`, a loop that
// wakes late may step both in one iteration, and slow ends before the group cancels it).
test('TaskGroup: a failure cancels the others; uncaught, the ExceptionGroup prints as Python prints it', async () => {
  const r = await run(`
import * as asyncio from 'asyncio';
async function bad() { await asyncio.sleep(0.01); throw new ValueError('task failed'); }
async function slow() {
  try { await asyncio.sleep(10); } catch (e) { print('slow cancelled'); throw e; }
}
async function main() {
  await using tg = new asyncio.TaskGroup();
  tg.create_task(slow());
  tg.create_task(bad());
}
asyncio.run(main());
`, 20, 'seeded');
  expect(r.state).toBe('error');
  expect(stdout(r)).toEqual(['slow cancelled']);
  const err = stderr(r);
  expect(err[0]).toBe('  + Exception Group Traceback (most recent call last):');
  expect(err).toContain('  | ExceptionGroup: unhandled errors in a TaskGroup (1 sub-exception)');
  expect(err).toContain('  +-+---------------- 1 ----------------');
  expect(err).toContain('    | ValueError: task failed');
  expect(err[err.length - 1]).toBe('    +------------------------------------');
});

test('to_thread runs the function in a real thread while the loop goes on', async () => {
  const r = await run(`
import * as asyncio from 'asyncio';
import * as threading from 'threading';
const ready = new threading.Event();
// Waits for the loop to set the event: this only returns if the loop is not blocked by it.
function blocking(x: number) {
  ready.wait();
  return [threading.current_thread().name, x * 2];
}
function fails() { throw new ValueError('in the thread'); }
async function main() {
  const t = asyncio.create_task(asyncio.to_thread(blocking, 21));
  await asyncio.sleep(0.05);
  print('the loop runs while the thread waits');
  ready.set();
  print(await t);
  try { await asyncio.to_thread(fails); } catch (e) { print(String(e)); }
}
asyncio.run(main());
`);
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual(['the loop runs while the thread waits', "['asyncio_0', 42]", 'ValueError: in the thread']);
});
