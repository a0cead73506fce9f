#!/usr/bin/env node
/**
 * What the detectors cost (issue 17; docs/diagnostics.md): the `lock` benchmark (two threads,
 * 1,000,000 `lock.acquire(); g.num += 1; lock.release()` each) and the `race` one (the same
 * without the lock) in `parallel` and `gil`, detectors on and off, each run in a fresh page
 * (wall time of `window.__playground.run()` as the page sees it). On and off alternate so that
 * a change in the machine's load hits both.
 *
 * Usage: node bench/detectors.mjs [N=5]   (BASE_URL=http://127.0.0.1:PORT: a running `vite preview`)
 * Prints progress on stderr and one JSON object on stdout. Nothing is asserted.
 */
import { loadavg } from 'node:os';
import { CONTEXT_OPTIONS, LOCK_AND_RACE, launchChromium, startPreview, stats } from './common.mjs';

const N = Math.max(1, Number(process.argv[2] ?? 5));
const log = (...a) => console.error('[detectors]', ...a);

const PROGRAMS = LOCK_AND_RACE;

async function runFresh(browser, base, src, sched, detectors) {
  const context = await browser.newContext(CONTEXT_OPTIONS);
  const page = await context.newPage();
  try {
    await page.goto(`${base}/?speed=max#example=lock`);
    await page.waitForFunction(() => window.crossOriginIsolated && !!window.__playground, null, { timeout: 30_000 });
    await page.waitForTimeout(800);
    return await page.evaluate(async ([src, sched, detectors]) => {
      window.__playground.load(src, { sched, seed: 1, speed: 'max', detectors });
      const t0 = performance.now();
      const r = await window.__playground.run();
      return { wallMs: performance.now() - t0, state: r.state, warnings: r.lines.filter((l) => l.stream === 'warning').length };
    }, [src, sched, detectors]);
  } finally {
    await context.close();
  }
}

const out = { date: new Date().toISOString(), loadavgBefore: loadavg().map((x) => Math.round(x * 100) / 100), repeats: N };
const server = process.env.BASE_URL ? null : await startPreview();
const base = process.env.BASE_URL ?? server.base;
const browser = await launchChromium();
try {
  for (const [name, src] of Object.entries(PROGRAMS)) {
    for (const sched of ['parallel', 'gil']) {
      const ms = { on: [], off: [] };
      const warned = { on: 0, off: 0 };
      for (let k = 0; k < N; k++) {
        for (const mode of ['on', 'off']) {
          const r = await runFresh(browser, base, src, sched, mode === 'on');
          ms[mode].push(r.wallMs);
          warned[mode] += r.warnings;
          log(name, sched, mode, k, r.state, Math.round(r.wallMs), 'ms', r.warnings, 'warnings');
        }
      }
      out[`${name}/${sched}`] = { on: stats(ms.on), off: stats(ms.off), warnings: warned };
    }
  }
} finally {
  await browser.close();
  server?.stop();
}
out.loadavgAfter = loadavg().map((x) => Math.round(x * 100) / 100);
console.log(JSON.stringify(out, null, 1));
