#!/usr/bin/env node
/**
 * A/B of two production builds on one benchmark program (default `programs/lock.ts.txt`): what a
 * change costs when it cannot be switched off inside one page (e.g. the compiler's scheduling
 * points, issue 15). Each build is served by its own `vite preview`; one Chromium, one page per
 * build opened once (as bench/run.mjs's lock section does), the runs interleaved and the order
 * swapped every round so that drifting machine load falls on both alike.
 *
 * Usage: node bench/ab-builds.mjs --a=/tmp/before/dist [--b=dist] [--n=8] [--program=lock]
 *   --a, --b   build output directories (b defaults to this checkout's dist/); pass the same
 *              directory twice to see how much two pages of one build differ here.
 * Prints one line per round on stderr and a JSON summary on the last line of stdout: per build
 * the median/min/max of the program's `work_s` and `loop_s` (ms; for `--program=lock-phases`
 * also `best_ns`, the fastest chunk's ns per locked increment), and b's overhead over a in %
 * (of the medians, and the median of the per-round ratios). Nothing is asserted.
 */
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { BENCH, CONTEXT_OPTIONS, DIST, cliArgs, launchChromium, openApp, round, startPreview, stats } from './common.mjs';

const argv = cliArgs();
if (!argv.a) throw new Error('--a=<build directory> is required');
const DIRS = { a: resolve(argv.a), b: resolve(argv.b ?? DIST) };
const N = Math.max(1, Number(argv.n ?? 8));
const SOURCE = readFileSync(join(BENCH, 'programs', `${argv.program ?? 'lock'}.ts.txt`), 'utf8');
const log = (...a) => console.error('[ab]', ...a);
const load = () => loadavg().map((x) => round(x, 2));

async function openPage(browser, base) {
  const context = await browser.newContext({ ...CONTEXT_OPTIONS, baseURL: base, viewport: { width: 1440, height: 900 } });
  return openApp(context, '/#example=lock', log);
}

async function run(page) {
  const r = await page.evaluate(async (src) => {
    window.__playground.load(src, { speed: 1 });
    const res = await window.__playground.run();
    const texts = res.lines.map((l) => l.text);
    const line = texts.filter((t) => t.startsWith('bench ')).pop();
    const phases = texts.filter((t) => t.startsWith('phase ')).map((t) => JSON.parse(t.slice(6)));
    return { state: res.state, bench: line ? JSON.parse(line.slice(6)) : null, phases };
  }, SOURCE);
  if (r.state !== 'finished' || !r.bench) throw new Error(`run went wrong: ${JSON.stringify(r)}`);
  // lock-phases: the fastest 100,000-increment chunk of either thread, the steady state that
  // load disturbs least (a busy machine only ever makes a chunk slower).
  const chunks = r.phases.flatMap((p) => p.chunks_ms);
  if (chunks.length > 0) r.bench.best_ns = (Math.min(...chunks) * 1e6) / 100_000;
  // The page refills its worker pool and folds the trace after a run (bench/run.mjs's settle).
  await page.waitForTimeout(800);
  return r.bench;
}

const servers = [];
const browser = await launchChromium();
try {
  const pages = {};
  for (const k of ['a', 'b']) {
    const srv = await startPreview(DIRS[k]);
    servers.push(srv);
    pages[k] = await openPage(browser, srv.base);
  }
  const loadBefore = load();
  const rows = [];
  for (let i = 0; i < N; i++) {
    const order = i % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
    const row = {};
    for (const k of order) row[k] = await run(pages[k]);
    rows.push(row);
    const show = (k) => `${k} ${round(row[k].work_s * 1000, 1)} ms${row[k].best_ns ? ` (best ${round(row[k].best_ns, 1)} ns)` : ''}`;
    log(`round ${i + 1}/${N}`, order.join(','), show('a'), show('b'), 'load', load()[0]);
  }
  // Seconds are reported in ms, best_ns as it is.
  const per = (k, f) => stats(rows.map((r) => r[k][f] * (f.endsWith('_s') ? 1000 : 1)), 1);
  const summary = { dirs: DIRS, n: N, loadBefore, loadAfter: load() };
  for (const f of ['work_s', 'loop_s', 'best_ns']) {
    if (rows.some((r) => typeof r.a[f] !== 'number')) continue;
    const a = per('a', f);
    const b = per('b', f);
    const ratios = stats(rows.map((r) => (r.b[f] / r.a[f] - 1) * 100), 1);
    summary[f] = { a, b, bOverAPctOfMedians: round((b.median / a.median - 1) * 100, 1), bOverAPctPerRound: ratios, unit: f.endsWith('_s') ? 'ms' : 'ns' };
  }
  console.log(JSON.stringify(summary));
} finally {
  await browser.close();
  for (const s of servers) s.stop();
}
