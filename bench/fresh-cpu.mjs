/**
 * Who uses the CPU while a fresh page makes its first run: per-thread CPU time of every Chromium
 * thread (from /proc, Linux only, 10 ms ticks) across the run of a program, and the renderer
 * process's total (which keeps the time of threads that ended, such as the program's worker).
 * The page is opened on `#example=asyncio-queue`, the program is `load`ed, and the run starts
 * either at once (`--at-once`, as after pasting code and pressing Run) or 1.5 s later. With
 * `--no-run` it measures the 300 ms after the `load` instead (what the editor does with new text).
 * bench/README.md, "What else runs during a fresh page's first run".
 *
 *   npm run build
 *   node bench/fresh-cpu.mjs [--n=5] [--program=asyncio-queue] [--at-once] [--no-run]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH, CONTEXT_OPTIONS, cliArgs, launchChromium, openApp, ownChromiumProcesses, startPreview } from './common.mjs';

const args = cliArgs();
const N = Number(args.n ?? 5);
const source = readFileSync(join(BENCH, 'programs', `${args.program ?? 'asyncio-queue'}.ts.txt`), 'utf8');

/** CPU ms so far of every thread of this script's Chromium processes, and of each process as a whole. */
function cpuNow() {
  const out = new Map();
  const read = (path) => {
    const s = readFileSync(path, 'utf8');
    const close = s.lastIndexOf(')');
    const fields = s.slice(close + 2).split(' ');
    // utime and stime (fields 14 and 15 of stat; 12 and 13 after the name), in 10 ms ticks.
    return { name: s.slice(s.indexOf('(') + 1, close), ms: (Number(fields[11]) + Number(fields[12])) * 10 };
  };
  for (const { pid } of ownChromiumProcesses()) {
    try {
      out.set(`process ${pid}`, { ...read(`/proc/${pid}/stat`), name: `process ${pid}` });
      for (const tid of readdirSync(`/proc/${pid}/task`)) out.set(`${pid}/${tid}`, read(`/proc/${pid}/task/${tid}/stat`));
    } catch {
      // The process or thread ended while we read it.
    }
  }
  return out;
}

/** What each thread (and process) used between two readings, ≥ 20 ms, busiest first. */
function used(before, after) {
  const rows = [];
  for (const [key, v] of after) {
    const ms = v.ms - (before.get(key)?.ms ?? 0);
    if (ms >= 20) rows.push(`${v.name} ${ms}`);
  }
  return rows.sort((a, b) => Number(b.split(' ').pop()) - Number(a.split(' ').pop()));
}

const server = process.env.BASE_URL ? null : await startPreview();
const baseURL = process.env.BASE_URL ?? server.base;
const browser = await launchChromium();
try {
  for (let i = 0; i < N; i++) {
    const context = await browser.newContext({ ...CONTEXT_OPTIONS, baseURL, viewport: { width: 1280, height: 800 } });
    const page = await openApp(context, '/#example=asyncio-queue');
    if (args['no-run']) {
      const before = cpuNow();
      await page.evaluate((src) => window.__playground.load(src, { speed: 1 }), source);
      await page.waitForTimeout(300);
      console.log(`after load, 300 ms | ${used(before, cpuNow()).join(' | ')}`);
    } else {
      if (!args['at-once']) {
        await page.evaluate((src) => window.__playground.load(src, { speed: 1 }), source);
        await page.waitForTimeout(1500);
      }
      const before = cpuNow();
      const t0 = Date.now();
      const bench = await page.evaluate(
        async ([src, atOnce]) => {
          if (atOnce) window.__playground.load(src, { speed: 1 });
          const res = await window.__playground.run();
          return res.lines.map((l) => l.text).find((t) => t.startsWith('bench '));
        },
        [source, Boolean(args['at-once'])],
      );
      const wall = Date.now() - t0;
      const ms = bench ? Math.round(JSON.parse(bench.slice(6)).work_s * 1000) : null;
      console.log(`run ${ms} ms in-program, ${wall} ms around it | ${used(before, cpuNow()).join(' | ')}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  server?.stop();
}
