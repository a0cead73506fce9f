#!/usr/bin/env node
/**
 * The `lock` benchmark in Firefox ESR beside Chromium (issue 13 §5; bench/README.md "lock in
 * Firefox"). Serves dist/ (run `npm run build` first), opens one page in each browser (service
 * workers off: bench/common.mjs CONTEXT_OPTIONS), and runs, interleaved and alternating which
 * browser goes first:
 *   - bench/programs/lock.ts.txt (the figure of bench/run.mjs: start → join, in-program);
 *   - bench/programs/lock-phases.ts.txt (the same time split: each thread's start latency, its
 *     loop in ten chunks of 100,000 locked increments: JIT warm-up first, then steady state).
 * Prints one JSON object: per browser the median and p90 of the lock time, and the phases.
 *
 *   node bench/firefox-lock.mjs [--n=10] [--phases=3]
 *   node bench/firefox-lock.mjs --profile=/tmp/ff.json [--n=6]   # Firefox only, Gecko profiler on
 *
 * With --profile, Firefox runs with its built-in profiler (MOZ_PROFILER_STARTUP, 0.2 ms samples,
 * JS + native stacks, main and worker threads), quits cleanly so that MOZ_PROFILER_SHUTDOWN writes
 * the profile, and the script prints where the benchmark's worker threads spent their samples
 * (bench/gecko-profile.mjs). The profile also opens in the Firefox Profiler.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { BENCH, CONTEXT_OPTIONS, launchChromium, p90, round, runLockProgram, sleep, startPreview, stats } from './common.mjs';
import { summarizeGeckoProfile } from './gecko-profile.mjs';
import { firefoxLaunchOptions } from '../scripts/firefox.mjs';

const argv = Object.fromEntries(process.argv.slice(2).map((a) => [/^--([^=]+)/.exec(a)?.[1] ?? a, a.split('=')[1] ?? 'true']));
const N = Number(argv.n ?? 10);
const PHASES = Number(argv.phases ?? 3);
const PROFILE = argv.profile;
const log = (...a) => console.error('[firefox-lock]', ...a);
const program = (name) => readFileSync(join(BENCH, 'programs', `${name}.ts.txt`), 'utf8');

async function openApp(page, base) {
  await page.goto(`${base}/#example=lock`);
  await page.waitForFunction(() => window.__playground !== undefined && !document.querySelector('[data-testid=run]')?.disabled, { timeout: 60_000 });
  await sleep(2000); // the warm worker pool settles
}

const { base, stop } = await startPreview();
const closers = [];
try {
  const profileEnv = PROFILE
    ? {
        MOZ_PROFILER_STARTUP: '1',
        MOZ_PROFILER_STARTUP_INTERVAL: '0.2',
        MOZ_PROFILER_STARTUP_ENTRIES: '50000000',
        MOZ_PROFILER_STARTUP_FEATURES: 'js,stackwalk,cpu',
        MOZ_PROFILER_STARTUP_FILTERS: 'GeckoMain,DOM Worker',
        MOZ_PROFILER_SHUTDOWN: PROFILE,
      }
    : {};
  const firefox = await puppeteer.launch({ ...firefoxLaunchOptions({ 'dom.serviceWorkers.enabled': false }), env: { ...process.env, ...profileEnv } });
  closers.push(async () => {
    // A clean quit (not puppeteer's kill) so that the profiler writes its file.
    const proc = firefox.process();
    const exited = new Promise((r) => proc?.once('exit', r));
    await firefox.connection.send('browser.close', {}).catch(() => undefined);
    await Promise.race([exited, sleep(60_000)]);
  });
  const pages = { firefox: await firefox.newPage() };
  if (!PROFILE) {
    const chromium = await launchChromium();
    closers.push(() => chromium.close());
    pages.chromium = await (await chromium.newContext(CONTEXT_OPTIONS)).newPage();
  }
  for (const p of Object.values(pages)) await openApp(p, base);
  const names = Object.keys(pages);
  const loadBefore = loadavg().map((x) => round(x, 2));

  const rounds = Object.fromEntries(names.map((n) => [n, []]));
  const lock = program('lock');
  for (let i = 0; i < N; i++) {
    for (const n of i % 2 ? [...names].reverse() : names) {
      const r = await runLockProgram(pages[n], lock);
      rounds[n].push({ workMs: round(r.bench.work_s * 1000), loopMs: round(r.bench.loop_s * 1000), elapsedMs: round(r.elapsedMs) });
    }
    log(`lock ${i + 1}/${N}`, Object.fromEntries(names.map((n) => [n, rounds[n].at(-1).workMs])));
  }

  const phases = Object.fromEntries(names.map((n) => [n, []]));
  const phaseSrc = program('lock-phases');
  for (let i = 0; i < PHASES; i++) {
    for (const n of i % 2 ? [...names].reverse() : names) {
      const r = await runLockProgram(pages[n], phaseSrc);
      phases[n].push({
        workMs: round(r.bench.work_s * 1000),
        startReturnedMs: [round(r.bench.start1_returned_ms), round(r.bench.start2_returned_ms)],
        threadBeganMs: r.phases.map((p) => round(p.began_ms)),
        firstChunkMs: r.phases.map((p) => p.chunks_ms[0]),
        // The fastest chunk of each thread: its steady state (ns per locked increment).
        bestNsPerIncrement: r.phases.map((p) => round((Math.min(...p.chunks_ms) * 1e6) / 100_000, 1)),
        chunksMs: r.phases.map((p) => p.chunks_ms),
      });
    }
  }

  const figures = Object.fromEntries(
    names.map((n) => [
      n,
      {
        lockWorkMs: { ...stats(rounds[n].map((r) => r.workMs)), p90: p90(rounds[n].map((r) => r.workMs)) },
        lockLoopMs: stats(rounds[n].map((r) => r.loopMs)),
        lockElapsedMs: stats(rounds[n].map((r) => r.elapsedMs)),
      },
    ]),
  );
  if (figures.chromium) {
    figures.firefoxOverChromium = round(figures.firefox.lockWorkMs.median / figures.chromium.lockWorkMs.median, 2);
  }
  const out = { date: new Date().toISOString(), load: { before: loadBefore, after: loadavg().map((x) => round(x, 2)) }, n: N, figures, rounds, phases };
  for (const c of closers.reverse()) await c();
  closers.length = 0;
  if (PROFILE) out.profile = { path: PROFILE, ...summarizeGeckoProfile(PROFILE, 'run1') };
  console.log(JSON.stringify(out, null, 2));
} finally {
  for (const c of closers.reverse()) await c().catch(() => undefined);
  stop();
}
