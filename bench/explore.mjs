#!/usr/bin/env node
/**
 * The outcome explorer's rate (issue 17; docs/diagnostics.md "Outcome explorer"): runs per second
 * of `window.__playground.explore()`, each exploration in a fresh page (its first runs load the
 * Workers the rest reuse). Programs:
 * - `print`: one thread printing one line (one decision per run: the explorer's floor per run);
 * - `lost-update`: two threads each doing `v = g.n; g.n = v + 1` twice, MainThread joining them
 *   and printing g.n, explored without the partial-order reduction for BUDGET_MS (every run a
 *   new schedule of ~20 decisions), and with it, to the end (how long `complete` takes);
 * - `deadlock`: the `deadlock` scenario without its sleeps, for BUDGET_MS (locks and prints).
 *
 * Usage: node bench/explore.mjs [N=3] [BUDGET_MS=10000]
 *        (BASE_URL=http://127.0.0.1:PORT: a running `vite preview`)
 * Prints progress on stderr and one JSON object on stdout. Nothing is asserted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { CONTEXT_OPTIONS, ROOT, launchChromium, openApp, startPreview, stats } from './common.mjs';

const N = Math.max(1, Number(process.argv[2] ?? 3));
const BUDGET_MS = Math.max(1000, Number(process.argv[3] ?? 10_000));
const log = (...a) => console.error('[explore]', ...a);

const PRINT = `print('hi');\n`;
const LOST_UPDATE = readFileSync(join(ROOT, 'bench/programs/lost-update-twice.ts.txt'), 'utf8');
const DEADLOCK = readFileSync(join(ROOT, 'src/scenarios/deadlock/port.ts'), 'utf8').replace(/^\s*time\.sleep\(0\.5\);\n/gm, '');

const CASES = [
  { name: 'print', source: PRINT, options: { budgetMs: BUDGET_MS } },
  { name: 'lostUpdateNoReduction', source: LOST_UPDATE, options: { budgetMs: BUDGET_MS, reduce: false } },
  { name: 'lostUpdateReduced', source: LOST_UPDATE, options: { budgetMs: 120_000 } },
  { name: 'deadlockNoSleeps', source: DEADLOCK, options: { budgetMs: BUDGET_MS } },
];

async function once(browser, base, c) {
  const context = await browser.newContext(CONTEXT_OPTIONS);
  try {
    const page = await openApp(context, `${base}/#example=thread-target`, log);
    return await page.evaluate(
      async ({ source, options }) => {
        window.__playground.load(source, {});
        const t = performance.now();
        const r = await window.__playground.explore(options);
        const ms = performance.now() - t;
        return { ms, runs: r.runs, complete: r.complete, outcomes: r.outcomes.length };
      },
      { source: c.source, options: c.options },
    );
  } finally {
    await context.close();
  }
}

const out = { date: new Date().toISOString(), loadavgBefore: loadavg().map((x) => Math.round(x * 100) / 100), repeats: N, budgetMs: BUDGET_MS };
const server = process.env.BASE_URL ? null : await startPreview();
const base = process.env.BASE_URL ?? server.base;
const browser = await launchChromium();
try {
  for (const c of CASES) {
    const rates = [];
    const times = [];
    let last = null;
    for (let k = 0; k < N; k++) {
      const r = await once(browser, base, c);
      rates.push((r.runs * 1000) / r.ms);
      times.push(r.ms);
      last = r;
      log(c.name, k, r);
    }
    out[c.name] = {
      runsPerS: { ...stats(rates, 1), unit: 'runs per second over the whole exploration (first runs load the Workers)' },
      ms: { ...stats(times, 0), unit: 'ms from explore() to its result' },
      runs: last?.runs,
      complete: last?.complete,
      outcomes: last?.outcomes,
    };
  }
} finally {
  await browser.close();
  server?.stop();
}
out.loadavgAfter = loadavg().map((x) => Math.round(x * 100) / 100);
console.log(JSON.stringify(out, null, 1));
