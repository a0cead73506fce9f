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
 * Usage: node bench/rerun.mjs [--n=3] [--gaps=0,300,1000]
 *   BASE_URL=http://127.0.0.1:PORT  an already running `vite preview` of the production build;
 *                                   without it this script starts one (`npx vite build` first).
 * Prints progress on stderr and one JSON object on the last line of stdout.
 */
import { loadavg } from 'node:os';
import { CONTEXT_OPTIONS, cliArgs, launchChromium, openApp, startPreview, stats } from './common.mjs';

const argv = cliArgs();
const N = Math.max(1, Number(argv.n ?? 3));
const GAPS = String(argv.gaps ?? '0,300,1000').split(',').map(Number);
const RUNS = 8;
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
      const ms = await page.evaluate(
        async ([gap, runs]) => {
          const out = [];
          for (let i = 0; i < runs; i++) {
            await new Promise((res) => setTimeout(res, gap));
            window.__playground.load('print(1)', { speed: 'max', sched: 'gil', seed: 1 });
            out.push((await window.__playground.run()).elapsedMs);
          }
          return out;
        },
        [gap, RUNS],
      );
      byGap.get(gap).push(...ms);
      log(`round ${k + 1} gap ${gap} ms:`, ms.map((x) => Math.round(x)).join(' '));
    }
    await context.close();
  }
  out.elapsedMsByGap = Object.fromEntries([...byGap].map(([g, xs]) => [g, stats(xs, 1)]));
  out.unit = 'ms of run elapsedMs for print(1), by ms between one run ending and the next starting';
  out.loadavgAfter = loadavg().map((x) => Math.round(x * 100) / 100);
  console.log(JSON.stringify(out));
} finally {
  await browser.close();
  server?.stop();
}
