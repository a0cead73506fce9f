#!/usr/bin/env node
/**
 * Run again: how long a program that does almost nothing takes when it is run again soon after
 * the last run ended (a learner pressing Run repeatedly to see other interleavings, or a script
 * running programs back to back through `window.__playground`). What the page does after a run
 * (terminating its workers, loading replacements into the warm pool, the next run's heap) runs
 * on the cores the next run needs. Each round: a fresh page, then for each gap, 8 runs of
 * `print(1)` in `gil` at `speed=max`, the next `run()` called `gap` ms after the last resolved;
 * the figure is the run's own `elapsedMs`. Medians and maxima over the rounds' runs; nothing
 * is asserted.
 *
 * `--program=race` runs `programs/race-timed.ts.txt` (the `race` scenario, each thread's loop
 * timed; parallel, speed 1) instead, 10 runs per gap, and reports per gap how many runs lost
 * updates, how many had the two loops overlap, and the delay from the first loop's start to the
 * second's (a thread handed a worker still loading starts late: bench/README.md, "Run again").
 *
 * Usage: node bench/rerun.mjs [--n=3] [--gaps=0,300,1000] [--program=race]
 *   BASE_URL=http://127.0.0.1:PORT  an already running `vite preview` of the production build;
 *                                   without it this script starts one (`npx vite build` first).
 * Prints progress on stderr and one JSON object on the last line of stdout.
 */
import { loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH, CONTEXT_OPTIONS, cliArgs, launchChromium, openApp, startPreview, stats } from './common.mjs';

const argv = cliArgs();
const N = Math.max(1, Number(argv.n ?? 3));
const GAPS = String(argv.gaps ?? '0,300,1000').split(',').map(Number);
const RACE = argv.program === 'race';
const RUNS = RACE ? 10 : 8;
const SOURCE = RACE ? readFileSync(join(BENCH, 'programs', 'race-timed.ts.txt'), 'utf8') : 'print(1)';
const OPTIONS = RACE ? { speed: 1, sched: 'parallel' } : { speed: 'max', sched: 'gil', seed: 1 };
const log = (...a) => console.error('[rerun]', ...a);

const out = { date: new Date().toISOString(), loadavgBefore: loadavg().map((x) => Math.round(x * 100) / 100), rounds: N, runsPerGap: RUNS };
const server = process.env.BASE_URL ? null : await startPreview();
const base = process.env.BASE_URL ?? server.base;
const browser = await launchChromium();
const byGap = new Map(GAPS.map((g) => [g, []]));
try {
  for (let k = 0; k < N; k++) {
    const context = await browser.newContext({ ...CONTEXT_OPTIONS, baseURL: base });
    const page = await openApp(context, '/', log);
    // What a user has before the first Run: the warm pool loaded.
    await page.waitForTimeout(2_000);
    for (const gap of GAPS) {
      const rows = await page.evaluate(
        async ([gap, runs, src, options]) => {
          const out = [];
          for (let i = 0; i < runs; i++) {
            await new Promise((res) => setTimeout(res, gap));
            window.__playground.load(src, options);
            const r = await window.__playground.run();
            out.push({ elapsedMs: r.elapsedMs, stdout: r.lines.filter((l) => l.stream === 'stdout').map((l) => l.text) });
          }
          return out;
        },
        [gap, RUNS, SOURCE, OPTIONS],
      );
      byGap.get(gap).push(...rows);
      log(`round ${k + 1} gap ${gap} ms:`, rows.map((r) => (RACE ? raceRow(r) : Math.round(r.elapsedMs))).join(' '));
    }
    await context.close();
  }
  if (RACE) {
    out.raceByGap = Object.fromEntries([...byGap].map(([g, rows]) => [g, raceSummary(rows)]));
    out.unit = 'race runs by ms between one run ending and the next starting';
  } else {
    out.elapsedMsByGap = Object.fromEntries([...byGap].map(([g, rows]) => [g, stats(rows.map((r) => r.elapsedMs), 1)]));
    out.unit = 'ms of run elapsedMs for print(1), by ms between one run ending and the next starting';
  }
  out.loadavgAfter = loadavg().map((x) => Math.round(x * 100) / 100);
  console.log(JSON.stringify(out));
} finally {
  await browser.close();
  server?.stop();
}

/** A race run: its count, whether its two loops overlapped, and the second loop's start delay. */
function raceOf(r) {
  const loops = r.stdout.filter((t) => t.startsWith('loop ')).map((t) => t.split(' ').slice(2).map(Number));
  const count = Number(r.stdout.at(-1));
  if (loops.length !== 2) return { count, overlapped: false, delayMs: NaN };
  const [[a0, a1], [b0, b1]] = loops;
  return { count, overlapped: a0 < b1 && b0 < a1, delayMs: Math.abs(b0 - a0) };
}

function raceRow(r) {
  const x = raceOf(r);
  return `${x.count < 2_000_000 ? 'lost' : 'exact'}/${Math.round(x.delayMs)}ms`;
}

function raceSummary(rows) {
  const xs = rows.map(raceOf);
  return {
    runs: xs.length,
    lostUpdates: xs.filter((x) => x.count < 2_000_000).length,
    loopsOverlapped: xs.filter((x) => x.overlapped).length,
    secondLoopDelayMs: stats(xs.map((x) => x.delayMs), 1),
  };
}
