/**
 * Thread start-up and what a finished thread gives back (issue 13 §2). A finished thread's
 * worker parks and serves the run's next `start()`, and the thread's ring and start data go back
 * to the heap: so a thread-per-task loop runs as long as the program wants, and nothing of one
 * thread leaks into the next thread that its worker runs.
 */
import { expect, test } from '@playwright/test';
import { sharedPlayground, stderr, stdout } from './shared-page';
import { WARM_WORKERS } from '../src/supervisor/worker-pool';

const pg = sharedPlayground();

const threadPerTask = (n: number) => `import { Thread } from 'threading';
const g = shared({ n: 0 });
function work(k: number) { g.n += k; }
for (let i = 0; i < ${n}; i++) {
  const t = new Thread({ target: work, args: [1] });
  t.start();
  t.join();
}
print('done', g.n);
`;

test('a thread-per-task loop of 7,000 threads finishes, and the heap it leaves does not grow with the thread count', async () => {
  // Each finished thread used to keep ~140 KB (its ring and start data), and then, with the race
  // detector on (the default), two 2 KB clock blocks for its start and end that were made even
  // after the detector had gone quiet (past its 511 threads): such a loop died of MemoryError
  // after ~340 threads, then after ~6,000.
  test.setTimeout(240_000);
  const heapAfter: number[] = [];
  for (const n of [1000, 7000]) {
    const r = await pg.run(threadPerTask(n), 1);
    expect(stderr(r)).toEqual([]);
    expect(r.state).toBe('finished');
    expect(stdout(r)).toEqual([`done ${n}`]);
    expect(r.heapUsedBytes).toBeGreaterThan(0);
    heapAfter.push(r.heapUsedBytes ?? 0);
  }
  // What stays per finished thread is its Thread record and name (~80 bytes): the program may
  // still hold the handle. Two clock blocks a thread were ~4,100.
  const perThread = ((heapAfter[1] ?? 0) - (heapAfter[0] ?? 0)) / 6000;
  expect(perThread).toBeLessThan(200);
});

test('nothing of a thread leaks into the next thread its worker runs', async () => {
  test.setTimeout(120_000);
  // Each round's thread checks what a previous thread on the same worker could have left:
  // threading.local() values, its own identity, a held lock count, an asyncio loop, a
  // module-level variable it changed (each thread gets the main thread's copy).
  const r = await pg.run(
    `import { Thread, local, current_thread, Lock } from 'threading';
import * as asyncio from 'asyncio';
const box = new local();
let counter = 0;
const lock = new Lock();
async function hello(k: number) {
  await asyncio.sleep(0);
  return k * 2;
}
function work(k: number) {
  const seen = (box as { v?: number }).v;
  (box as { v?: number }).v = k;
  counter += 1;
  const doubled = asyncio.run(hello(k));
  let loopErr = 'none';
  try { asyncio.get_running_loop(); } catch (e) { loopErr = (e as Error).name; }
  print(k, current_thread().name, 'local:', seen === undefined ? 'unset' : seen, 'counter:', counter, 'doubled:', doubled, 'loop after run:', loopErr);
  if (k === 3) throw new ValueError('thread 3 fails');
}
for (let k = 1; k <= 6; k++) {
  const t = new Thread({ target: work, args: [k], name: 'T' + k });
  t.start();
  t.join();
}
lock.acquire();
print('main lock held:', lock.locked());
`,
    1,
  );
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual([
    ...[1, 2, 3, 4, 5, 6].map((k) => `${k} T${k} local: unset counter: 1 doubled: ${k * 2} loop after run: RuntimeError`),
    'main lock held: True',
  ]);
  expect(stderr(r)[0]).toBe('Exception in thread T3:');
  expect(stderr(r).at(-1)).toBe('ValueError: thread 3 fails');
});

test('250 threads alive at once all start, sleep and end', async () => {
  test.setTimeout(180_000);
  const r = await pg.run(
    `import { Thread, active_count } from 'threading';
import * as time from 'time';
function sleeper() { time.sleep(1); }
const ts: Thread[] = [];
for (let i = 0; i < 250; i++) {
  const t = new Thread({ target: sleeper });
  t.start();
  ts.push(t);
}
for (const t of ts) t.join();
print('started', ts.length, 'after join', active_count());
`,
    10,
  );
  expect(stderr(r)).toEqual([]);
  expect(r.state).toBe('finished');
  expect(stdout(r)).toEqual(['started 250 after join 1']);
});

test('processes and threads share the parked workers: a process after threads, threads after a process', async () => {
  test.setTimeout(120_000);
  const r = await pg.run(
    `import { Thread, current_thread } from 'threading';
import { Process, Queue, current_process } from 'multiprocessing';
const g = shared({ n: 0 });
function inThread(q: Queue) { g.n += 1; q.put(['thread', current_thread().name, current_process().name]); }
function inProcess(q: Queue) { g.n += 100; q.put(['process', current_thread().name, current_process().name, g.n]); }
const q = new Queue();
for (let round = 0; round < 3; round++) {
  const t = new Thread({ target: inThread, args: [q], name: 'T' + round });
  t.start(); t.join();
  print(...(q.get() as unknown[]));
  const p = new Process({ target: inProcess, args: [q], name: 'P' + round });
  p.start(); p.join();
  print(...(q.get() as unknown[]), p.exitcode);
}
print('parent sees', g.n);
`,
    1,
  );
  expect(stderr(r)).toEqual([]);
  expect(stdout(r)).toEqual([
    'thread T0 MainProcess',
    'process MainThread P0 101 0',
    'thread T1 MainProcess',
    'process MainThread P1 102 0',
    'thread T2 MainProcess',
    'process MainThread P2 103 0',
    'parent sees 3',
  ]);
});

test('a standby worker that goes back to the pool brings nothing of its run into the next', async () => {
  test.setTimeout(120_000);
  // The first run starts no thread: its three parked workers run none of its code and serve the
  // next run (supervisor.ts releaseFresh). What the first run's MainThread did to its own
  // worker's globals must not be seen by the second run's threads, whatever worker they get.
  const first = await pg.run(
    `(globalThis as unknown as { leak?: string }).leak = 'from run 1';
print('set');
`,
    1,
  );
  expect(stdout(first)).toEqual(['set']);
  const second = await pg.run(
    `import { Thread } from 'threading';
function look(k: number) { print(k, typeof (globalThis as unknown as { leak?: string }).leak); }
const ts = [1, 2, 3, 4].map((k) => new Thread({ target: look, args: [k] }));
for (const t of ts) { t.start(); t.join(); }
print('main', typeof (globalThis as unknown as { leak?: string }).leak);
`,
    1,
  );
  expect(stderr(second)).toEqual([]);
  expect(stdout(second)).toEqual(['1 undefined', '2 undefined', '3 undefined', '4 undefined', 'main undefined']);
});

test('forty runs back to back, each starting two threads, all finish (workers back from the pool answer)', async () => {
  test.setTimeout(180_000);
  // Workers that come back to the pool serve run after run. Each has one comlink proxy for its
  // life: comlink stops a worker listening once its proxies are garbage-collected, and such a
  // worker never answered the next run that took it (1 run in 10 hung until the time limit).
  const p = pg.page();
  const outs = await p.evaluate(async () => {
    const src = `import { Thread } from 'threading';
function work() { let x = 0; for (let i = 0; i < 20000; i++) x += i; return x; }
const a = new Thread({ target: work });
const b = new Thread({ target: work });
a.start(); b.start(); a.join(); b.join();
print('ok');
`;
    const got: string[] = [];
    for (let i = 0; i < 40; i++) {
      window.__playground!.load(src, { speed: 1 });
      const run = window.__playground!.run();
      const r = await Promise.race([run, new Promise<null>((res) => setTimeout(() => res(null), 15_000))]);
      if (r === null) {
        window.__playground!.stop();
        await run;
        got.push(`run ${i} did not end within 15 s`);
        continue;
      }
      got.push(`${r.state} ${r.lines.filter((l) => l.stream === 'stdout').map((l) => l.text).join(',')}`);
    }
    return got;
  });
  expect(outs).toEqual(Array(40).fill('finished ok'));
});

test('a run uses up MainThread’s worker only: its three parked ones go back to the pool, which is refilled to its size', async ({ browser }) => {
  test.setTimeout(120_000);
  // Counts the program workers the page makes (Monaco's have other names). A run of a program
  // that starts no thread takes 1 + STANDBY (3) workers from the pool (supervisor.ts); the three
  // parked ones run no program code and go back to the pool at the run's end, so the pool is
  // refilled to WARM_WORKERS with one new worker per run, however the runs fall (back to back
  // here). Runs used to take 7 (STANDBY parked twice over), then 4, each loading on the cores
  // of the run after it.
  const page = await browser.newPage();
  try {
    await page.addInitScript(() => {
      const Base = window.Worker;
      const w = window as unknown as { __programWorkers: number };
      w.__programWorkers = 0;
      window.Worker = class extends Base {
        constructor(url: string | URL, options?: WorkerOptions) {
          super(url, options);
          if (options?.name === 'program') w.__programWorkers += 1;
        }
      };
    });
    await page.goto('/');
    await page.waitForFunction(() => !!window.__playground);
    const made = () => page.evaluate(() => (window as unknown as { __programWorkers: number }).__programWorkers);
    await expect.poll(made, { timeout: 30_000 }).toBe(WARM_WORKERS);
    const runs = 6;
    const perRun = 1; // MainThread's worker
    const states = await page.evaluate(async (runs) => {
      const out: string[] = [];
      for (let i = 0; i < runs; i++) {
        window.__playground!.load(`print(${i})`, { speed: 1 });
        out.push((await window.__playground!.run()).state);
      }
      return out;
    }, runs);
    expect(states).toEqual(Array(runs).fill('finished'));
    await expect.poll(made, { timeout: 30_000 }).toBe(WARM_WORKERS + runs * perRun);
    // and it stays there: nothing else takes or makes workers while the page is idle
    await page.waitForTimeout(1_000);
    expect(await made()).toBe(WARM_WORKERS + runs * perRun);
  } finally {
    await page.close();
  }
});
