/**
 * What the benchmark scripts share: the production build served by `vite preview` on a free
 * port, Debian's Chromium launched with the flags this machine needs, and summary statistics.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';

// The production build served on a free port (also what e2e-firefox/ uses).
export { startPreview } from '../scripts/preview.mjs';

export { CHROMIUM_PATH as CHROMIUM };

export const BENCH = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(BENCH, '..');
export const DIST = join(ROOT, 'dist');

/**
 * The pids and command lines of this script's own Chromium processes (the descendants of this
 * Node process; Linux `ps`), so another browser on the machine (an e2e run) is not counted.
 */
export function ownChromiumProcesses() {
  const ps = spawnSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' }).stdout ?? '';
  const procs = ps.split('\n').map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l)).filter(Boolean);
  const ours = new Set([String(process.pid)]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [, pid, ppid] of procs) {
      if (ours.has(ppid) && !ours.has(pid)) {
        ours.add(pid);
        grew = true;
      }
    }
  }
  return procs.filter(([, pid, , args]) => ours.has(pid) && args.includes('chrom')).map(([, pid, , args]) => ({ pid, args }));
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function round(x, digits = 3) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Median, min, max and count of the finite numbers in `xs`, rounded to `digits`. */
export function stats(xs, digits = 3) {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return { median: null, min: null, max: null, n: 0 };
  const mid = v.length >> 1;
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { median: round(median, digits), min: round(v[0], digits), max: round(v[v.length - 1], digits), n: v.length };
}

/** p90 by nearest rank of the finite numbers in `xs` (null: none). */
export function p90(xs) {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return v.length ? round(v[Math.min(v.length - 1, Math.ceil(0.9 * v.length) - 1)]) : null;
}

/** Debian's Chromium, headless, with the flags this sandboxed machine needs (plus `extra`). */
export function launchChromium(extra = []) {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...extra] });
}

/**
 * Options for every benchmark page's context: the production build registers a service worker
 * that precaches the whole build (~17 MB) in the background after load, which would compete with
 * the figures for the CPU. It is for offline use (e2e/offline.spec.ts tests it), not measured here.
 */
export const CONTEXT_OPTIONS = { serviceWorkers: 'block' };

/**
 * The timeline fps harness counts requestAnimationFrame ticks: they must not be throttled
 * (bench/timeline-fps.md).
 */
export const UNTHROTTLED_RAF = ['--disable-renderer-backgrounding', '--disable-background-timer-throttling'];

/** `--name=value` arguments (`--flag` alone is `'true'`); anything else is refused. */
export function cliArgs(args = process.argv.slice(2)) {
  return Object.fromEntries(
    args.map((a) => {
      const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
      if (!m) throw new Error(`unknown argument ${a}`);
      return [m[1], m[2] ?? 'true'];
    }),
  );
}

/** Opens the app and waits until Run can be pressed and the runtime chunk has warmed workers. */
export async function openApp(context, path = '/#example=thread-target', log = console.error) {
  const page = await context.newPage();
  page.on('pageerror', (e) => log('page error:', e.message));
  await page.goto(path);
  await page.waitForFunction(
    () => window.crossOriginIsolated && !!window.__playground && !!document.querySelector('[data-testid=run]:not([disabled])'),
    null,
    { timeout: 30_000 },
  );
  // The supervisor chunk loads after the first frame and then starts the warm worker pool;
  // a user reads the page for a moment before pressing Run, so the pool is full by then.
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
  return page;
}

/**
 * The `lock` scenario's shape with its timing around the threads: two threads each running
 * `body` 1,000,000 times on `g = shared({num: 0})` and `lock = Lock()`; main prints `done <num>`.
 */
export function twoThreadLoop(body) {
  return `import { Thread, Lock } from 'threading';
const g = shared({ num: 0 });
const lock = new Lock();
function run1() {
  for (let i = 0; i < 1000000; i++) {
${body}
  }
}
const t1 = new Thread({ target: run1 });
const t2 = new Thread({ target: run1 });
t1.start();
t2.start();
t1.join();
t2.join();
print('done', g.num);
`;
}

/** `twoThreadLoop` with a locked increment (`lock`) and an unlocked one (`race`). */
export const LOCK_AND_RACE = {
  lock: twoThreadLoop('    lock.acquire();\n    g.num += 1;\n    lock.release();'),
  race: twoThreadLoop('    g.num += 1;'),
};

/**
 * Runs a `lock`-shaped program (2,000,000 increments in all) in a page that is the app (either
 * driver: Playwright's and puppeteer's pages both have evaluate) and returns its `bench …` line
 * and its `phase …` lines (bench/programs/lock-phases.ts.txt), parsed; then lets the page settle.
 */
export async function runLockProgram(page, source) {
  const r = await page.evaluate(async (src) => {
    window.__playground.load(src, { speed: 1 });
    const res = await window.__playground.run();
    return { state: res.state, elapsedMs: res.elapsedMs, texts: res.lines.map((l) => l.text) };
  }, source);
  if (r.state !== 'finished' || !r.texts.includes('2000000')) throw new Error(`lock run went wrong: ${JSON.stringify(r).slice(0, 500)}`);
  const json = (prefix) => r.texts.filter((t) => t.startsWith(prefix)).map((t) => JSON.parse(t.slice(prefix.length)));
  await sleep(300);
  return { elapsedMs: r.elapsedMs, bench: json('bench ')[0], phases: json('phase ').sort((a, b) => a.thread - b.thread) };
}
