#!/usr/bin/env node
/**
 * Step mode's Back and step links (issue 16; docs/deterministic-runs.md "Step mode"), each in a
 * fresh page: a program of 10,000 scheduling points (`g.n += 1` 5,000 times: a read and a
 * write each) opened from a step link that carries 10,000 steps, then Back once.
 * - open: from navigation to the first stop (the page loads, the run starts and replays 10,000
 *   decisions, then waits for the learner);
 * - back: `window.__playground.back()` at step 10,000: the same run replayed to step 9,999.
 * All steps are MainThread's, so no token changes hands; a step that switches threads adds one
 * hand-off (bench/sched.mjs: about 0.1 ms).
 *
 * Usage: node bench/step.mjs [N=5]   (BASE_URL=http://127.0.0.1:PORT: a running `vite preview`)
 * Prints progress on stderr and one JSON object on stdout. Nothing is asserted.
 */
import { loadavg } from 'node:os';
import lz from 'lz-string';
import { CONTEXT_OPTIONS, launchChromium, startPreview, stats } from './common.mjs';

const N = Math.max(1, Number(process.argv[2] ?? 5));
const STEPS = 10_000;
const log = (...a) => console.error('[step]', ...a);

const SRC = `const g = shared({ n: 0 });
for (let i = 0; i < ${STEPS / 2 + 10}; i++) g.n += 1;
print(g.n);
`;

async function once(browser, base) {
  const context = await browser.newContext(CONTEXT_OPTIONS);
  const page = await context.newPage();
  try {
    const t0 = Date.now();
    await page.goto(`${base}/?sched=step&steps=1x${STEPS}#code/${lz.compressToEncodedURIComponent(SRC)}`);
    await page.waitForFunction(() => window.crossOriginIsolated && !!window.__playground, null, { timeout: 30_000 });
    const first = await page.evaluate(() => window.__playground.runnable());
    const openMs = Date.now() - t0;
    if (first.length !== 1 || first[0].op !== 'read g.n') throw new Error(`unexpected stop: ${JSON.stringify(first)}`);
    const backMs = await page.evaluate(async () => {
      const t = performance.now();
      await window.__playground.back();
      await window.__playground.runnable();
      return performance.now() - t;
    });
    const after = await page.evaluate(() => window.__playground.runnable());
    if (after[0]?.op !== 'write g.n') throw new Error(`Back stopped at ${JSON.stringify(after)}`);
    return { openMs, backMs };
  } finally {
    await context.close();
  }
}

const out = { date: new Date().toISOString(), loadavgBefore: loadavg().map((x) => Math.round(x * 100) / 100), repeats: N, steps: STEPS };
const server = process.env.BASE_URL ? null : await startPreview();
const base = process.env.BASE_URL ?? server.base;
const browser = await launchChromium();
try {
  const open = [];
  const back = [];
  for (let k = 0; k < N; k++) {
    const r = await once(browser, base);
    open.push(r.openMs);
    back.push(r.backMs);
    log(k, r);
  }
  out.openMs = { ...stats(open), unit: 'ms from navigation to the stop after 10,000 replayed steps (fresh page)' };
  out.backMs = { ...stats(back), unit: 'ms for Back at step 10,000 (replay to 9,999 and stop)' };
} finally {
  await browser.close();
  server?.stop();
}
out.loadavgAfter = loadavg().map((x) => Math.round(x * 100) / 100);
console.log(JSON.stringify(out, null, 1));
