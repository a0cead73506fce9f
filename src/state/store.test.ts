import { describe, expect, it, vi } from 'vitest';
import { ConsoleBuffer } from './consoleBuffer';
import { createAppStore } from './store';
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

  it('resets console and trace per run and feeds a late model with earlier events', () => {
    const s = createAppStore();
    s.getState().appendLines([line(1)]);
    const id = s.getState().beginRun();
    expect(id).toBe(1);
    expect(s.getState().console.length).toBe(0);
    expect(s.getState().runState).toBe('running');
    const info = { speed: 1, startedAt: 0, endedAt: null, source: '' };
    s.getState().appendTrace([{ k: 'print', seq: 1, t: 5, tid: 1, stream: 'stdout', text: 'x' }], info);
    const got: number[] = [];
    s.getState().setModelFactory(() => ({ append: (ev) => got.push(...ev.map((e) => e.seq)) }));
    s.getState().appendTrace([{ k: 'print', seq: 2, t: 6, tid: 1, stream: 'stdout', text: 'y' }], info);
    expect(got).toEqual([1, 2]);
    s.getState().endRun('finished', 12);
    expect(s.getState().runState).toBe('finished');
    expect(s.getState().elapsedMs).toBe(12);
  });

  it('swaps in a compacted trace with a fresh model (trace size limit)', () => {
    const s = createAppStore();
    const models: number[][] = [];
    s.getState().setModelFactory(() => {
      const got: number[] = [];
      models.push(got);
      return { append: (ev) => got.push(...ev.map((e) => e.seq)) };
    });
    s.getState().beginRun();
    const info = { speed: 1, startedAt: 0, endedAt: null, source: '' };
    s.getState().appendTrace([1, 2, 3].map((seq) => ({ k: 'print', seq, t: seq, tid: 1, stream: 'stdout', text: 'x' }) as const), info);
    const before = s.getState().model;
    const v = s.getState().traceVersion;
    s.getState().resetTrace([{ k: 'dropped', seq: 2.5, t: 3, tid: 1, count: 2 }, { k: 'print', seq: 3, t: 3, tid: 1, stream: 'stdout', text: 'x' }], info);
    expect(s.getState().traceEvents.map((e) => e.seq)).toEqual([2.5, 3]);
    expect(s.getState().model).not.toBe(before);
    expect(models[models.length - 1]).toEqual([2.5, 3]);
    expect(s.getState().traceVersion).toBeGreaterThan(v);
  });

  it('rebuilds a big compacted model in slices, keeping the old one live meanwhile', async () => {
    const s = createAppStore();
    const models: number[][] = [];
    s.getState().setModelFactory(() => {
      const got: number[] = [];
      models.push(got);
      return { append: (ev) => got.push(...ev.map((e) => e.seq)) };
    });
    s.getState().beginRun();
    const info = { speed: 1, startedAt: 0, endedAt: null, source: '' };
    const old = s.getState().model;
    const big = Array.from({ length: 120_000 }, (_, seq) => ({ k: 'dropped', seq, t: seq, tid: 1, count: 1 }) as const);
    s.getState().resetTrace(big, info);
    expect(s.getState().model).toBe(old);
    // Appends during the rebuild reach the old model now and the new one before the swap.
    s.getState().appendTrace([{ k: 'dropped', seq: 200_000, t: 1, tid: 1, count: 1 }], info);
    // The slices run on timers: wait for the swap however busy the machine is.
    await vi.waitFor(() => expect(s.getState().model).not.toBe(old), { timeout: 20_000, interval: 10 });
    const built = models[models.length - 1]!;
    expect(built.length).toBe(120_001);
    expect(built[built.length - 1]).toBe(200_000);
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
