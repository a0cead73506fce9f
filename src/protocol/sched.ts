/**
 * The deterministic scheduler's shared state as both sides see it (issue 15,
 * docs/deterministic-runs.md): the mode names of the URL's `sched`, the seed's range, the PRNG,
 * how a run's buffer starts in each mode, and how the page reads the schedule back when the run
 * ends. The scheduler itself runs in the program workers (runtime/core/sched.ts).
 */
import { H, HF, SchedMode, T, slotIndex, type SchedModeCode } from './memory-layout';

export type SchedName = 'parallel' | 'seeded' | 'gil' | 'step';

export const SCHED_NAMES: readonly SchedName[] = ['parallel', 'seeded', 'gil', 'step'];

const CODES: Record<SchedName, SchedModeCode> = {
  parallel: SchedMode.PARALLEL,
  seeded: SchedMode.SEEDED,
  gil: SchedMode.GIL,
  step: SchedMode.STEP,
};

export function schedCode(name: SchedName): SchedModeCode {
  return CODES[name];
}

export function schedName(code: number): SchedName {
  return SCHED_NAMES[code] ?? 'parallel';
}

export function isSchedName(s: string): s is SchedName {
  return (SCHED_NAMES as readonly string[]).includes(s);
}

/** A run's seed: an integer in 0..2^32-1 (the URL's `seed`). */
export const MAX_SEED = 0xffffffff;

export function isSeed(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= MAX_SEED;
}

/** A fresh seed for a Run without a pinned one. */
export function drawSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
}

/**
 * The scheduler's PRNG: mulberry32 (Tommy Ettinger's 32-bit generator: one word of state, a
 * Weyl step and a 32-bit mix). Small enough to keep in one shared word, fast, and statistically
 * fine for choosing threads; not for cryptography. Returns the new state and a uint32.
 */
export function mulberry32(state: number): { state: number; value: number } {
  const s = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(s ^ (s >>> 15), 1 | s);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return { state: s, value: (t ^ (t >>> 14)) >>> 0 };
}

/** FNV-1a, 32 bits, over one more 32-bit value (its four bytes, low first). */
export function fnv1a(hash: number, value: number): number {
  let h = hash >>> 0;
  for (let k = 0; k < 4; k++) {
    h ^= (value >>> (k * 8)) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export const FNV_OFFSET = 0x811c9dc5;

/**
 * The seeded policy's countdown: the number of scheduling points before it decides again, drawn
 * uniformly from 1..2×SEEDED_MEAN_POINTS. See docs/deterministic-runs.md for why this mean.
 */
export const SEEDED_MEAN_POINTS = 64;

/** `time.time()` at the start of a deterministic run (epoch seconds). */
export const VIRTUAL_EPOCH_S = 1257894000;

/** Lays out the scheduler's words for a new run (called by initRunBuffer). */
export function initSched(sab: SharedArrayBuffer, mode: SchedModeCode, seed: number): void {
  const i32 = new Int32Array(sab);
  const f64 = new Float64Array(sab);
  i32[H.SCHED_MODE] = mode;
  i32[H.SCHED_SEED] = seed | 0;
  i32[H.SCHED_RNG] = seed | 0;
  i32[H.SCHED_DECISIONS] = 0;
  i32[H.SCHED_HASH] = FNV_OFFSET | 0;
  i32[H.SCHED_COUNTDOWN] = SEEDED_MEAN_POINTS;
  f64[HF.VCLOCK] = 0;
  f64[HF.SLICE_START] = 0;
  // Replays print the same `time.time()`: a deterministic run's epoch is fixed, the moment
  // the Go playground's fake time starts at (2009-11-10 23:00:00 UTC).
  if (mode !== SchedMode.PARALLEL) f64[HF.START_TIME] = VIRTUAL_EPOCH_S;
  // MainThread holds the token from the start; every other thread waits for it.
  i32[H.SCHED_TOKEN] = mode === SchedMode.PARALLEL ? 0 : 1;
  i32[slotIndex(1) + T.SCHED_CELL] = 1;
}

/** What `run()` reports as `schedule` (docs/urls-and-automation.md). */
export interface Schedule {
  mode: SchedName;
  seed: number;
  decisions: number;
  hash: string;
}

export interface HashedLine {
  thread: string;
  stream: string;
  text: string;
}

/**
 * The run's schedule, read from its buffer when it has ended: `hash` digests the decision log
 * (the runtime's running FNV-1a of each decision) and every console line, so two runs with the
 * same hash took the same decisions and printed the same lines.
 */
export function readSchedule(sab: SharedArrayBuffer, lines: readonly HashedLine[]): Schedule {
  const i32 = new Int32Array(sab);
  return scheduleOf(
    schedName(i32[H.SCHED_MODE] ?? 0),
    (i32[H.SCHED_SEED] ?? 0) >>> 0,
    i32[H.SCHED_DECISIONS] ?? 0,
    i32[H.SCHED_HASH] ?? 0,
    lines,
  );
}

/**
 * The schedule of a run that never started (a compile error, a page without isolation): no
 * decisions, the decision digest a fresh buffer starts with, and the lines it reported.
 */
export function unstartedSchedule(mode: SchedName, seed: number, lines: readonly HashedLine[]): Schedule {
  return scheduleOf(mode, seed, 0, FNV_OFFSET | 0, lines);
}

function scheduleOf(
  mode: SchedName,
  seed: number,
  decisions: number,
  decisionHash: number,
  lines: readonly HashedLine[],
): Schedule {
  // Two FNV-1a lanes with different offsets make a 64-bit digest: 32 bits alone collide after
  // ~2^16 distinct runs, which an outcome explorer may well reach.
  let a = fnv1a(FNV_OFFSET, decisionHash);
  let b = fnv1a(0x01000193, decisions);
  const text = new TextEncoder();
  for (const l of lines) {
    for (const part of [l.thread, l.stream, l.text]) {
      for (const byte of text.encode(part)) {
        a = Math.imul(a ^ byte, 0x01000193) >>> 0;
        b = Math.imul(b ^ byte, 0x01000193) >>> 0;
      }
      a = fnv1a(a, 0);
      b = fnv1a(b, 0xff);
    }
  }
  const hex = (n: number): string => n.toString(16).padStart(8, '0');
  return { mode, seed, decisions, hash: hex(a) + hex(b) };
}
