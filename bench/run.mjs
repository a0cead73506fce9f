#!/usr/bin/env node
/**
 * `npm run bench`: measures every number of docs/quality-bars.md "Quality bars" (performance) on the
 * production build, in headless Debian Chromium, and compares the runtime figures with `python3`
 * and a C pthread program in the same run. See bench/README.md.
 *
 * It builds nothing: run `npm run build` first. It serves `dist/` with `vite preview` (which sends
 * the COOP/COEP headers from vite.config.ts) on a free port, prints one JSON object with every
 * figure and its target, and writes it to bench/results/latest.json.
 *
 * Usage: node bench/run.mjs [--n=5] [--only=load,first-line,lock,asyncio,timeline,processes]
 * On the shared dev machine: `flock /tmp/e2e.lock npm run bench` (others run e2e on dist/).
 *
 * Timings are never asserted here or in tests: the machine's load changes them, so the report
 * carries the load average next to the numbers and each figure is a median (and min) of N.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import lzString from 'lz-string';
import { BENCH, CHROMIUM, CONTEXT_OPTIONS, DIST, ROOT, UNTHROTTLED_RAF, cliArgs, launchChromium, openApp as openAppIn, round, startPreview, stats } from './common.mjs';

const argv = cliArgs();
const N = Math.max(1, Number(argv.n ?? 5));
// `load` covers both page load and initial JS size (one set of page loads).
const SECTIONS = ['load', 'first-line', 'lock', 'asyncio', 'timeline', 'processes'];
const only = new Set((argv.only ?? SECTIONS.join(',')).split(','));
for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`--only: unknown section ${s}`);

const log = (...a) => console.error('[bench]', ...a);

// ---- small helpers --------------------------------------------------------------------------

/** Rejects after `ms`: one hung run must not hang the whole benchmark. */
function withTimeout(p, ms, what) {
  let timer;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise((_, rej) => {
      timer = setTimeout(() => rej(new Error(`${what}: no answer after ${ms} ms`)), ms);
    }),
  ]);
}

function load() {
  return loadavg().map((x) => round(x, 2));
}

// ---- the browser -------------------------------------------------------------------------

function launch() {
  return launchChromium(UNTHROTTLED_RAF);
}

const VIEWPORT = { width: 1440, height: 900 };

async function newContext(browser, extra = {}) {
  return browser.newContext({ ...CONTEXT_OPTIONS, viewport: VIEWPORT, ...extra });
}

function openApp(context, path) {
  return openAppIn(context, path, log);
}

/** Runs `source` through `window.__playground` and returns the result plus the `bench {…}` line. */
async function runProgram(page, source, { timeoutMs = 120_000, countTrace = false, load = true } = {}) {
  const r = await withTimeout(
    page.evaluate(async ([src, count, load]) => {
      // `load: false`: the page opened with the program already in it (a permalink).
      if (load) window.__playground.load(src, { speed: 1 });
      const res = await window.__playground.run();
      // Only for small traces: exporting 300,000 asyncio events would dominate the bench.
      const traceEvents = count ? window.__playground.trace().traceEvents.length : null;
      const texts = res.lines.map((l) => l.text);
      const benchLine = texts.filter((t) => t.startsWith('bench ')).pop();
      return {
        state: res.state,
        elapsedMs: res.elapsedMs,
        message: res.message ?? null,
        bench: benchLine ? benchLine.slice('bench '.length) : null,
        stderr: res.lines.filter((l) => l.stream === 'stderr').slice(0, 8).map((l) => l.text),
        traceEvents,
      };
    }, [source, countTrace, load]),
    timeoutMs,
    'run()',
  );
  let bench = null;
  if (r.bench) bench = JSON.parse(r.bench);
  return { ...r, bench };
}

/**
 * After a run the page refills its warm worker pool (each new worker loads the runtime) and
 * folds the trace: work that would otherwise land on the next measurement, browser or python3.
 */
const SETTLE_MS = 800;
async function settle(page) {
  await page.waitForTimeout(SETTLE_MS);
}

/**
 * Tracing on or off for the page's next runs. The app reads `?tracing=0` from its URL (also on
 * popstate), so both modes run in one page: two pages, one per mode, differed by 10-20 % with
 * the same mode (interleaved A/B runs of two tracing-on pages), more than tracing costs.
 */
async function setTracing(page, on) {
  await page.evaluate((on) => {
    const u = new URL(location.href);
    if (on) u.searchParams.delete('tracing');
    else u.searchParams.set('tracing', '0');
    history.pushState(null, '', u);
    dispatchEvent(new PopStateEvent('popstate'));
  }, on);
}

function program(name) {
  return readFileSync(join(BENCH, 'programs', `${name}.ts.txt`), 'utf8');
}

// ---- native comparisons -------------------------------------------------------------------

function runJson(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.error}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

let pthreadBinary;
function compileC() {
  if (pthreadBinary !== undefined) return pthreadBinary;
  const cc = ['cc', 'gcc', 'clang'].find((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status === 0);
  if (!cc) return (pthreadBinary = null);
  const out = join(tmpdir(), `cp-bench-lock-${process.pid}`);
  const r = spawnSync(cc, ['-O2', '-pthread', '-o', out, join(BENCH, 'c', 'lock.c')], { encoding: 'utf8' });
  if (r.status !== 0) {
    log('C compile failed:', r.stderr);
    return (pthreadBinary = null);
  }
  return (pthreadBinary = out);
}

// ---- 1 + 2: page load and initial JS -----------------------------------------------------

/** Every chunk the Monaco import can fetch: its static/dynamic imports and worker URLs. */
function monacoChunks() {
  const assets = join(DIST, 'assets');
  const files = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const refs = (f) => {
    const text = readFileSync(join(assets, f), 'utf8');
    const out = new Set();
    for (const m of text.matchAll(/["'`](?:\.\/|\.\/assets\/|\/assets\/|assets\/)?([\w.$-]+\.js)["'`]/g)) {
      if (files.includes(m[1]) && m[1] !== f) out.add(m[1]);
    }
    return out;
  };
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]*src="\.?\/?assets\/([^"]+\.js)"/g)].map((m) => m[1]);
  // The entry's static imports (the `import … from "./x.js"` statements at its top): always loaded.
  const entryClosure = new Set(entries);
  const stack = [...entries];
  while (stack.length) {
    const f = stack.pop();
    const text = readFileSync(join(assets, f), 'utf8');
    for (const m of text.matchAll(/(?:^|[;}\n])\s*(?:import|export)\s*(?:[^"';]*?\bfrom\s*)?["']\.\/([\w.$-]+\.js)["']/g)) {
      if (!entryClosure.has(m[1]) && files.includes(m[1])) {
        entryClosure.add(m[1]);
        stack.push(m[1]);
      }
    }
  }
  const roots = files.filter((f) => /^monaco-editor-/.test(f));
  const monaco = new Set(roots);
  const todo = [...roots];
  while (todo.length) {
    for (const r of refs(todo.pop())) {
      if (!monaco.has(r) && !entryClosure.has(r)) {
        monaco.add(r);
        todo.push(r);
      }
    }
  }
  return { monaco, entries, found: roots.length > 0 };
}

function gzipSize(file) {
  return gzipSync(readFileSync(join(DIST, 'assets', file)), { level: 9 }).length;
}

async function benchLoad(browser, base) {
  const { monaco, found } = monacoChunks();
  if (!found) log('no monaco-editor-*.js chunk in dist/assets: initial JS counts every script');
  const rows = [];
  for (let i = 0; i < N; i++) {
    // A fresh context each time: empty HTTP cache and storage, a first visit.
    const context = await newContext(browser, { baseURL: base });
    await context.addInitScript(() => {
      // Page clock (0 = navigation start) when Run is usable and when Monaco has mounted.
      const marks = {};
      Object.defineProperty(window, '__benchMarks', { value: marks });
      const check = () => {
        if (
          marks.runUsable === undefined &&
          window.crossOriginIsolated &&
          document.querySelector('[data-testid=run]:not([disabled])') &&
          document.querySelector('[data-testid=example-picker] [data-testid=example-item]')
        ) {
          marks.runUsable = performance.now();
        }
        if (marks.monacoReady === undefined && document.querySelector('[data-testid=editor][data-monaco=ready]')) {
          marks.monacoReady = performance.now();
        }
        if (marks.runUsable !== undefined && marks.monacoReady !== undefined) obs.disconnect();
      };
      const obs = new MutationObserver(check);
      obs.observe(document, { subtree: true, childList: true, attributes: true });
    });
    const page = await context.newPage();
    const scripts = [];
    let monacoAt = -1;
    page.on('request', (req) => {
      const url = new URL(req.url());
      const file = url.pathname.split('/').pop() ?? '';
      if (!file.endsWith('.js')) return;
      if (monaco.has(file)) {
        if (monacoAt < 0) monacoAt = scripts.length;
      }
      scripts.push({ file, type: req.resourceType(), monaco: monaco.has(file) });
    });
    await page.goto('/#example=thread-target');
    await page.waitForFunction(() => window.__benchMarks.runUsable !== undefined && window.__benchMarks.monacoReady !== undefined, null, {
      timeout: 30_000,
    });
    const marks = await page.evaluate(() => ({ ...window.__benchMarks }));
    const before = monacoAt < 0 ? scripts : scripts.slice(0, monacoAt);
    const files = [...new Set(before.map((s) => s.file))];
    const initialGzip = files.reduce((s, f) => s + gzipSize(f), 0);
    const all = [...new Set(scripts.filter((s) => !s.monaco).map((s) => s.file))];
    rows.push({
      runUsableMs: marks.runUsable,
      monacoReadyMs: marks.monacoReady,
      initialJsGzipBytes: initialGzip,
      initialJsFiles: files,
      nonMonacoJsGzipBytes: all.reduce((s, f) => s + gzipSize(f), 0),
      nonMonacoJsFiles: all,
    });
    await context.close();
  }
  return rows;
}

// ---- 3: Run → first console line ---------------------------------------------------------

/**
 * Clicks Run for real and measures on the page clock: the click event's timestamp → the first
 * `console-line` element in the DOM (MutationObserver), and → the next animation frame after it
 * (the line is on screen).
 */
async function clickRunToFirstLine(page) {
  await page.evaluate(() => {
    const m = { click: null, cleared: false, line: null, painted: null };
    window.__firstLine = m;
    const count = () => document.querySelectorAll('[data-testid=console-line]').length;
    const run = document.querySelector('[data-testid=run]');
    run.addEventListener(
      'click',
      (e) => {
        m.click ??= e.timeStamp;
        m.cleared = count() === 0;
      },
      { capture: true, once: true },
    );
    // A previous run's lines stay until Run clears the console: a line counts only after that.
    const obs = new MutationObserver(() => {
      if (m.click === null || m.line !== null) return;
      const n = count();
      if (n === 0) m.cleared = true;
      else if (m.cleared) {
        m.line = performance.now();
        obs.disconnect();
        requestAnimationFrame(() => (m.painted = performance.now()));
      }
    });
    obs.observe(document.body, { subtree: true, childList: true });
  });
  await page.getByTestId('run').click();
  await page.waitForFunction(() => window.__firstLine.painted !== null, null, { timeout: 10_000 });
  const m = await page.evaluate(() => window.__firstLine);
  return { lineMs: m.line - m.click, paintedMs: m.painted - m.click };
}

async function benchFirstLine(browser, base) {
  const rows = [];
  for (let i = 0; i < N; i++) {
    const context = await newContext(browser, { baseURL: base });
    // thread-target: the page as a visitor opens it, first Run after load.
    let page = await openApp(context, '/#example=thread-target');
    const tt = await clickRunToFirstLine(page);
    await page.evaluate(() => window.__playground.stop());
    await page.waitForFunction(() => document.querySelector('[data-testid=run]:not([disabled])'));
    // Run again on the same page once the pool has refilled: the steady-state figure.
    await page.waitForTimeout(1000);
    const tt2 = await clickRunToFirstLine(page);
    await page.evaluate(() => window.__playground.stop());
    await page.close();
    // One line, first Run on a fresh page as well.
    page = await openApp(context, '/#example=thread-target');
    await page.evaluate(() => window.__playground.load("print('hi')\n", { speed: 1 }));
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=console-line]').length === 0);
    const hi = await clickRunToFirstLine(page);
    await page.waitForFunction(() => document.querySelector('[data-testid=run]:not([disabled])'));
    await context.close();
    rows.push({ threadTarget: tt, threadTargetAgain: tt2, printHi: hi });
  }
  return rows;
}

// ---- 4: lock ----------------------------------------------------------------------------

async function benchLock(browser, base) {
  const src = program('lock');
  const context = await newContext(browser, { baseURL: base });
  // One page, the two tracing modes interleaved so drifting machine load hits both alike.
  const page = await openApp(context, '/#example=lock');
  const cBin = compileC();
  const rows = [];
  const runIn = async (on) => {
    await setTracing(page, on);
    const r = await runProgram(page, src, { countTrace: true });
    await settle(page);
    return r;
  };
  for (let i = 0; i < N; i++) {
    // Alternate which mode goes first, so any order effect falls on both alike.
    let a;
    let b;
    if (i % 2 === 0) {
      a = await runIn(true);
      b = await runIn(false);
    } else {
      b = await runIn(false);
      a = await runIn(true);
    }
    const py = runJson('python3', [join(BENCH, 'py', 'lock.py')]);
    const c = cBin ? runJson(cBin, []) : null;
    for (const [name, r] of [['tracing on', a], ['tracing off', b]]) {
      if (r.state !== 'finished' || !r.bench || r.bench.num !== 2_000_000) {
        throw new Error(`lock (${name}) went wrong: ${JSON.stringify(r)}`);
      }
    }
    if (!(b.traceEvents < a.traceEvents)) {
      throw new Error(`the tracing switch did not take: ${a.traceEvents} events on, ${b.traceEvents} off`);
    }
    rows.push({
      onWorkS: a.bench.work_s,
      onElapsedMs: a.elapsedMs,
      offWorkS: b.bench.work_s,
      offElapsedMs: b.elapsedMs,
      // Shows the switch works: with tracing off only thread, print and end events remain.
      onTraceEvents: a.traceEvents,
      offTraceEvents: b.traceEvents,
      onLoopS: a.bench.loop_s,
      offLoopS: b.bench.loop_s,
      pythonWorkS: py.work_s,
      pythonLoopS: py.loop_s,
      pthreadWorkS: c ? c.work_s : null,
      pthreadLoopS: c ? c.loop_s : null,
    });
    log(`lock ${i + 1}/${N}`, rows[rows.length - 1]);
  }
  await context.close();
  return { rows, cCompiler: cBin !== null };
}

// ---- 5: asyncio -------------------------------------------------------------------------

/**
 * The first run of each asyncio program in a fresh page (new context: empty cache, cold workers'
 * JIT): what a visitor's first Run gives. The slowest of these is reported next to the medians.
 * Two ways in, each in its own fresh page: the program loaded into the editor and run at once
 * (as after pasting code and pressing Run: Monaco still lays the new text out while the run
 * starts), and a permalink to the program opened and then run (a visitor following a shared link).
 */
async function benchAsyncioFreshPage(browser, base) {
  const firstRun = async (name, viaLink) => {
    const src = program(name);
    const context = await newContext(browser, { baseURL: base });
    const page = await openApp(context, viaLink ? `/#code/${lzString.compressToEncodedURIComponent(src)}` : '/#example=asyncio-queue');
    const r = await runProgram(page, src, { load: !viaLink });
    await context.close();
    return r;
  };
  const rows = [];
  for (let i = 0; i < N; i++) {
    const q = await firstRun('asyncio-queue', false);
    const g = await firstRun('asyncio-gather', false);
    const qLink = await firstRun('asyncio-queue', true);
    const gLink = await firstRun('asyncio-gather', true);
    const pyQ = runJson('python3', [join(BENCH, 'py', 'asyncio_queue_bench.py')]);
    const pyG = runJson('python3', [join(BENCH, 'py', 'asyncio_gather_bench.py')]);
    rows.push({
      queueItemsPerS: q.bench?.items_per_s ?? null,
      gatherWorkS: g.bench?.work_s ?? null,
      queueFromLinkItemsPerS: qLink.bench?.items_per_s ?? null,
      gatherFromLinkWorkS: gLink.bench?.work_s ?? null,
      pythonQueueItemsPerS: pyQ.items_per_s,
      pythonGatherWorkS: pyG.work_s,
      ok: [q, g, qLink, gLink].every((r) => Boolean(r.bench?.ok)),
    });
    log(`asyncio fresh page ${i + 1}/${N}`, rows[rows.length - 1]);
  }
  return rows;
}

async function benchAsyncio(browser, base) {
  const context = await newContext(browser, { baseURL: base });
  const page = await openApp(context, '/#example=asyncio-queue');
  const rows = [];
  const runIn = async (name, on) => {
    await setTracing(page, on);
    const r = await runProgram(page, program(name));
    await settle(page);
    return r;
  };
  for (let i = 0; i < N; i++) {
    const q = await runIn('asyncio-queue', true);
    const g = await runIn('asyncio-gather', true);
    // Tracing off too, for information: how much of the asyncio time is trace events.
    const qOff = await runIn('asyncio-queue', false);
    const gOff = await runIn('asyncio-gather', false);
    const pyQ = runJson('python3', [join(BENCH, 'py', 'asyncio_queue_bench.py')]);
    const pyG = runJson('python3', [join(BENCH, 'py', 'asyncio_gather_bench.py')]);
    const row = {
      queueWorkS: q.bench?.work_s ?? null,
      queueItemsPerS: q.bench?.items_per_s ?? null,
      queueOk: q.bench?.ok ?? false,
      queueElapsedMs: q.elapsedMs,
      queueState: q.state,
      gatherWorkS: g.bench?.work_s ?? null,
      gatherOk: g.bench?.ok ?? false,
      gatherElapsedMs: g.elapsedMs,
      gatherState: g.state,
      queueOffItemsPerS: qOff.bench?.items_per_s ?? null,
      gatherOffWorkS: gOff.bench?.work_s ?? null,
      pythonQueueItemsPerS: pyQ.items_per_s,
      pythonQueueWorkS: pyQ.work_s,
      pythonGatherWorkS: pyG.work_s,
      pythonGatherChunkedWorkS: pyG.chunked_work_s,
    };
    if (q.state !== 'finished') row.queueError = q.message ?? q.stderr.join('\n');
    if (g.state !== 'finished') row.gatherError = g.message ?? g.stderr.join('\n');
    rows.push(row);
    log(`asyncio ${i + 1}/${N}`, row);
  }
  await context.close();
  return rows;
}

// ---- 6: timeline fps --------------------------------------------------------------------

async function benchTimeline(browser, base) {
  const rows = [];
  for (const deviceScaleFactor of [1, 2]) {
    const context = await newContext(browser, { baseURL: base, deviceScaleFactor });
    const page = await openApp(context, '/?bench-timeline#example=thread-target');
    for (let i = 0; i < N; i++) {
      // The same page with nothing to draw: the frame rate this browser and machine give at all
      // right now (headless, software compositing), to read the timeline's fps against.
      const rafBaselineFps = await page.evaluate(
        () =>
          new Promise((res) => {
            const st = [];
            const f = (t) => {
              st.push(t);
              if (st.length < 121) requestAnimationFrame(f);
              else res((120 * 1000) / (st[120] - st[0]));
            };
            requestAnimationFrame(f);
          }),
      );
      const r = await withTimeout(
        page.evaluate(() => window.__timelineFpsBench({ events: 100_000 })),
        120_000,
        'timeline fps harness',
      );
      rows.push({ deviceScaleFactor, rafBaselineFps, ...pick(r, ['events', 'spans', 'foldMs', 'frames', 'fps', 'p95FrameMs', 'worstFrameMs', 'avgDrawMs', 'maxDrawMs']) });
      log(`timeline dpr ${deviceScaleFactor} ${i + 1}/${N}`, rows[rows.length - 1]);
    }
    await context.close();
  }
  return rows;
}

function pick(o, keys) {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

// ---- 7: processes -----------------------------------------------------------------------

/** bench/processes.mjs (another engineer's) measures this; we call it rather than duplicate it. */
function benchProcesses(base) {
  const script = join(BENCH, 'processes.mjs');
  if (!existsSync(script)) return { skipped: 'bench/processes.mjs does not exist yet' };
  const r = spawnSync('node', [script, String(N)], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, BASE_URL: base, CHROMIUM_PATH: CHROMIUM },
  });
  const last = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  try {
    return { exitCode: r.status, result: JSON.parse(last) };
  } catch {
    return { exitCode: r.status, error: `no JSON on its last line: ${(r.stderr || last).slice(0, 500)}` };
  }
}

// ---- main ----------------------------------------------------------------------------------

const started = new Date();
const loadBefore = load();
if (loadBefore[0] >= 1.5) log(`load average ${loadBefore[0]} ≥ 1.5: the machine is busy, numbers will be pessimistic`);
const server = await startPreview();
log('serving dist/ at', server.base);
const browser = await launch();
const out = {
  date: started.toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? null, loadavgBefore: loadBefore, loadavgAfter: null },
  chromium: browser.version(),
  python: spawnSync('python3', ['--version'], { encoding: 'utf8' }).stdout.trim(),
  repeats: N,
  figures: {},
  errors: {},
};
const F = out.figures;

async function section(name, fn) {
  if (!only.has(name)) return;
  log(`— ${name}`);
  try {
    await fn();
  } catch (e) {
    out.errors[name] = e instanceof Error ? (e.stack ?? e.message) : String(e);
    log(`${name} failed:`, e);
  }
}

try {
  await section('load', async () => {
    const rows = await benchLoad(browser, server.base);
    F.pageLoadRunUsableMs = { ...stats(rows.map((r) => r.runUsableMs)), target: '≤ 1500', unit: 'ms' };
    F.pageLoadMonacoReadyMs = { ...stats(rows.map((r) => r.monacoReadyMs)), unit: 'ms', note: 'information: Run must be usable before this' };
    F.runUsableBeforeMonaco = rows.every((r) => r.runUsableMs < r.monacoReadyMs);
    const sizes = rows.map((r) => r.initialJsGzipBytes);
    F.initialJsGzipKB = {
      median: round(stats(sizes).median / 1024, 1),
      min: round(Math.min(...sizes) / 1024, 1),
      max: round(Math.max(...sizes) / 1024, 1),
      files: rows[0].initialJsFiles,
      target: '≤ 300',
      unit: 'KB gzip (level 9) of the JS requested before the first Monaco chunk',
    };
    F.nonMonacoJsGzipKB = {
      value: round(Math.max(...rows.map((r) => r.nonMonacoJsGzipBytes)) / 1024, 1),
      files: rows[0].nonMonacoJsFiles,
      unit: 'KB gzip: every non-Monaco JS the page fetched while loading (runtime, workers included)',
      note: 'information',
    };
  });

  await section('first-line', async () => {
    const rows = await benchFirstLine(browser, server.base);
    F.runToFirstLineThreadTargetMs = { ...stats(rows.map((r) => r.threadTarget.lineMs)), target: '≤ 100', unit: 'ms (click → line in the DOM)' };
    F.runToFirstLineThreadTargetPaintedMs = { ...stats(rows.map((r) => r.threadTarget.paintedMs)), unit: 'ms (click → next frame)', note: 'information' };
    F.runToFirstLineThreadTargetSecondRunMs = {
      ...stats(rows.map((r) => r.threadTargetAgain.lineMs)),
      unit: 'ms (click → line in the DOM), second Run on the same page',
      note: 'information',
    };
    F.runToFirstLinePrintHiMs = { ...stats(rows.map((r) => r.printHi.lineMs)), target: '≤ 100', unit: 'ms (click → line in the DOM)' };
    F.runToFirstLinePrintHiPaintedMs = { ...stats(rows.map((r) => r.printHi.paintedMs)), unit: 'ms (click → next frame)', note: 'information' };
  });

  await section('lock', async () => {
    const { rows, cCompiler } = await benchLock(browser, server.base);
    const ratio = (f) => stats(rows.map(f));
    F.lockWorkMs = { ...stats(rows.map((r) => r.onWorkS * 1000)), unit: 'ms, in-program perf_counter, start → join, tracing on' };
    F.lockElapsedMs = { ...stats(rows.map((r) => r.onElapsedMs)), unit: 'ms, run() elapsedMs, tracing on' };
    F.lockPythonWorkMs = { ...stats(rows.map((r) => r.pythonWorkS * 1000)), unit: 'ms, python3 bench/py/lock.py' };
    F.lockSpeedupVsCPython = { ...ratio((r) => r.pythonWorkS / r.onWorkS), target: '≥ 5', unit: '× (per round: CPython time / browser time)' };
    if (cCompiler) {
      F.lockPthreadWorkMs = { ...stats(rows.map((r) => r.pthreadWorkS * 1000)), unit: 'ms, bench/c/lock.c (cc -O2 -pthread)' };
      F.lockSlowdownVsPthread = { ...ratio((r) => r.onWorkS / r.pthreadWorkS), target: '≤ 3', unit: '× (per round: browser time / pthread time)' };
    } else {
      F.lockSlowdownVsPthread = { skipped: 'no C compiler', target: '≤ 3' };
    }
    // Without thread start-up and join: the longer thread's own loop, in all three.
    F.lockLoopMs = {
      browser: stats(rows.map((r) => r.onLoopS * 1000)),
      python: stats(rows.map((r) => r.pythonLoopS * 1000)),
      pthread: cCompiler ? stats(rows.map((r) => r.pthreadLoopS * 1000)) : null,
      speedupVsCPython: stats(rows.map((r) => r.pythonLoopS / r.onLoopS)),
      slowdownVsPthread: cCompiler ? stats(rows.map((r) => r.onLoopS / r.pthreadLoopS)) : null,
      unit: 'ms; ×',
      note: 'information: the longer of the two threads\' loop times, tracing on',
    };
    F.lockTracingOffWorkMs = { ...stats(rows.map((r) => r.offWorkS * 1000)), unit: 'ms, ?tracing=0' };
    F.lockTracingOverheadPct = {
      ...ratio((r) => ((r.onWorkS - r.offWorkS) / r.offWorkS) * 100),
      medianOfMedians: round(((stats(rows.map((r) => r.onWorkS)).median - stats(rows.map((r) => r.offWorkS)).median) / stats(rows.map((r) => r.offWorkS)).median) * 100, 1),
      target: '≤ 25',
      unit: '% (in-program time, on vs off)',
    };
    F.lockTracingOverheadElapsedPct = {
      medianOfMedians: round(((stats(rows.map((r) => r.onElapsedMs)).median - stats(rows.map((r) => r.offElapsedMs)).median) / stats(rows.map((r) => r.offElapsedMs)).median) * 100, 1),
      unit: '% (run() elapsedMs, on vs off)',
      note: 'information',
    };
    out.lockRounds = rows;
  });

  await section('asyncio', async () => {
    const rows = await benchAsyncio(browser, server.base);
    F.asyncioQueueItemsPerS = { ...stats(rows.map((r) => r.queueItemsPerS)), unit: 'items/s, Queue(2), 200,000 items, tracing on' };
    F.asyncioQueuePythonItemsPerS = { ...stats(rows.map((r) => r.pythonQueueItemsPerS)), unit: 'items/s, python3' };
    F.asyncioQueueSpeedupVsCPython = { ...stats(rows.map((r) => r.queueItemsPerS / r.pythonQueueItemsPerS)), target: '≥ 5', unit: '×' };
    F.asyncioQueueTracingOffItemsPerS = {
      ...stats(rows.map((r) => r.queueOffItemsPerS)),
      speedupVsCPython: stats(rows.map((r) => r.queueOffItemsPerS / r.pythonQueueItemsPerS)).median,
      unit: 'items/s, ?tracing=0',
      note: 'information',
    };
    F.asyncioQueueTracingOverheadPct = {
      ...stats(rows.map((r) => (r.queueOffItemsPerS / r.queueItemsPerS - 1) * 100)),
      target: '≤ 25 (the lock bar, applied here for information)',
      unit: '% more time with tracing on',
    };
    F.asyncioQueueElapsedMs = { ...stats(rows.map((r) => r.queueElapsedMs)), unit: 'ms, run() elapsedMs', note: 'information' };
    F.asyncioGatherS = { ...stats(rows.map((r) => r.gatherWorkS)), unit: 's, 100,000 tasks gather(sleep(0)), tracing on' };
    F.asyncioGatherPythonS = { ...stats(rows.map((r) => r.pythonGatherWorkS)), unit: 's, python3' };
    F.asyncioGatherSpeedupVsCPython = {
      ...stats(rows.map((r) => r.pythonGatherWorkS / r.gatherWorkS)),
      target: '≥ 5',
      unit: '× vs CPython gather(*coros) in one call',
      note: 'the browser program gathers create_task()ed tasks in 4 calls of 25,000: a worker cannot spread 100,000 arguments (bench/programs/asyncio-gather.ts.txt)',
    };
    F.asyncioGatherSpeedupVsCPythonSameShape = {
      ...stats(rows.map((r) => r.pythonGatherChunkedWorkS / r.gatherWorkS)),
      target: '≥ 5',
      unit: '× vs CPython running the same 4-call shape',
    };
    F.asyncioGatherTracingOffS = {
      ...stats(rows.map((r) => r.gatherOffWorkS)),
      speedupVsCPython: stats(rows.map((r) => r.pythonGatherWorkS / r.gatherOffWorkS)).median,
      unit: 's, ?tracing=0',
      note: 'information',
    };
    F.asyncioGatherTracingOverheadPct = {
      ...stats(rows.map((r) => (r.gatherWorkS / r.gatherOffWorkS - 1) * 100)),
      target: '≤ 25 (the lock bar, applied here for information)',
      unit: '% more time with tracing on',
    };
    F.asyncioGatherElapsedMs = { ...stats(rows.map((r) => r.gatherElapsedMs)), unit: 'ms, run() elapsedMs', note: 'information' };
    const bad = rows.find((r) => r.queueError || r.gatherError || !r.queueOk || !r.gatherOk);
    if (bad) F.asyncioProblems = bad;
    out.asyncioRounds = rows;
    // The first run in a fresh page, N pages: medians and the slowest (the tail a visitor meets).
    const fresh = await benchAsyncioFreshPage(browser, server.base);
    const pyQMedian = stats(fresh.map((r) => r.pythonQueueItemsPerS)).median;
    const pyGMedian = stats(fresh.map((r) => r.pythonGatherWorkS)).median;
    // Speedups at the median and at the slowest run: for items/s the slowest is the least, for
    // seconds the most.
    const freshFigure = (key, how, perSecond) => {
      const x = stats(fresh.map((r) => r[key]));
      const py = perSecond ? pyQMedian : pyGMedian;
      const speedup = (v) => round(perSecond ? v / py : py / v, 2);
      return {
        ...x,
        slowestSpeedupVsCPython: speedup(perSecond ? x.min : x.max),
        medianSpeedupVsCPython: speedup(x.median),
        unit: `${perSecond ? 'items/s' : 's'}, the first run in a fresh page ${how}; speedups against the median CPython run of the same rounds`,
      };
    };
    const LOADED = '(program loaded into the editor, then Run at once)';
    const LINK = '(a permalink to the program opened, then Run)';
    F.asyncioQueueFreshPageItemsPerS = { ...freshFigure('queueItemsPerS', LOADED, true), target: '≥ 5 (slowest)' };
    F.asyncioGatherFreshPageS = { ...freshFigure('gatherWorkS', LOADED, false), target: '≥ 5 (slowest)' };
    F.asyncioQueueFreshLinkItemsPerS = { ...freshFigure('queueFromLinkItemsPerS', LINK, true), note: 'information' };
    F.asyncioGatherFreshLinkS = { ...freshFigure('gatherFromLinkWorkS', LINK, false), note: 'information' };
    if (fresh.some((r) => !r.ok)) F.asyncioFreshPageProblems = fresh.find((r) => !r.ok);
    out.asyncioFreshPageRounds = fresh;
  });

  await section('timeline', async () => {
    const rows = await benchTimeline(browser, server.base);
    for (const dpr of [1, 2]) {
      const r = rows.filter((x) => x.deviceScaleFactor === dpr);
      F[`timelineFpsDpr${dpr}`] = {
        ...stats(r.map((x) => x.fps)),
        p95FrameMs: stats(r.map((x) => x.p95FrameMs)).median,
        avgDrawMs: stats(r.map((x) => x.avgDrawMs)).median,
        rafBaselineFps: stats(r.map((x) => x.rafBaselineFps)).median,
        events: r[0]?.events,
        target: '≥ 50',
        unit: 'fps while zooming and panning (rAF intervals)',
      };
    }
    out.timelineRounds = rows;
  });

  await section('processes', async () => {
    const r = benchProcesses(server.base);
    out.processes = r;
    const ps = r.result?.processStart;
    F.processesAllStartedMs = ps
      ? {
          ...ps.playground.allSpawnedMs,
          allRunningFirstLineMs: ps.playground.allRunningMs,
          pythonFromScriptStartMs: ps.python?.fromScriptStartMs,
          target: '≤ 200',
          unit: 'ms from run start (trace t=0) to the last of the 10 processes spawned (bench/processes.mjs)',
        }
      : { ...r, target: '≤ 200 ms after Run' };
    if (r.result?.mpQueue) F.mpQueueItemsPerS = { ...r.result.mpQueue, note: 'information (bench/processes.mjs)' };
  });
} finally {
  await browser.close();
  server.stop();
}

out.machine.loadavgAfter = load();
out.finished = new Date().toISOString();
mkdirSync(join(BENCH, 'results'), { recursive: true });
const json = JSON.stringify(out, null, 2);
writeFileSync(join(BENCH, 'results', 'latest.json'), `${json}\n`);
console.log(json);
process.exitCode = Object.keys(out.errors).length > 0 ? 1 : 0;
