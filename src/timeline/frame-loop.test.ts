import { describe, expect, it } from 'vitest';
import { Disposer } from './disposer';
import { FakeElement, FakeWindow, fakeContainer } from './fake-dom.fixture';
import { FrameLoop, FrameTimes } from './frame-loop';
import type { DrawStats } from './renderer';

const LAST: DrawStats = { rows: 1, spans: 2, rects: 3, arrows: 0, prints: 0, ms: 1 };

describe('FrameLoop', () => {
  it('draws once per invalidation burst, and nothing when nothing changed', () => {
    const win = new FakeWindow();
    const drawn: number[] = [];
    const loop = new FrameLoop(win, () => false, (ts) => drawn.push(ts));
    loop.invalidate();
    loop.invalidate();
    expect(win.pending).toBe(1);
    win.flush();
    expect(drawn).toHaveLength(1);
    win.flush();
    expect(drawn).toHaveLength(1);
    expect(win.pending).toBe(0);
  });

  it('keeps animating while live, at most 30 frames a second', () => {
    const win = new FakeWindow();
    let live = true;
    const drawn: number[] = [];
    const loop = new FrameLoop(win, () => live, (ts) => drawn.push(ts));
    loop.invalidate();
    for (let i = 0; i < 60; i++) win.flush(); // one second of 60 Hz frames
    expect(drawn.length).toBeGreaterThanOrEqual(29);
    expect(drawn.length).toBeLessThanOrEqual(31);
    live = false;
    win.flush();
    expect(win.pending).toBe(0);
    loop.invalidate();
    loop.stop();
    expect(win.pending).toBe(0);
    loop.drawNow(0);
    loop.invalidate();
    expect(win.pending).toBe(0);
    expect(drawn.length).toBeLessThanOrEqual(31);
  });
});

describe('FrameTimes', () => {
  it('reports the current burst: fps from timestamps, draw times averaged', () => {
    const t = new FrameTimes(8);
    t.record(0, 2);
    t.record(16, 4);
    t.record(32, 6);
    expect(t.stats(LAST)).toEqual({ fps: 62.5, frames: 3, avgDrawMs: 4, maxDrawMs: 6, totalFrames: 3, last: LAST });
    // A frame after a pause starts a new burst.
    t.record(5000, 1);
    expect(t.stats(LAST)).toMatchObject({ fps: 0, frames: 1, avgDrawMs: 1, totalFrames: 4 });
  });

  it('only looks at the last frames of its ring', () => {
    const t = new FrameTimes(4);
    for (let i = 0; i < 10; i++) t.record(i * 10, i);
    expect(t.stats(LAST)).toMatchObject({ frames: 4, maxDrawMs: 9, avgDrawMs: 7.5, totalFrames: 10 });
  });
});

describe('Disposer', () => {
  it('undoes newest first, removes listeners, and runs once', () => {
    const { container } = fakeContainer(10, 10);
    const el = container as FakeElement;
    const d = new Disposer();
    const order: string[] = [];
    d.defer(() => order.push('first'));
    d.listen(el as unknown as EventTarget, 'keydown', () => order.push('key'));
    d.defer(() => order.push('last'));
    el.fire('keydown');
    d.dispose();
    d.dispose();
    el.fire('keydown');
    expect(order).toEqual(['key', 'last', 'first']);
    expect(el.listeners.get('keydown')).toEqual([]);
  });
});
