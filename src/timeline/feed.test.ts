import { describe, expect, it } from 'vitest';
import { fakeContainer } from './fake-dom';
import { TraceFeed } from './feed';
import { semaphoreScenario } from './synthetic';
import { mountTimeline } from './timeline';

describe('TraceFeed', () => {
  const { events, info } = semaphoreScenario();
  const liveInfo = { ...info, endedAt: null };

  it('folds batches into a fresh model per run and notifies', () => {
    const feed = new TraceFeed();
    let calls = 0;
    const off = feed.subscribe(() => calls++);
    feed.start(liveInfo);
    expect(feed.live).toBe(true);
    const first = feed.model;
    feed.push(events.slice(0, 50), liveInfo);
    feed.push(events.slice(50), liveInfo);
    expect(feed.model?.eventCount).toBe(events.length);
    expect(feed.events).toHaveLength(events.length);
    feed.end(info);
    expect(feed.live).toBe(false);
    expect(feed.info?.endedAt).toBe(info.endedAt);
    expect(calls).toBe(4);
    feed.start(liveInfo);
    expect(feed.model).not.toBe(first);
    expect(feed.events).toHaveLength(0);
    off();
    feed.clear();
    expect(calls).toBe(5);
    expect(feed.model).toBeNull();
  });

  it('exports the run as Chrome trace JSON and can drop raw events', () => {
    const feed = new TraceFeed();
    feed.push(events, info); // no start(): the first batch starts the run
    expect(feed.live).toBe(false);
    const trace = feed.chromeTrace();
    expect(trace.traceEvents.some((e) => e.ph === 'X')).toBe(true);
    const lean = new TraceFeed(false);
    lean.push(events, info);
    expect(lean.events).toHaveLength(0);
    expect(lean.model?.eventCount).toBe(events.length);
  });

  it('drives a mounted timeline', () => {
    const feed = new TraceFeed();
    const { container, win } = fakeContainer(800, 400);
    const h = mountTimeline(container as unknown as HTMLElement, {
      ...feed.timelineSource(),
      onHighlightLines: () => {},
      onSelectPrint: () => {},
      now: () => 0,
    });
    feed.start(liveInfo);
    feed.push(events, liveInfo);
    for (let i = 0; i < 3; i++) win.flush();
    expect(h.frameStats().last.rows).toBe(12);
    feed.end(info);
    for (let i = 0; i < 3; i++) win.flush();
    expect(h.getPlayhead()).toBe(info.endedAt);
    h.destroy();
  });
});
