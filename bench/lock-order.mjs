#!/usr/bin/env node
/**
 * What the lock-order detector costs (docs/diagnostics.md "Lock order"): the same programs with
 * the run's detectors on (the default) and off (`load(src, {detectors: false})`), interleaved in
 * one page so drifting machine load hits both alike (bench/run.mjs's tracing figure does the same):
 * - `lock`: bench/programs/lock.ts.txt (the `lock` scenario, two threads × 1,000,000 locked
 *   increments): the uncontended path, a thread holding no other lock;
 * - `nested`: bench/programs/lock-nested.ts.txt, the same with a second lock taken inside the
 *   first (every inner acquisition is "while holding": the nested path, one known edge);
 * both in `parallel` (the program's own `work_s`, first start() to last join()), and `lock` in
 * `gil` at `speed=max` (the run's wall time as the page sees it: program clocks are virtual).
 * With detectors off the run has none of them: on this branch that is the lock-order detector's
 * cost alone (the race detector, when merged, is off too).
 *
 * Usage: npm run build && node bench/lock-order.mjs [--n=5]   (BASE_URL=…: a running `vite preview`)
 * Prints progress on stderr and one JSON object on stdout. Nothing is asserted.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { BENCH, CONTEXT_OPTIONS, cliArgs, launchChromium, openApp, round, startPreview, stats } from './common.mjs';

const argv = cliArgs();
const N = Math.max(1, Number(argv.n ?? 5));
const log = (...a) => console.error('[lock-order]', ...a);
const program = (name) => readFileSync(join(BENCH, 'programs', `${name}.ts.txt`), 'utf8');

const CASES = [
  { name: 'lock', src: program('lock'), sched: 'parallel' },
  { name: 'nested', src: program('lock-nested'), sched: 'parallel' },
  { name: 'lock', src: program('lock'), sched: 'gil' },
];

async function runOnce(page, c, detectors) {
  const r = await page.evaluate(
    async ([src, sched, detectors]) => {
      const opts = sched === 'parallel' ? { speed: 1, detectors } : { speed: 'max', sched, seed: 1, detectors };
      window.__playground.load(src, opts);
      const t0 = performance.now();
      const res = await window.__playground.run();
      const wallMs = performance.now() - t0;
      const bench = res.lines.map((l) => l.text).filter((t) => t.startsWith('bench ')).pop();
      const warnings = res.lines.filter((l) => l.stream === 'warning').length;
      return { state: res.state, wallMs, bench: bench ? JSON.parse(bench.slice(6)) : null, warnings };
    },
    [c.src, c.sched, detectors],
  );
  if (r.state !== 'finished' || r.bench?.num !== 2_000_000 || r.warnings !== 0) {
    throw new Error(`${c.name} ${c.sched} (detectors ${detectors}) went wrong: ${JSON.stringify(r)}`);
  }
  await page.waitForTimeout(800); // the trace folds and the workers settle before the next run
  return c.sched === 'parallel' ? r.bench.work_s * 1000 : r.wallMs;
}

const out = { date: new Date().toISOString(), loadavgBefore: loadavg().map((x) => round(x, 2)), rounds: N };
const server = process.env.BASE_URL ? null : await startPreview();
const base = process.env.BASE_URL ?? server.base;
const browser = await launchChromium();
try {
  const context = await browser.newContext({ ...CONTEXT_OPTIONS, baseURL: base });
  const page = await openApp(context, '/#example=lock', log);
  for (const c of CASES) {
    const on = [];
    const off = [];
    for (let k = 0; k < N; k++) {
      // Alternate which goes first, so an order effect falls on both alike.
      for (const d of k % 2 === 0 ? [true, false] : [false, true]) (d ? on : off).push(await runOnce(page, c, d));
      log(c.name, c.sched, k + 1, 'on', round(on.at(-1), 1), 'off', round(off.at(-1), 1));
    }
    const pct = on.map((x, k) => ((x - off[k]) / off[k]) * 100);
    out[`${c.name}-${c.sched}`] = {
      onMs: stats(on, 1),
      offMs: stats(off, 1),
      overheadPct: stats(pct, 1),
      medianOverheadPct: round(((stats(on).median - stats(off).median) / stats(off).median) * 100, 1),
      unit: c.sched === 'parallel' ? 'ms, in-program work_s' : 'ms, run() wall time',
    };
  }
  await context.close();
} finally {
  await browser.close();
  server?.stop();
}
out.loadavgAfter = loadavg().map((x) => round(x, 2));
console.log(JSON.stringify(out, null, 1));
