import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../protocol/trace';
import { toChromeTrace } from './chrome-trace';
import { fakeContainer } from './fake-dom.fixture';
import { MODEL_REBUILD_SLICE, TraceFeed } from './feed';
import type { TraceModel } from './model';
import { runInfo, semaphoreScenario } from './synthetic';
import { mountTimeline } from './timeline';

const print = (seq: number): TraceEvent => ({ k: 'print', seq, t: seq, tid: 1, stream: 'stdout', text: 'x' });
const dropped = (seq: number): TraceEvent => ({ k: 'dropped', seq, t: seq, tid: 1, count: 1 });

/** Resolves when the feed's model is no longer `old` (the test's timeout fails it otherwise). */
function modelSwapped(feed: TraceFeed, old: TraceModel | null): Promise<TraceModel | null> {
  return new Promise((resolve) => {
    const off = feed.subscribe(() => {
      if (feed.model === old) return;
      off();
      resolve(feed.model);
    });
  });
}

describe('TraceFeed', () => {
  const { events, info } = semaphoreScenario();
  const liveInfo = { ...info, endedAt: null };

  it('folds batches into a fresh model per run and notifies', () => {
    const feed = new TraceFeed();
    let calls = 0;
    const off = feed.subscribe(() => calls++);
    expect(feed.model).toBeNull();
    feed.start();
    const first = feed.model;
    expect(first?.eventCount).toBe(0);
    expect(feed.info).toBeNull();
    feed.push(events.slice(0, 50), liveInfo);
    feed.push(events.slice(50), info);
    expect(feed.model).toBe(first);
    expect(feed.model?.eventCount).toBe(events.length);
    expect(feed.events).toHaveLength(events.length);
    expect(feed.info).toBe(info);
    expect(calls).toBe(3);
    feed.start();
    expect(feed.model).not.toBe(first);
    expect(feed.events).toHaveLength(0);
    expect(calls).toBe(4);
    off();
    feed.push(events, info);
    expect(calls).toBe(4);
  });

  it('ignores empty drains that bring nothing new', () => {
    const feed = new TraceFeed();
    feed.start();
    let calls = 0;
    feed.subscribe(() => calls++);
    const a = runInfo(null);
    feed.push([], a);
    expect(calls).toBe(1); // the first info is news
    feed.push([], a);
    feed.push([], a);
    expect(calls).toBe(1);
    feed.push([], runInfo(5));
    expect(calls).toBe(2);
  });

  it('starts a run on a first batch that comes without start()', () => {
    const feed = new TraceFeed();
    feed.push(events, info);
    expect(feed.model?.eventCount).toBe(events.length);
    const trace = toChromeTrace(feed.events, feed.info ?? info);
    expect(trace.traceEvents.some((e) => e.ph === 'X')).toBe(true);
  });

  it('swaps in a compacted trace with a fresh model (trace size limit)', () => {
    const feed = new TraceFeed();
    feed.start();
    const a = runInfo(null);
    feed.push([1, 2, 3].map(print), a);
    const before = feed.model;
    let calls = 0;
    feed.subscribe(() => calls++);
    const compacted = [{ k: 'dropped', seq: 2.5, t: 3, tid: 1, count: 2 } as const, print(3)];
    feed.replace(compacted, a);
    expect(feed.events.map((e) => e.seq)).toEqual([2.5, 3]);
    expect(feed.model).not.toBe(before);
    expect(feed.model?.eventCount).toBe(2);
    expect(feed.model?.droppedTotal).toBe(2);
    expect(calls).toBe(2); // the new list, then the new model
  });

  it('rebuilds a big compacted model in slices, keeping the old one live meanwhile', async () => {
    const feed = new TraceFeed();
    feed.start();
    const a = runInfo(null);
    const old = feed.model;
    const n = Math.round(MODEL_REBUILD_SLICE * 2.4);
    const big = Array.from({ length: n }, (_, seq) => dropped(seq));
    const swapped = modelSwapped(feed, old);
    feed.replace(big, a);
    expect(feed.model).toBe(old);
    expect(feed.events).toHaveLength(n);
    // Pushes during the rebuild reach the old model now and the new one before the swap.
    feed.push([dropped(n + 10)], a);
    expect(old?.droppedTotal).toBe(1);
    const now = await swapped;
    expect(now).not.toBe(old);
    expect(now?.eventCount).toBe(n + 1);
    expect(now?.lastSeq).toBe(n + 10);
  });

  it('drops a rebuild that a new run made moot', async () => {
    const feed = new TraceFeed();
    feed.start();
    const a = runInfo(null);
    feed.replace(Array.from({ length: MODEL_REBUILD_SLICE * 2 }, (_, seq) => dropped(seq)), a);
    feed.start();
    const fresh = feed.model;
    feed.push([print(1)], a);
    // The rebuild's later slices are timer tasks queued before these: they have run.
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
    expect(feed.model).toBe(fresh);
    expect(feed.model?.eventCount).toBe(1);
  });

  it('drives a mounted timeline', () => {
    const feed = new TraceFeed();
    let live = false;
    const { container, win } = fakeContainer(800, 400);
    const h = mountTimeline(container as unknown as HTMLElement, {
      ...feed.timelineSource(),
      isLive: () => live,
      onHighlightLines: () => {},
      onSelectPrint: () => {},
      now: () => 0,
    });
    live = true;
    feed.start();
    feed.push(events, liveInfo);
    for (let i = 0; i < 3; i++) win.flush();
    expect(h.frameStats().last.rows).toBe(12);
    live = false;
    feed.push([], info);
    for (let i = 0; i < 3; i++) win.flush();
    expect(h.getPlayhead()).toBe(info.endedAt);
    h.destroy();
  });
});
