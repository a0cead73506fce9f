#!/usr/bin/env node
/**
 * What the `lock` benchmark's shared lock costs (issue 13 §2; bench/README.md "What the shared
 * lock costs"). Serves dist/ (run `npm run build` first), opens one Chromium page, and runs,
 * interleaved, with the detectors on (the default):
 *   - bench/programs/lock-phases.ts.txt: `lock` (two threads, one Lock, one shared record,
 *     1,000,000 locked increments each), each thread's loop timed in ten chunks of 100,000;
 *   - bench/programs/lock-apart.ts.txt: the same loops with nothing shared (each thread its own
 *     Lock and record, on cache lines of their own).
 * The second has no contention at all: its time is JIT warm-up (the first chunks) and two
 * threads running side by side on the machine's cores. Prints one JSON object: per program the
 * median and p90 of start → join and of each thread's chunks: its first (V8's lower tiers), its
 * 2nd-5th (the optimizing compiles run on a machine whose cores the two loops keep busy) and its
 * 6th-10th (optimized code).
 *
 *   node bench/lock-apart.mjs [--n=8]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { BENCH, CONTEXT_OPTIONS, cliArgs, launchChromium, openApp, p90, round, runLockProgram, startPreview, stats } from './common.mjs';

const N = Number(cliArgs().n ?? 8);
const PROGRAMS = ['lock-phases', 'lock-apart'];
const log = (...a) => console.error('[lock-apart]', ...a);

const { base, stop } = await startPreview();
const browser = await launchChromium();
const rows = Object.fromEntries(PROGRAMS.map((p) => [p, []]));
const load = [loadavg()[0]];
try {
  const page = await openApp(await browser.newContext(CONTEXT_OPTIONS), `${base}/#example=lock`, log);
  const sources = Object.fromEntries(PROGRAMS.map((p) => [p, readFileSync(join(BENCH, 'programs', `${p}.ts.txt`), 'utf8')]));
  for (let i = 0; i < N; i++) {
    // Alternate which goes first: the machine's load drifts over a round.
    for (const p of i % 2 ? [...PROGRAMS].reverse() : PROGRAMS) {
      const r = await runLockProgram(page, sources[p]);
      rows[p].push(r);
      log(`${p} ${i + 1}/${N}: ${round(r.bench.work_s * 1000)} ms; first chunks ${r.phases.map((t) => t.chunks_ms[0]).join(', ')} ms`);
    }
  }
  load.push(loadavg()[0]);
} finally {
  await browser.close();
  stop();
}

const summary = (xs) => ({ ...stats(xs), p90: p90(xs) });
/** Every thread's chunks from..to (0-based, end excluded) over the rounds `rs`. */
const chunks = (rs, from, to) => rs.flatMap((r) => r.phases.flatMap((t) => t.chunks_ms.slice(from, to)));
const out = { date: new Date().toISOString(), rounds: N, loadAverage: load.map((x) => round(x, 1)) };
for (const p of PROGRAMS) {
  const rs = rows[p];
  out[p] = {
    workMs: summary(rs.map((r) => r.bench.work_s * 1000)),
    chunk1Ms: summary(chunks(rs, 0, 1)),
    chunks2to5Ms: summary(chunks(rs, 1, 5)),
    chunks6to10Ms: summary(chunks(rs, 5, 10)),
    unit: 'ms: in-program start → join; each 100,000 locked increments of a thread (its first, its 2nd-5th, its 6th-10th)',
  };
}
out.sharedOverApart = round(out['lock-phases'].workMs.median / out['lock-apart'].workMs.median);
console.log(JSON.stringify(out, null, 2));
