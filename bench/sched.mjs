#!/usr/bin/env node
/**
 * Deterministic runs' costs (issue 15; docs/deterministic-runs.md), each run in a fresh page:
 * - one hand-off of the run token between Workers: two threads each calling `time.sleep(0)`
 *   20,000 times in `gil` mode, where every call gives the token to the other thread
 *   (µs per hand-off = in-program time / 40,000);
 * - the `lock` and `race` scenarios in `parallel`, `seeded` and `gil` (`speed=max`): the
 *   in-program time from the first start() to the last join(), and the decisions taken.
 * The cost of the compiler's points on `parallel` runs is bench/ab-builds.mjs's (bench/README.md).
 *
 * Usage: node bench/sched.mjs [N=3]   (BASE_URL=http://127.0.0.1:PORT: a running `vite preview`)
 * Prints progress on stderr and one JSON object on stdout. Nothing is asserted.
 */
import { loadavg } from 'node:os';
import { CONTEXT_OPTIONS, LOCK_AND_RACE, launchChromium, startPreview, stats } from './common.mjs';

const N = Math.max(1, Number(process.argv[2] ?? 3));
const log = (...a) => console.error('[sched]', ...a);

const HANDOFFS = 20000;
const PING = `import * as time from 'time';
import { Thread } from 'threading';
function ping() {
  for (let i = 0; i < ${HANDOFFS}; i++) time.sleep(0);
}
const a = new Thread({ target: ping });
const b = new Thread({ target: ping });
const w0 = Date.now();
a.start();
b.start();
a.join();
b.join();
print('bench', Date.now() - w0);
`;

const PROGRAMS = LOCK_AND_RACE;

async function runFresh(browser, base, src, sched) {
  const context = await browser.newContext(CONTEXT_OPTIONS);
  const page = await context.newPage();
  try {
    await page.goto(`${base}/?sched=${sched}&seed=1&speed=max#example=lock`);
    await page.waitForFunction(() => window.crossOriginIsolated && !!window.__playground, null, { timeout: 30_000 });
    await page.waitForTimeout(800);
    return await page.evaluate(async ([src, sched]) => {
      window.__playground.load(src, { sched, seed: 1, speed: 'max' });
      const t0 = performance.now();
      const r = await window.__playground.run();
      // The wall time of the run as the page saw it (Date.now() inside a deterministic run is virtual).
      return { wallMs: performance.now() - t0, state: r.state, lines: r.lines.map((l) => l.text), decisions: r.schedule.decisions };
    }, [src, sched]);
  } finally {
    await context.close();
  }
}

const out = { date: new Date().toISOString(), loadavgBefore: loadavg().map((x) => Math.round(x * 100) / 100), repeats: N };
const server = process.env.BASE_URL ? null : await startPreview();
const base = process.env.BASE_URL ?? server.base;
const browser = await launchChromium();
try {
  const hand = [];
  for (let k = 0; k < N; k++) {
    const r = await runFresh(browser, base, PING, 'gil');
    hand.push((r.wallMs * 1000) / (2 * HANDOFFS));
    log('hand-off', k, r.state, r.decisions, Math.round(r.wallMs), 'ms');
  }
  out.handoffUs = { ...stats(hand), unit: 'µs per token hand-off (gil, sleep(0) ping-pong; whole run wall time / 40,000, so an upper bound)' };
  for (const [name, src] of Object.entries(PROGRAMS)) {
    out[name] = {};
    for (const sched of ['parallel', 'seeded', 'gil']) {
      const ms = [];
      const dec = [];
      let last = '';
      for (let k = 0; k < N; k++) {
        const r = await runFresh(browser, base, src, sched);
        ms.push(r.wallMs);
        dec.push(r.decisions);
        last = r.lines.at(-1) ?? '';
        log(name, sched, k, r.state, last, Math.round(r.wallMs), 'ms', r.decisions);
      }
      out[name][sched] = { wallMs: stats(ms), decisions: stats(dec), printed: last };
    }
  }
} finally {
  await browser.close();
  server?.stop();
}
out.loadavgAfter = loadavg().map((x) => Math.round(x * 100) / 100);
console.log(JSON.stringify(out, null, 1));
