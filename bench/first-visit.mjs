#!/usr/bin/env node
/**
 * A visitor's first visit, service worker allowed (every other bench blocks it, as the e2e specs
 * do): a new browser context (empty cache and storage, no worker installed) opens the app, waits
 * until Monaco is ready and Run usable, loads a benchmark program, waits `--read-ms` (the visitor
 * reads it) and runs it. On a first visit the app's service worker precaches the build, and
 * Chrome compiles every script it caches (src/app/page-quiet.ts): this is where that shows.
 *
 * Usage: node bench/first-visit.mjs [--n=6] [--read-ms=1000] [--program=asyncio-gather]
 *                                   [--a=<build dir> [--b=<build dir, default dist/>]]
 *   With --a, two builds are compared: each served by its own `vite preview`, visits interleaved
 *   and the order swapped every round.
 * Prints per build: navigation → Monaco ready (ms), the program's in-program time (`work_s`, ms; or
 * `items_per_s`), and whether the service worker had registered by the end of the run; median,
 * min and max. Nothing is asserted.
 */
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { BENCH, CONTEXT_OPTIONS, DIST, cliArgs, launchChromium, round, startPreview, stats } from './common.mjs';

const argv = cliArgs();
const N = Math.max(1, Number(argv.n ?? 6));
const READ_MS = Number(argv['read-ms'] ?? 1000);
const SOURCE = readFileSync(join(BENCH, 'programs', `${argv.program ?? 'asyncio-gather'}.ts.txt`), 'utf8');
const DIRS = argv.a ? { a: resolve(argv.a), b: resolve(argv.b ?? DIST) } : { b: resolve(argv.b ?? DIST) };
const log = (...a) => console.error('[first-visit]', ...a);
const load = () => loadavg().map((x) => round(x, 2));

async function visit(browser, base) {
  const context = await browser.newContext({ ...CONTEXT_OPTIONS, serviceWorkers: 'allow', baseURL: base, viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto('/#example=asyncio-queue');
    await page.waitForFunction(
      () => document.querySelector('[data-monaco=ready]') && document.querySelector('[data-testid=run]:not([disabled])'),
      null,
      { timeout: 60_000 },
    );
    const monacoMs = await page.evaluate(() => performance.now());
    await page.evaluate((src) => window.__playground.load(src, { speed: 1 }), SOURCE);
    await page.waitForTimeout(READ_MS);
    const r = await page.evaluate(async () => {
      const res = await window.__playground.run();
      const line = res.lines.map((l) => l.text).filter((t) => t.startsWith('bench ')).pop();
      return { state: res.state, bench: line ? JSON.parse(line.slice(6)) : null, registered: Boolean(await navigator.serviceWorker.getRegistration()) };
    });
    if (r.state !== 'finished' || !r.bench) throw new Error(`run went wrong: ${JSON.stringify(r)}`);
    const work = typeof r.bench.work_s === 'number' ? r.bench.work_s * 1000 : r.bench.items_per_s;
    return { monacoMs, work, registered: r.registered };
  } finally {
    await context.close();
  }
}

const servers = [];
const browser = await launchChromium();
try {
  const bases = {};
  for (const [k, dir] of Object.entries(DIRS)) {
    const srv = await startPreview(dir);
    servers.push(srv);
    bases[k] = srv.base;
  }
  const loadBefore = load();
  const rows = Object.fromEntries(Object.keys(DIRS).map((k) => [k, []]));
  for (let i = 0; i < N; i++) {
    const order = i % 2 === 0 ? Object.keys(DIRS) : Object.keys(DIRS).reverse();
    for (const k of order) {
      const r = await visit(browser, bases[k]);
      rows[k].push(r);
      log(`round ${i + 1}/${N}`, k, `monaco ${round(r.monacoMs, 0)} ms`, `work ${round(r.work, 0)}`, r.registered ? 'registered' : 'not registered', 'load', load()[0]);
    }
  }
  const summary = { dirs: DIRS, n: N, readMs: READ_MS, loadBefore, loadAfter: load() };
  for (const k of Object.keys(DIRS)) {
    summary[k] = {
      monacoReadyMs: stats(rows[k].map((r) => r.monacoMs), 0),
      work: stats(rows[k].map((r) => r.work), 1),
      registeredByRunEnd: rows[k].filter((r) => r.registered).length,
    };
  }
  console.log(JSON.stringify(summary));
} finally {
  await browser.close();
  for (const s of servers) s.stop();
}
