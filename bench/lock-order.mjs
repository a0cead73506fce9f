#!/usr/bin/env node
/**
 * What the lock-order detector costs (docs/diagnostics.md "Lock order"): the same programs with
 * the run's detectors on (the default) and off (`load(src, {detectors: false})`), interleaved in
 * one page so drifting machine load hits both alike (bench/run.mjs's tracing figure does the same):
 * - `lock`: the `lock` scenario's loop (two threads × 1,000,000 locked increments of a shared
 *   field): a thread holding no other lock, the detector's uncontended path;
 * - `nested`: the same with a second lock taken inside the first, in the same order in both
 *   threads (every inner acquisition is "while holding": the nested path, one known edge);
 * both in `parallel`: `work_s`, first start() to last join() (median of the rounds), and `bestNs`,
 * the fastest chunk of 10,000 iterations of either thread in any round, in ns per iteration: the
 * steady state, which a loaded machine can only make slower (short chunks: more of them run
 * uninterrupted); and `lock` in `gil` at `speed=max` (the run's wall time as the page sees it:
 * program clocks are virtual there).
 * With detectors off the run has none of them: on this branch that is the lock-order detector's
 * cost alone (the race detector, when merged, is off too).
 *
 * Usage: npm run build && node bench/lock-order.mjs [--n=5]   (BASE_URL=…: a running `vite preview`)
 * Prints progress on stderr and one JSON object on stdout. Nothing is asserted.
 */
import { loadavg } from 'node:os';
import { CONTEXT_OPTIONS, cliArgs, launchChromium, openApp, round, startPreview, stats } from './common.mjs';

const argv = cliArgs();
const N = Math.max(1, Number(argv.n ?? 5));
const log = (...a) => console.error('[lock-order]', ...a);

/** Two threads, each running `body` 1,000,000 times in chunks of 10,000 (perf_counter per chunk). */
function program(locks, body) {
  return `import * as time from 'time';
import { Thread, Lock } from 'threading';
${locks.map((l) => `const ${l} = new Lock();`).join('\n')}
const g = shared({ num: 0 });
function run1(k: number) {
  const chunks: number[] = [];
  let c0 = time.perf_counter();
  for (let i = 0; i < 100; i++) {
    for (const _ of range(10000)) {
${body}
    }
    const c1 = time.perf_counter();
    chunks.push(Math.round((c1 - c0) * 1e9) / 1e3);
    c0 = c1;
  }
  print(\`phase {"thread": \${k}, "chunks_us": [\${chunks.join(', ')}]}\`);
}
const t1 = new Thread({ target: run1, args: [1] });
const t2 = new Thread({ target: run1, args: [2] });
const t0 = time.perf_counter();
t1.start();
t2.start();
t1.join();
t2.join();
print(\`bench {"work_s": \${time.perf_counter() - t0}, "num": \${g.num}}\`);
`;
}
const LOCK = program(['lock'], '      using _ = lock.hold();\n      g.num += 1;');
const NESTED = program(['outer', 'inner'], '      using _o = outer.hold();\n      using _i = inner.hold();\n      g.num += 1;');
const CASES = [
  { name: 'lock', src: LOCK, sched: 'parallel' },
  { name: 'nested', src: NESTED, sched: 'parallel' },
  { name: 'lock', src: LOCK, sched: 'gil' },
];

async function runOnce(page, c, detectors) {
  const r = await page.evaluate(
    async ([src, sched, detectors]) => {
      const opts = sched === 'parallel' ? { speed: 1, detectors } : { speed: 'max', sched, seed: 1, detectors };
      window.__playground.load(src, opts);
      const t0 = performance.now();
      const res = await window.__playground.run();
      const wallMs = performance.now() - t0;
      const texts = res.lines.map((l) => l.text);
      const bench = texts.filter((t) => t.startsWith('bench ')).pop();
      const chunks = texts.filter((t) => t.startsWith('phase ')).flatMap((t) => JSON.parse(t.slice(6)).chunks_us);
      const warnings = res.lines.filter((l) => l.stream === 'warning').length;
      return { state: res.state, wallMs, bench: bench ? JSON.parse(bench.slice(6)) : null, chunks, warnings };
    },
    [c.src, c.sched, detectors],
  );
  if (r.state !== 'finished' || r.bench?.num !== 2_000_000 || r.warnings !== 0) {
    throw new Error(`${c.name} ${c.sched} (detectors ${detectors}) went wrong: ${JSON.stringify({ ...r, chunks: r.chunks.length })}`);
  }
  await page.waitForTimeout(800); // the trace folds and the workers settle before the next run
  const bestNs = (Math.min(...r.chunks) * 1e3) / 10_000;
  return { ms: c.sched === 'parallel' ? r.bench.work_s * 1000 : r.wallMs, bestNs: c.sched === 'parallel' ? bestNs : null };
}

const out = { date: new Date().toISOString(), loadavgBefore: loadavg().map((x) => round(x, 2)), rounds: N };
const server = process.env.BASE_URL ? null : await startPreview();
const base = process.env.BASE_URL ?? server.base;
const browser = await launchChromium();
try {
  const context = await browser.newContext({ ...CONTEXT_OPTIONS, baseURL: base });
  const page = await openApp(context, '/#example=lock', log);
  for (const c of CASES) {
    const rows = { true: [], false: [] };
    for (let k = 0; k < N; k++) {
      // Alternate which goes first, so an order effect falls on both alike.
      for (const d of k % 2 === 0 ? [true, false] : [false, true]) rows[d].push(await runOnce(page, c, d));
      log(c.name, c.sched, k + 1, 'on', rows.true.at(-1), 'off', rows.false.at(-1));
    }
    const [on, off] = [rows.true.map((r) => r.ms), rows.false.map((r) => r.ms)];
    const pct = on.map((x, k) => ((x - off[k]) / off[k]) * 100);
    const best = (d) => Math.min(...rows[d].map((r) => r.bestNs ?? Infinity));
    out[`${c.name}-${c.sched}`] = {
      onMs: stats(on, 1),
      offMs: stats(off, 1),
      overheadPct: stats(pct, 1),
      medianOverheadPct: round(((stats(on).median - stats(off).median) / stats(off).median) * 100, 1),
      unit: c.sched === 'parallel' ? 'ms, in-program work_s' : 'ms, run() wall time',
      ...(c.sched === 'parallel'
        ? { bestNs: { on: round(best(true), 1), off: round(best(false), 1), overheadPct: round(((best(true) - best(false)) / best(false)) * 100, 1) } }
        : {}),
    };
  }
  await context.close();
} finally {
  await browser.close();
  server?.stop();
}
out.loadavgAfter = loadavg().map((x) => round(x, 2));
console.log(JSON.stringify(out, null, 1));
