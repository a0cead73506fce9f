import { describe, expect, it } from 'vitest';
import { TimeScale } from './scale';
import type { RunNow } from './view-state';
import { LIVE_MAX_PROGRAM_S, LIVE_MIN_PROGRAM_S, VIRTUAL_MIN_PROGRAM_S, ViewState } from './view-state';

/** A view 1,000 px wide (plot from x = 100), showing the first 2 s. */
const fresh = (): ViewState => new ViewState(new TimeScale(0, 2e6, 100, 1100));
const live = (end: number, speed = 1): RunNow => ({ end, speed, live: true });
const after = (end: number, speed = 1): RunNow => ({ end, speed, live: false });
const windowOf = (v: ViewState): [number, number] => [v.scale.t0, v.scale.t1];

describe('ViewState', () => {
  it('fits a short live run from 0, then slides with the latest time', () => {
    const v = fresh();
    v.followLive(live(100_000));
    // At least LIVE_MIN_PROGRAM_S is shown, from 0.
    expect(windowOf(v)).toEqual([0, LIVE_MIN_PROGRAM_S * 1e6]);
    v.followLive(live(10e6));
    expect(windowOf(v)).toEqual([0, 11e6]);
    // Past LIVE_MAX_PROGRAM_S the window keeps that width and the live edge sits at 92 %.
    const span = LIVE_MAX_PROGRAM_S * 1e6;
    v.followLive(live(30e6));
    expect(v.scale.t1 - v.scale.t0).toBeCloseTo(span, 3);
    expect(v.scale.t0).toBeCloseTo(30e6 - span * 0.92, 3);
    expect(v.followSpan).toBe(span);
  });

  it('a run on the virtual clock shows its first steps at a readable floor, then grows with them', () => {
    const v = fresh();
    const stepped = (end: number): RunNow => ({ end, speed: 1, live: true, minLiveS: VIRTUAL_MIN_PROGRAM_S });
    v.followLive(stepped(3000));
    expect(windowOf(v)).toEqual([0, VIRTUAL_MIN_PROGRAM_S * 1e6]);
    v.followLive(stepped(50_000));
    expect(v.scale.t0).toBe(0);
    expect(v.scale.t1).toBeCloseTo(55_000, 6);
  });

  it('measures the live window in program time: at speed 2 it holds half the wall time', () => {
    const v = fresh();
    v.followLive(live(1000, 2));
    expect(windowOf(v)).toEqual([0, (LIVE_MIN_PROGRAM_S * 1e6) / 2]);
  });

  it('stops following on a manual change while live only, dropping the live playhead', () => {
    const v = fresh();
    v.playhead = 5;
    v.stopFollowing(after(10));
    expect(v.follow).toBe(true);
    expect(v.playhead).toBe(5);
    v.stopFollowing(live(10));
    expect(v.follow).toBe(false);
    expect(v.playhead).toBeNull();
  });

  it('resumes following at the current zoom', () => {
    const v = fresh();
    v.stopFollowing(live(0));
    v.show(0, 1e6);
    v.resumeFollowing();
    v.followLive(live(5e6));
    expect(v.scale.t0).toBeCloseTo(5e6 - 0.92e6, 3);
    expect(v.scale.t1 - v.scale.t0).toBeCloseTo(1e6, 3);
  });

  it('shows the whole run when it ends while following, and parks the scrubber at its end', () => {
    const v = fresh();
    v.runEnded(after(3e6));
    expect(windowOf(v)).toEqual([0, 3e6 * 1.02]);
    expect(v.playhead).toBe(3e6);
    // Not following (the user zoomed in): the window stays where the user put it.
    const w = fresh();
    w.stopFollowing(live(1e6));
    w.show(1000, 2000);
    w.runEnded(after(3e6));
    expect(windowOf(w)).toEqual([1000, 2000]);
    expect(w.playhead).toBe(3e6);
  });

  it('gives an instant run 1 ms of program time', () => {
    const v = fresh();
    v.fitAll(after(0, 10));
    expect(windowOf(v)).toEqual([0, 100 * 1.02]);
  });

  it('starts a new run at the top, following, without a playhead', () => {
    const v = fresh();
    v.setViewport(1000, 200);
    v.scrollTo(300);
    v.stopFollowing(live(1));
    v.movePlayhead(5, after(10));
    v.newRun();
    expect([v.scrollY, v.follow, v.followSpan, v.playhead]).toEqual([0, true, null, null]);
  });

  it('keeps the window on the run, with a margin', () => {
    const v = fresh();
    v.show(-5e6, -4e6);
    v.clamp(after(10e6));
    // 5 % of the run before 0 at most.
    expect(v.scale.t0).toBeCloseTo(-0.5e6, 3);
    expect(v.scale.t1 - v.scale.t0).toBeCloseTo(1e6, 3);
    v.show(20e6, 21e6);
    v.clamp(after(10e6));
    expect(v.scale.t1).toBeCloseTo(10.5e6, 3);
  });

  it('keeps the playhead inside the run and draws the live edge while following', () => {
    const v = fresh();
    expect(v.movePlayhead(-3, after(100))).toBe(0);
    expect(v.movePlayhead(500, after(100))).toBe(100);
    expect(v.drawnPlayhead(after(100))).toBe(100);
    v.playhead = null;
    expect(v.drawnPlayhead(after(100))).toBeNull();
    expect(v.drawnPlayhead(live(70))).toBe(70);
    v.stopFollowing(live(70));
    expect(v.drawnPlayhead(live(70))).toBe(70);
    v.movePlayhead(20, live(70));
    expect(v.drawnPlayhead(live(70))).toBe(20);
  });

  it('brings a time near the edge into view, and leaves one in the middle alone', () => {
    const v = fresh();
    v.show(0, 1e6);
    v.ensureVisible(500_000, after(10e6));
    expect(windowOf(v)).toEqual([0, 1e6]);
    v.ensureVisible(3e6, after(10e6));
    expect(windowOf(v)).toEqual([2.5e6, 3.5e6]);
  });

  it('centres keyboard zoom on the playhead when it is in view', () => {
    const v = fresh();
    v.show(0, 1000);
    expect(v.focusTime()).toBe(500);
    v.playhead = 100;
    expect(v.focusTime()).toBe(100);
    v.playhead = 5000;
    expect(v.focusTime()).toBe(500);
  });

  it('a jump while live stops following but keeps the playhead', () => {
    const v = fresh();
    v.leaveLiveEdge(after(10));
    expect(v.follow).toBe(true);
    v.playhead = 7;
    v.leaveLiveEdge(live(10));
    expect(v.follow).toBe(false);
    expect(v.playhead).toBe(7);
  });

  it('keeps the vertical scroll inside the rows', () => {
    const v = fresh();
    v.setViewport(1000, 300);
    v.scrollBy(-50);
    expect(v.scrollY).toBe(0);
    v.scrollBy(5000);
    expect(v.scrollY).toBe(700);
    // The pane grew: less to scroll.
    v.setViewport(1000, 900);
    expect(v.scrollY).toBe(100);
    v.setViewport(200, 900);
    expect(v.scrollY).toBe(0);
  });

  it('zooms around a time and pans by pixels, over a new pixel range after a resize', () => {
    const v = fresh();
    v.zoomAround(1e6, 2);
    expect(windowOf(v)).toEqual([0.5e6, 1.5e6]);
    v.panBy(100); // 1,000 px per 1e6 µs: 100 px = 0.1 s earlier
    expect(v.scale.t0).toBeCloseTo(0.4e6, 3);
    v.setPlotRange(150, 650);
    expect(windowOf(v)[0]).toBeCloseTo(0.4e6, 3);
    expect(v.scale.width).toBe(500);
  });
});
