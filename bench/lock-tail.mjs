#!/usr/bin/env node
/**
 * The `lock` scenario as users write it, and what they see: the tail, not the median
 * (issue 13 §2). Two forms of the locked increment, each in a `for (let …)` loop of 1,000,000
 * per thread, two threads:
 *   acquire   lock.acquire(); g.num += 1; lock.release();
 *   hold      using _ = lock.hold(); g.num += 1;
 * Each form runs R times in a fresh page (the first Run after opening the app) and R times one
 * after another in one page. Reported per form and setting: median, p90 and max of the
 * in-program time from the first start() to the last join(), and p90 / median (target ≤ 1.5).
 *
 * Usage: node bench/lock-tail.mjs [R=20]
 *   BASE_URL=http://127.0.0.1:PORT  an already running `vite preview` of the production build.
 * Prints progress on stderr and one JSON object on stdout. Nothing is asserted.
 */
import { loadavg } from 'node:os';
import { launchChromium, round, startPreview } from './common.mjs';

const R = Math.max(1, Number(process.argv[2] ?? 20));
const log = (...a) => console.error('[lock-tail]', ...a);

const BODY = {
  acquire: `    lock.acquire();
    g.num += 1;
    lock.release();`,
  hold: `    using _ = lock.hold();
    g.num += 1;`,
};

const program = (form) => `import * as time from 'time';
import { Thread, Lock } from 'threading';
const g = shared({ num: 0 });
const lock = new Lock();
function run1() {
  for (let i = 0; i < 1000000; i++) {
${BODY[form]}
  }
}
const t1 = new Thread({ target: run1 });
const t2 = new Thread({ target: run1 });
const t0 = time.perf_counter();
t1.start();
t2.start();
t1.join();
t2.join();
print('bench', (time.perf_counter() - t0) * 1000, g.num);
`;

async function openPage(browser, base) {
  const page = await browser.newPage();
  await page.goto(`${base}/#example=lock`);
  await page.waitForFunction(() => window.crossOriginIsolated && !!window.__playground, null, { timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  // A user reads the page for a moment before pressing Run: the warm workers are loaded by then.
  await page.waitForTimeout(800);
  return page;
}

async function runOnce(page, src) {
  const r = await page.evaluate(async (s) => {
    window.__playground.load(s, { speed: 1 });
    const res = await window.__playground.run();
    const line = res.lines.map((l) => l.text).find((t) => t.startsWith('bench '));
    return { state: res.state, line };
  }, src);
  const [, ms, num] = (r.line ?? '').split(' ');
  if (r.state !== 'finished' || Number(num) !== 2_000_000) throw new Error(`lock went wrong: ${JSON.stringify(r)}`);
  return Number(ms);
}

function summary(xs) {
  const v = [...xs].sort((a, b) => a - b);
  const q = (p) => v[Math.min(v.length - 1, Math.ceil(p * v.length) - 1)];
  const median = v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  return { median: round(median, 1), p90: round(q(0.9), 1), max: round(v.at(-1), 1), p90OverMedian: round(q(0.9) / median, 2), n: v.length };
}

const out = { date: new Date().toISOString(), loadavgBefore: loadavg().map((x) => round(x, 2)), runs: R };
const server = process.env.BASE_URL ? null : await startPreview();
const base = process.env.BASE_URL ?? server.base;
const browser = await launchChromium();
try {
  for (const form of Object.keys(BODY)) {
    const src = program(form);
    const fresh = [];
    for (let k = 0; k < R; k++) {
      const page = await openPage(browser, base);
      fresh.push(await runOnce(page, src));
      await page.close();
    }
    const same = [];
    const page = await openPage(browser, base);
    for (let k = 0; k < R; k++) {
      same.push(await runOnce(page, src));
      await page.waitForTimeout(300);
    }
    await page.close();
    out[form] = { freshPage: summary(fresh), samePage: summary(same), unit: 'ms, start() → join(), in program time', target: 'p90 ≤ 1.5 × median' };
    log(form, JSON.stringify(out[form]));
  }
} finally {
  await browser.close();
  server?.stop();
}
out.loadavgAfter = loadavg().map((x) => round(x, 2));
console.log(JSON.stringify(out, null, 1));
