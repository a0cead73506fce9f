import { describe, expect, it } from 'vitest';
import type { RunInfo, TraceEvent } from '../protocol/trace';
import type { FakeElement } from './fake-dom.fixture';
import { fakeContainer } from './fake-dom.fixture';
import { DEFAULT_METRICS } from './lanes';
import { TraceModel } from './model';
import { asyncioScenario, semaphoreScenario } from './synthetic';
import type { TimelineHandle } from './timeline';
import { mountTimeline } from './timeline';

const W = 1000;
const H = 500;
const M = DEFAULT_METRICS;

/** A fake app around the view: a model the test feeds, and the callbacks it records. */
function setup(events: TraceEvent[], finalInfo: RunInfo, opts: { live?: boolean } = {}) {
  const { container, win } = fakeContainer(W, H);
  let model: TraceModel | null = new TraceModel();
  let info: RunInfo = opts.live ? { ...finalInfo, endedAt: null } : finalInfo;
  let live = opts.live ?? false;
  if (!live) model.append(events);
  const listeners = new Set<() => void>();
  const highlights: Map<number, { line: number; color: string }>[] = [];
  const selected: number[] = [];
  let unsubscribed = 0;
  let clockMs: number | null = null;
  const handle: TimelineHandle = mountTimeline(container as unknown as HTMLElement, {
    getModel: () => model,
    getRunInfo: () => info,
    subscribe: (cb) => {
      listeners.add(cb);
      return () => {
        unsubscribed++;
        listeners.delete(cb);
      };
    },
    isLive: () => live,
    onHighlightLines: (m) => highlights.push(m),
    onSelectPrint: (seq) => selected.push(seq),
    labels: { blocked: 'bloqué' },
    // The page clock never runs ahead of the events here, so views depend on the trace only.
    now: () => clockMs ?? (model?.endT ?? 0) / 1000 + info.startedAt,
  });
  const canvas = container.children[0] as FakeElement;
  const app = {
    container,
    win,
    canvas,
    handle,
    highlights,
    selected,
    get model(): TraceModel | null {
      return model;
    },
    setClock(ms: number): void {
      clockMs = ms;
    },
    get unsubscribed(): number {
      return unsubscribed;
    },
    push(batch: TraceEvent[]): void {
      model?.append(batch);
      for (const cb of listeners) cb();
    },
    /** Runs animation frames until live throttling has let one draw through. */
    settle(): void {
      for (let i = 0; i < 3; i++) win.flush();
    },
    finish(): void {
      live = false;
      info = finalInfo;
      for (const cb of listeners) cb();
    },
    newRun(): void {
      model = new TraceModel();
      live = true;
      info = { ...finalInfo, endedAt: null };
      for (const cb of listeners) cb();
    },
  };
  return app;
}

const plotX = (h: TimelineHandle, t: number): number => {
  const v = h.getView();
  return M.headerWidth + ((t - v.t0) / (v.t1 - v.t0)) * (W - M.headerWidth);
};

describe('mountTimeline', () => {
  const { events, info } = semaphoreScenario();

  it('mounts a focusable, labelled canvas and a tooltip, and draws only when dirty', () => {
    const app = setup(events, info);
    expect(app.container.children.map((c) => c.tagName)).toEqual(['canvas', 'div', 'div']);
    expect(app.canvas.tabIndex).toBe(0);
    expect(app.canvas.getAttribute('aria-label')).toMatch(/Timeline/);
    expect(app.canvas.width).toBe(W * 2); // devicePixelRatio 2
    // The first frame is drawn at mount (sizing the canvas cleared it), not a frame later.
    expect(app.handle.frameStats().totalFrames).toBe(1);
    expect(app.canvas.stub?.texts).toContain('bloqué');
    app.win.flush();
    // Nothing changed: no frame is requested, nothing is drawn.
    expect(app.win.pending).toBe(0);
    app.win.flush();
    expect(app.handle.frameStats().totalFrames).toBe(1);
    app.handle.destroy();
  });

  it('follows the live edge while the run goes, then parks the scrubber at the end', () => {
    const app = setup(events, info, { live: true });
    const half = Math.floor(events.length / 2);
    app.push(events.slice(0, half));
    app.settle();
    const m = app.model;
    expect(m?.endT).toBeGreaterThan(0);
    let v = app.handle.getView();
    expect(v.t0).toBe(0);
    expect(v.t1).toBeGreaterThanOrEqual(m?.endT ?? Infinity);
    app.push(events.slice(half));
    app.settle();
    v = app.handle.getView();
    expect(v.t1).toBeGreaterThanOrEqual(m?.endT ?? Infinity);
    expect(app.highlights).toHaveLength(0); // no highlights while live
    app.finish();
    app.settle();
    expect(app.handle.getPlayhead()).toBe(info.endedAt);
    // Once the run is over the view stops animating.
    expect(app.win.pending).toBe(0);
    app.handle.destroy();
  });

  it('keeps time moving while live even when no events arrive', () => {
    const app = setup(events, info, { live: true });
    app.push(events.slice(0, 40));
    app.settle();
    const before = app.handle.getView().t1;
    app.setClock(8000); // 8 s into the run, threads asleep: no events
    app.settle();
    expect(app.handle.getView().t1).toBeGreaterThanOrEqual(8_000_000);
    expect(app.handle.getView().t1).toBeGreaterThan(before);
    expect(app.win.pending).toBe(1); // still animating
    app.handle.destroy();
    expect(app.win.pending).toBe(0);
  });

  it('stops following on a manual zoom while live', () => {
    const app = setup(events, info, { live: true });
    app.push(events.slice(0, 40));
    app.settle();
    app.canvas.fire('wheel', { clientX: 600, clientY: 100, deltaY: -200, ctrlKey: true });
    app.settle();
    const v = app.handle.getView();
    app.push(events.slice(40));
    app.settle();
    expect(app.handle.getView()).toEqual(v);
    app.handle.destroy();
  });

  it('scrubs on the axis after the run and highlights each thread line', () => {
    const app = setup(events, info);
    app.win.flush();
    const t = 500_100;
    app.canvas.fire('pointerdown', { clientX: plotX(app.handle, t), clientY: 5 });
    expect(app.highlights).toHaveLength(1);
    const lines = app.highlights[0];
    const want = app.model?.linesAt(app.handle.getPlayhead() ?? NaN);
    expect(lines && [...lines.entries()].map(([tid, l]) => [tid, l.line])).toEqual(
      want && [...want.entries()].map(([tid, l]) => [tid, l.line]),
    );
    expect(lines?.get(2)?.line).toBe(7);
    // The same moment, in words, for screen readers.
    const announcer = app.container.children[2] as FakeElement;
    expect(announcer.getAttribute('aria-live')).toBe('polite');
    expect(announcer.textContent).toMatch(/^500 ms\. MainThread: bloqué on Thread-1 · join Thread-1\. Thread-1 \(worker\): sleeping on sleep 1\./);
    // Dragging to a moment with the same lines does not re-notify; a different one does.
    app.canvas.fire('pointermove', { clientX: plotX(app.handle, t + 1000), clientY: 5 });
    expect(app.highlights).toHaveLength(1);
    app.canvas.fire('pointermove', { clientX: plotX(app.handle, 2_500_000), clientY: 5 });
    expect(app.highlights).toHaveLength(2);
    app.canvas.fire('pointerup', { clientX: plotX(app.handle, 2_500_000), clientY: 5 });
    app.handle.destroy();
  });

  it('zooms around the cursor with the wheel and pans by dragging', () => {
    const app = setup(events, info);
    app.win.flush();
    const before = app.handle.getView();
    const x = 600;
    const tAtX = before.t0 + ((x - M.headerWidth) / (W - M.headerWidth)) * (before.t1 - before.t0);
    const ev = app.canvas.fire('wheel', { clientX: x, clientY: 200, deltaY: -100 });
    expect(ev.defaultPrevented).toBe(true);
    const after = app.handle.getView();
    expect(after.t1 - after.t0).toBeLessThan(before.t1 - before.t0);
    expect(plotX(app.handle, tAtX)).toBeCloseTo(x, 6);
    app.canvas.fire('pointerdown', { clientX: 600, clientY: 200 });
    app.canvas.fire('pointermove', { clientX: 700, clientY: 200 });
    app.canvas.fire('pointerup', { clientX: 700, clientY: 200 });
    const panned = app.handle.getView();
    expect(panned.t0).toBeLessThan(after.t0);
    expect(panned.t1 - panned.t0).toBeCloseTo(after.t1 - after.t0, 3);
    expect(app.highlights).toHaveLength(0); // a drag is not a click
    app.handle.destroy();
  });

  it('pinch-zooms with two fingers around their midpoint', () => {
    const app = setup(events, info);
    app.win.flush();
    const before = app.handle.getView();
    const mid = 600;
    const tMid = before.t0 + ((mid - M.headerWidth) / (W - M.headerWidth)) * (before.t1 - before.t0);
    app.canvas.fire('pointerdown', { pointerType: 'touch', pointerId: 1, clientX: 550, clientY: 200 });
    app.canvas.fire('pointerdown', { pointerType: 'touch', pointerId: 2, clientX: 650, clientY: 200 });
    app.canvas.fire('pointermove', { pointerType: 'touch', pointerId: 1, clientX: 500, clientY: 200 });
    app.canvas.fire('pointermove', { pointerType: 'touch', pointerId: 2, clientX: 700, clientY: 200 });
    const after = app.handle.getView();
    expect((before.t1 - before.t0) / (after.t1 - after.t0)).toBeCloseTo(2, 6);
    expect(plotX(app.handle, tMid)).toBeCloseTo(mid, 6);
    app.canvas.fire('pointerup', { pointerType: 'touch', pointerId: 1, clientX: 500, clientY: 200 });
    app.canvas.fire('pointerup', { pointerType: 'touch', pointerId: 2, clientX: 700, clientY: 200 });
    expect(app.highlights).toHaveLength(0);
    app.handle.destroy();
  });

  it('handles the keyboard: zoom, pan, Home, End', () => {
    const app = setup(events, info);
    app.win.flush();
    const v0 = app.handle.getView();
    expect(app.canvas.fire('keydown', { key: '+' }).defaultPrevented).toBe(true);
    const v1 = app.handle.getView();
    expect(v1.t1 - v1.t0).toBeLessThan(v0.t1 - v0.t0);
    app.canvas.fire('keydown', { key: 'ArrowRight' });
    expect(app.handle.getView().t0).toBeGreaterThan(v1.t0);
    app.canvas.fire('keydown', { key: 'Home' });
    expect(app.handle.getView().t0).toBe(0);
    expect(app.handle.getPlayhead()).toBe(0);
    app.canvas.fire('keydown', { key: 'End' });
    expect(app.handle.getPlayhead()).toBe(info.endedAt);
    expect(app.handle.getView().t1).toBeGreaterThan(info.endedAt ?? Infinity);
    expect(app.canvas.fire('keydown', { key: 'x' }).defaultPrevented).toBe(false);
    // Shift+arrows scrub from the keyboard, highlighting lines as the pointer would.
    app.canvas.fire('keydown', { key: 'Home' });
    const n = app.highlights.length;
    for (let i = 0; i < 20; i++) app.canvas.fire('keydown', { key: 'ArrowRight', shiftKey: true });
    expect(app.handle.getPlayhead()).toBeGreaterThan(0);
    expect(app.highlights.length).toBeGreaterThan(n);
    app.handle.destroy();
  });

  it('selects a print when its marker is clicked', () => {
    const app = setup(events, info);
    app.win.flush();
    const m = app.model;
    if (!m) throw new Error('no model');
    // Zoom so the first print's marker is isolated, then click just above its lane's centre.
    app.handle.setView(m.prints.t.at(0) - 2000, m.prints.t.at(0) + 2000);
    app.win.flush();
    const lane = m.prints.lane.at(0);
    const rowTop = M.axisHeight + M.gap + lane * (M.laneHeight + M.gap);
    const x = plotX(app.handle, m.prints.t.at(0));
    app.canvas.fire('pointerdown', { clientX: x, clientY: rowTop + 3 });
    app.canvas.fire('pointerup', { clientX: x, clientY: rowTop + 3 });
    expect(app.selected).toEqual([m.prints.seq.at(0)]);
    app.handle.destroy();
  });

  it('jumps to a moment: playhead, view and highlights', () => {
    const app = setup(events, info);
    app.win.flush();
    app.handle.setView(0, 100_000);
    app.handle.jumpTo(2_100_000);
    const v = app.handle.getView();
    expect(v.t0).toBeLessThan(2_100_000);
    expect(v.t1).toBeGreaterThan(2_100_000);
    expect(app.handle.getPlayhead()).toBe(2_100_000);
    expect(app.highlights.at(-1)?.get(8)?.line).toBe(7);
    app.handle.destroy();
  });

  it('shows a tooltip on hover and collapses a lane from its header', () => {
    const { events: aev, info: ainfo } = asyncioScenario();
    const app = setup(aev, ainfo);
    app.win.flush();
    expect(app.handle.frameStats().last.rows).toBe(7);
    const tooltip = app.container.children[1] as FakeElement;
    const y = M.axisHeight + M.gap + M.laneHeight / 2 + 4;
    app.canvas.fire('pointermove', { clientX: plotX(app.handle, 1_500_000), clientY: y });
    expect(tooltip.style['display']).toBe('block');
    app.canvas.fire('pointerleave');
    expect(tooltip.style['display']).toBe('none');
    app.canvas.fire('pointerdown', { clientX: 10, clientY: y });
    app.canvas.fire('pointerup', { clientX: 10, clientY: y });
    app.win.flush();
    expect(app.handle.frameStats().last.rows).toBe(3); // MainThread (+4 hidden), Objects, the lock
    app.handle.destroy();
  });

  it('moves a lane cursor with the arrow keys, says what each row is doing, and folds a lane with Enter', () => {
    const { events: aev, info: ainfo } = asyncioScenario();
    const app = setup(aev, ainfo);
    app.win.flush();
    const announcer = app.container.children[2] as FakeElement;
    expect(announcer.getAttribute('aria-live')).toBe('polite');
    const rows = app.handle.frameStats().last.rows;
    expect(rows).toBe(7);
    app.canvas.fire('focus');
    expect(app.canvas.fire('keydown', { key: 'ArrowDown' }).defaultPrevented).toBe(true);
    // The first row, MainThread, at the run's end (no scrub yet), with its tasks unfolded.
    expect(announcer.textContent).toMatch(/^MainThread\. .*tasks unfolded, Enter folds them\.$/);
    app.canvas.fire('keydown', { key: 'ArrowDown' });
    expect(announcer.textContent).not.toMatch(/^MainThread\./);
    app.canvas.fire('keydown', { key: 'ArrowUp' });
    expect(announcer.textContent).toMatch(/^MainThread\./);
    // Ctrl+Enter is the page's Run: not the timeline's.
    expect(app.canvas.fire('keydown', { key: 'Enter', ctrlKey: true }).defaultPrevented).toBe(false);
    app.canvas.fire('keydown', { key: 'Enter' });
    expect(announcer.textContent).toMatch(/4 tasks folded, Enter unfolds them\.$/);
    app.win.flush();
    expect(app.handle.frameStats().last.rows).toBe(3);
    // The cursor is framed on the canvas while it has the focus (nothing else strokes a rect).
    expect(app.canvas.stub?.calls.get('strokeRect')).toBe(1);
    app.canvas.fire('blur');
    app.canvas.stub?.reset();
    app.win.flush();
    expect(app.canvas.stub?.calls.get('strokeRect')).toBeUndefined();
    app.canvas.fire('focus');
    app.canvas.fire('keydown', { key: ' ' });
    app.win.flush();
    expect(app.handle.frameStats().last.rows).toBe(7);
    // Zoom says the time window it shows.
    app.canvas.fire('keydown', { key: '+' });
    expect(announcer.textContent).toMatch(/^showing \S+ m?s – \S+ m?s$/);
    app.handle.destroy();
  });

  it('starts over on a new run and cleans up on destroy', () => {
    const app = setup(events, info);
    app.win.flush();
    app.handle.setView(100, 200);
    app.newRun();
    app.push(events.slice(0, 30));
    app.settle();
    expect(app.handle.getView().t0).toBe(0);
    expect(app.handle.getPlayhead()).toBeNull();
    app.handle.destroy();
    expect(app.container.children).toHaveLength(0);
    expect(app.unsubscribed).toBe(1);
    expect(app.win.pending).toBe(0);
    expect([...app.canvas.listeners.values()].every((a) => a.length === 0)).toBe(true);
  });
});
