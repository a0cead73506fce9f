import { describe, expect, it } from 'vitest';
import { ConsoleBuffer } from './console-buffer';
import { createAppStore } from './store';
import { isSeed } from '../protocol/sched';
import type { ConsoleLine } from '../supervisor/types';

const line = (seq: number): ConsoleLine => ({
  thread: 'MainThread',
  tid: 1,
  stream: 'stdout',
  text: `line ${seq}`,
  seq,
  t: seq * 10,
});

describe('ConsoleBuffer', () => {
  it('keeps the last cap lines in order and counts the dropped ones', () => {
    const b = new ConsoleBuffer(5);
    b.push([1, 2, 3].map(line));
    expect(b.toArray().map((l) => l.seq)).toEqual([1, 2, 3]);
    b.push([4, 5, 6, 7].map(line));
    expect(b.toArray().map((l) => l.seq)).toEqual([3, 4, 5, 6, 7]);
    expect(b.dropped).toBe(2);
    expect(b.at(0)?.seq).toBe(3);
    expect(b.at(4)?.seq).toBe(7);
    expect(b.at(5)).toBeUndefined();
    expect(b.indexOfSeq(6)).toBe(3);
    expect(b.indexOfSeq(1)).toBe(-1);
    b.push(Array.from({ length: 12 }, (_, i) => line(100 + i)));
    expect(b.toArray().map((l) => l.seq)).toEqual([107, 108, 109, 110, 111]);
    expect(b.dropped).toBe(14);
    b.clear();
    expect(b.length).toBe(0);
    expect(b.dropped).toBe(0);
  });

  it('holds the last 20,000 lines of a 100,000-line flood', () => {
    const b = new ConsoleBuffer();
    for (let k = 0; k < 100; k++) b.push(Array.from({ length: 1000 }, (_, i) => line(k * 1000 + i)));
    expect(b.length).toBe(20_000);
    expect(b.dropped).toBe(80_000);
    expect(b.at(0)?.seq).toBe(80_000);
  });
});

describe('store', () => {
  it('tracks dirty against the opened original', () => {
    const s = createAppStore();
    s.getState().openDocument({ source: 'a', scenarioId: 'lock', docKey: 'ex:lock', original: 'a' });
    expect(s.getState().dirty).toBe(false);
    s.getState().setSource('b');
    expect(s.getState().dirty).toBe(true);
    s.getState().setSource('a');
    expect(s.getState().dirty).toBe(false);
  });

  it('resets console and trace per run', () => {
    const s = createAppStore();
    s.getState().appendLines([line(1)]);
    const trace = s.getState().trace;
    const id = s.getState().beginRun();
    expect(id).toBe(1);
    expect(s.getState().console.length).toBe(0);
    expect(s.getState().runState).toBe('running');
    const first = trace.model;
    expect(first).not.toBeNull();
    const info = { speed: 1, startedAt: 0, endedAt: null, source: '' };
    trace.push([{ k: 'print', seq: 1, t: 5, tid: 1, stream: 'stdout', text: 'x' }], info);
    expect(trace.model?.eventCount).toBe(1);
    s.getState().endRun('finished', 12);
    expect(s.getState().runState).toBe('finished');
    expect(s.getState().elapsedMs).toBe(12);
    // The next run: the same owner, a fresh model and no events.
    s.getState().beginRun();
    expect(s.getState().trace).toBe(trace);
    expect(trace.model).not.toBe(first);
    expect(trace.events).toHaveLength(0);
  });

  it('clears the run-time question when the run ends', () => {
    const s = createAppStore();
    s.getState().beginRun();
    s.getState().setTimePrompt({ elapsedS: 30, limitS: 30, endsAt: 50_000 });
    expect(s.getState().timePrompt).not.toBeNull();
    s.getState().setRunState('running');
    expect(s.getState().timePrompt).not.toBeNull();
    s.getState().setRunState('limit', 'Run time limit');
    expect(s.getState().timePrompt).toBeNull();
    s.getState().setTimePrompt({ elapsedS: 30, limitS: 30, endsAt: 50_000 });
    s.getState().beginRun();
    expect(s.getState().timePrompt).toBeNull();
  });
});

describe('scheduling mode and seed', () => {
  it('starts in parallel with no seed; a parallel run has seed 0 and changes nothing', () => {
    const s = createAppStore();
    expect(s.getState()).toMatchObject({ sched: 'parallel', seed: null, seedPinned: false });
    expect(s.getState().seedForRun()).toBe(0);
    expect(s.getState().seed).toBeNull();
    s.getState().setSeed(42, true);
    expect(s.getState().seedForRun()).toBe(0);
    expect(s.getState()).toMatchObject({ seed: 42, seedPinned: true });
  });

  it('draws a fresh seed for each deterministic run and shows it', () => {
    const s = createAppStore();
    s.getState().setSched('seeded');
    const seeds = new Set<number>();
    for (let k = 0; k < 20; k++) {
      const seed = s.getState().seedForRun();
      expect(isSeed(seed)).toBe(true);
      expect(s.getState().seed).toBe(seed);
      seeds.add(seed);
    }
    // 20 draws from 2^32 values: a repeat is a one-in-ten-million event, not bad luck.
    expect(seeds.size).toBe(20);
    expect(s.getState().seedPinned).toBe(false);
  });

  it('keeps a pinned seed across runs and modes until it is unpinned', () => {
    const s = createAppStore();
    s.getState().setSched('gil');
    const first = s.getState().seedForRun();
    s.getState().toggleSeedPin();
    expect(s.getState()).toMatchObject({ seed: first, seedPinned: true });
    expect(s.getState().seedForRun()).toBe(first);
    s.getState().setSched('seeded');
    expect(s.getState().seedForRun()).toBe(first);
    s.getState().toggleSeedPin();
    expect(s.getState().seedPinned).toBe(false);
    expect(s.getState().seedForRun()).not.toBe(first);
  });

  it('pinning before any run pins a drawn seed; a link’s seed opens pinned, no seed clears it', () => {
    const s = createAppStore();
    s.getState().toggleSeedPin();
    const drawn = s.getState().seed;
    expect(drawn !== null && isSeed(drawn)).toBe(true);
    expect(s.getState().seedPinned).toBe(true);
    s.getState().setSeed(4294967295, true);
    s.getState().setSched('seeded');
    expect(s.getState().seedForRun()).toBe(4294967295);
    s.getState().setSeed(null, true);
    expect(s.getState()).toMatchObject({ seed: null, seedPinned: false });
  });
});
