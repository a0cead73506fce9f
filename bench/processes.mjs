#!/usr/bin/env node
/**
 * Processes benchmark (docs/quality-bars.md: "The `process` scenario's 10 processes all started ≤ 200 ms
 * after Run"), plus multiprocessing.Queue throughput between two processes, each compared in the
 * same run with `python3` running the equivalent Python (bench/py/processes_start.py,
 * bench/py/mp_queue_throughput.py).
 *
 * Usage: node bench/processes.mjs [N=5]
 *   BASE_URL=http://127.0.0.1:PORT  an already running `vite preview` of the production build
 *                                   (bench/run.mjs passes it); without it this script starts one
 *                                   on a free port. It builds nothing: `npx vite build` first.
 *   CHROMIUM_PATH                   default /usr/bin/chromium
 * Prints progress on stderr and one JSON object on the last line of stdout.
 *
 * Start-up is read from the run's trace (`window.__playground.trace()`, Chrome trace-event JSON,
 * program µs since the run started): a process lane's first slice opens at its `thread` event
 * (start() called: slot, ring and payload ready, worker handed the tid), and its first print is
 * the child running the target's first line. Process-1 runs `func(0)`, which prints nothing, so
 * "running" covers the nine others. Figures are medians (and min/max) of N runs; the machine's
 * load average is reported with them, and nothing is asserted.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { BENCH, CONTEXT_OPTIONS, ROOT, launchChromium, startPreview, stats as statsTo } from './common.mjs';

const N = Math.max(1, Number(process.argv[2] ?? 5));
const ITEMS = 100_000;
const log = (...a) => console.error('[processes]', ...a);

const stats = (xs) => statsTo(xs, 1);

/** The playground program for the queue throughput (bench/py/mp_queue_throughput.py's twin). */
const QUEUE_PROGRAM = `import { Process, Queue } from 'multiprocessing';
import * as time from 'time';

const N = ${ITEMS};

function producer(q: Queue) {
  for (let i = 0; i < N; i++) q.put(i);
  q.put(null);
}

function consumer(q: Queue, out: Queue) {
  let n = 0;
  while (true) {
    const x = q.get();
    if (x === null) break;
    n += 1;
  }
  out.put([n, time.perf_counter()]);
}

const q = new Queue();
const out = new Queue();
const t0 = time.perf_counter();
const c = new Process({ target: consumer, args: [q, out] });
const p = new Process({ target: producer, args: [q] });
c.start();
p.start();
const [n, t1] = out.get() as [number, number];
p.join();
c.join();
const dt = t1 - t0;
print('bench ' + JSON.stringify({ items: n, seconds: dt, itemsPerSec: n / dt }));
`;

/** One run of the `process` scenario, stopped after `ms`: its trace's process start times (program µs). */
async function processStartup(page, source) {
  const trace = await page.evaluate(async (src) => {
    const pg = window.__playground;
    pg.load(src, { speed: 1 });
    const done = pg.run();
    await new Promise((r) => setTimeout(r, 1500));
    pg.stop();
    await done;
    return pg.trace();
  }, source);
  const names = new Map();
  for (const e of trace.traceEvents) if (e.ph === 'M' && e.name === 'process_name') names.set(e.pid, e.args?.name);
  const spawned = new Map();
  const printed = new Map();
  for (const e of trace.traceEvents) {
    if (e.pid === 1 || typeof e.ts !== 'number') continue;
    if (e.ph === 'X' && !(spawned.get(e.pid) <= e.ts)) spawned.set(e.pid, e.ts);
    if (e.ph === 'i' && e.cat === 'stdout' && !(printed.get(e.pid) <= e.ts)) printed.set(e.pid, e.ts);
  }
  const procs = [...spawned.keys()].filter((pid) => /^Process-\d+$/.test(String(names.get(pid) ?? 'Process-0')));
  return {
    processes: procs.length,
    allSpawnedMs: procs.length ? Math.max(...procs.map((p) => spawned.get(p))) / 1000 : null,
    firstSpawnedMs: procs.length ? Math.min(...procs.map((p) => spawned.get(p))) / 1000 : null,
    printing: printed.size,
    allRunningMs: printed.size ? Math.max(...printed.values()) / 1000 : null,
  };
}

async function queueThroughput(page) {
  const line = await page.evaluate(async (src) => {
    const pg = window.__playground;
    pg.load(src, { speed: 1 });
    const res = await pg.run();
    return res.lines.map((l) => l.text).filter((t) => t.startsWith('bench ')).pop() ?? JSON.stringify(res.lines.slice(-5));
  }, QUEUE_PROGRAM);
  if (!line.startsWith('bench ')) throw new Error(`queue program printed no result: ${line}`);
  return JSON.parse(line.slice(6));
}

function python(script, args = []) {
  const launched = Date.now();
  const r = spawnSync('python3', [join(BENCH, 'py', script), ...args], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`python3 ${script} failed: ${r.stderr || r.error}`);
  return { ...JSON.parse(r.stdout.trim().split('\n').pop()), launched };
}

const out = { bench: 'processes', n: N, loadavgBefore: loadavg().map((x) => Math.round(x * 100) / 100) };
let server = null;
const browser = await launchChromium();
try {
  const base = process.env.BASE_URL ?? (server = await startPreview()).base;
  const page = await browser.newPage(CONTEXT_OPTIONS);
  page.on('pageerror', (e) => log('page error:', e.message));
  await page.goto(`${base}/`);
  await page.waitForFunction(() => window.crossOriginIsolated && !!window.__playground, null, { timeout: 30_000 });
  // A user reads the page before pressing Run: the warm worker pool is full by then.
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);

  const scenario = readFileSync(join(ROOT, 'src', 'scenarios', 'process', 'port.ts'), 'utf8');
  const starts = [];
  for (let k = 0; k < N; k++) {
    starts.push(await processStartup(page, scenario));
    log('process start', JSON.stringify(starts.at(-1)));
  }
  const py = [];
  for (let k = 0; k < N; k++) {
    const r = python('processes_start.py');
    py.push({ fromScriptStartMs: r.fromScriptStartMs, fromLaunchMs: r.lastStartEpochMs - r.launched });
  }
  out.processStart = {
    playground: {
      processes: starts[0]?.processes,
      allSpawnedMs: stats(starts.map((s) => s.allSpawnedMs)),
      allRunningMs: stats(starts.map((s) => s.allRunningMs)),
      unit: 'ms from run start (trace t=0) to the last of the 10 processes spawned / to the last one running its first line',
    },
    python: {
      fromScriptStartMs: stats(py.map((p) => p.fromScriptStartMs)),
      fromLaunchMs: stats(py.map((p) => p.fromLaunchMs)),
      unit: 'ms to the last of the 10 children running its target (fork), from the script\'s first line / from launching python3',
    },
    target: '≤ 200 ms after Run',
  };

  const pg = [];
  for (let k = 0; k < N; k++) {
    pg.push(await queueThroughput(page));
    log('queue', JSON.stringify(pg.at(-1)));
  }
  const pq = [];
  for (let k = 0; k < N; k++) pq.push(python('mp_queue_throughput.py', [String(ITEMS)]));
  const pgRate = stats(pg.map((r) => r.itemsPerSec));
  const pyRate = stats(pq.map((r) => r.itemsPerSec));
  out.mpQueue = {
    items: ITEMS,
    playground: { itemsPerSec: pgRate },
    python: { itemsPerSec: pyRate },
    ratio: pgRate.median && pyRate.median ? Math.round((pgRate.median / pyRate.median) * 100) / 100 : null,
    unit: 'items/s, producer process → consumer process, timed from before start() to the last get',
  };
} finally {
  await browser.close();
  server?.stop();
}
out.loadavgAfter = loadavg().map((x) => Math.round(x * 100) / 100);
console.log(JSON.stringify(out));
