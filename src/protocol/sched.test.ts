import { describe, expect, it } from 'vitest';
import { H, HEAP_AT, SchedMode, type SchedModeCode } from './memory-layout';
import { initRunBuffer } from './run';
import { drawSeed, isSchedName, isSeed, MAX_SEED, readSchedule, schedCode, schedName, unstartedSchedule, type HashedLine } from './sched';
import { PARALLEL_MAX_SPEED, runSpeed } from './speed';

function buffer(mode: SchedModeCode, seed: number): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(HEAP_AT + (1 << 20));
  initRunBuffer(sab, { tracing: false, maxLive: 8, speed: 1, startedAt: 0, sched: { mode, seed } });
  return sab;
}

/** What the runtime leaves behind: `decisions` decisions whose running digest is `digest`. */
function decide(sab: SharedArrayBuffer, decisions: number, digest: number): SharedArrayBuffer {
  const i32 = new Int32Array(sab);
  i32[H.SCHED_DECISIONS] = decisions;
  i32[H.SCHED_HASH] = digest;
  return sab;
}

const LINES: HashedLine[] = [
  { thread: 'MainThread', stream: 'stdout', text: 'start' },
  { thread: 'Thread-1', stream: 'stdout', text: 'n = 1999873 你好' },
  { thread: 'MainThread', stream: 'stderr', text: 'Traceback…' },
];

describe('mode names and seeds', () => {
  it('maps every name to its code and back; unknown names are refused', () => {
    for (const name of ['parallel', 'seeded', 'gil', 'step'] as const) {
      expect(isSchedName(name)).toBe(true);
      expect(schedName(schedCode(name))).toBe(name);
    }
    for (const bad of ['', 'Seeded', 'random', 'gil ', '__proto__', 'toString']) expect(isSchedName(bad)).toBe(false);
  });

  it('accepts integer seeds in 0..2^32-1 only; drawn seeds are in range', () => {
    for (const ok of [0, 1, 42, MAX_SEED]) expect(isSeed(ok)).toBe(true);
    for (const bad of [-1, MAX_SEED + 1, 1.5, NaN, Infinity]) expect(isSeed(bad)).toBe(false);
    for (let k = 0; k < 100; k++) expect(isSeed(drawSeed())).toBe(true);
  });
});

describe('readSchedule', () => {
  it('reports the mode and seed the buffer was laid out with', () => {
    const s = readSchedule(buffer(SchedMode.SEEDED, MAX_SEED), LINES);
    expect(s).toMatchObject({ mode: 'seeded', seed: MAX_SEED, decisions: 0 });
    expect(s.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(readSchedule(buffer(SchedMode.GIL, 7), []).mode).toBe('gil');
    expect(readSchedule(buffer(SchedMode.PARALLEL, 0), []).mode).toBe('parallel');
  });

  it('gives the same hash for the same decisions and lines', () => {
    const a = readSchedule(decide(buffer(SchedMode.SEEDED, 42), 17, 0x12345678), LINES);
    const b = readSchedule(decide(buffer(SchedMode.SEEDED, 42), 17, 0x12345678), LINES.map((l) => ({ ...l })));
    expect(b).toEqual(a);
  });

  it('changes the hash when anything in the decisions or the lines changes', () => {
    const base = readSchedule(decide(buffer(SchedMode.SEEDED, 42), 17, 0x12345678), LINES).hash;
    const variants: [string, SharedArrayBuffer, HashedLine[]][] = [
      ['decision count', decide(buffer(SchedMode.SEEDED, 42), 18, 0x12345678), LINES],
      ['decision digest', decide(buffer(SchedMode.SEEDED, 42), 17, 0x12345679), LINES],
      ['a line less', decide(buffer(SchedMode.SEEDED, 42), 17, 0x12345678), LINES.slice(0, 2)],
      ['a line more', decide(buffer(SchedMode.SEEDED, 42), 17, 0x12345678), [...LINES, LINES[0]!]],
      ['lines reordered', decide(buffer(SchedMode.SEEDED, 42), 17, 0x12345678), [LINES[1]!, LINES[0]!, LINES[2]!]],
      ['text', decide(buffer(SchedMode.SEEDED, 42), 17, 0x12345678), [{ ...LINES[0]!, text: 'stars' }, ...LINES.slice(1)]],
      ['thread', decide(buffer(SchedMode.SEEDED, 42), 17, 0x12345678), [{ ...LINES[0]!, thread: 'Thread-2' }, ...LINES.slice(1)]],
      ['stream', decide(buffer(SchedMode.SEEDED, 42), 17, 0x12345678), [{ ...LINES[0]!, stream: 'stderr' }, ...LINES.slice(1)]],
      // The same characters split differently between thread and text must not collide.
      ['boundary', decide(buffer(SchedMode.SEEDED, 42), 17, 0x12345678), [{ ...LINES[0]!, thread: 'MainThreads', text: 'tart' }, ...LINES.slice(1)]],
    ];
    const seen = new Set([base]);
    for (const [what, sab, lines] of variants) {
      const h = readSchedule(sab, lines).hash;
      expect(seen.has(h), what).toBe(false);
      seen.add(h);
    }
  });

  it('a run that never started hashes as a fresh buffer with the same lines', () => {
    expect(unstartedSchedule('gil', 9, LINES)).toEqual(readSchedule(buffer(SchedMode.GIL, 9), LINES));
  });
});

describe('runSpeed', () => {
  it('keeps max unpaced in deterministic modes and makes it the control’s highest in parallel', () => {
    expect(runSpeed(Infinity, 'seeded')).toBe(Infinity);
    expect(runSpeed(Infinity, 'gil')).toBe(Infinity);
    expect(runSpeed(Infinity, 'parallel')).toBe(PARALLEL_MAX_SPEED);
    expect(runSpeed(10, 'parallel')).toBe(10);
    expect(runSpeed(10, 'seeded')).toBe(10);
    for (const bad of [0, -2, NaN]) expect(runSpeed(bad, 'parallel')).toBe(1);
  });
});
