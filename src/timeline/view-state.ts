/**
 * What the timeline shows, as plain state: the time window (a `TimeScale`), the vertical scroll,
 * whether the view follows the live edge, and the playhead. No DOM, no clock, no model: every
 * rule that depends on the run takes a `RunNow`, so each one (follow, fit, clamp, scrub) is a
 * unit test away (view-state.test.ts). Input handlers (`interactions.ts`) call it and the mount
 * (`timeline.ts`) reads it to draw, as Perfetto's `core/timeline.ts` is to its interactions.
 *
 * Modes: while the run is live the view follows the latest time. Any manual pan or zoom stops
 * following; End resumes it at the current zoom. After the run the playhead is a scrubber.
 */
import { TimeScale } from './scale';

/** What the view needs to know about the run at one moment. */
export interface RunNow {
  /** Where open spans end (wall µs): the run's end once known, else the latest event or clock. */
  end: number;
  /** Program time per wall time (> 0). */
  speed: number;
  live: boolean;
  /**
   * Program seconds the live view shows at least (default LIVE_MIN_PROGRAM_S). A run on the
   * virtual clock grows only as it steps (1 ms a step in step mode): a smaller floor keeps its
   * first steps readable.
   */
  minLiveS?: number;
}

/** The live floor of a run timed on the virtual clock (RunInfo.virtual): ten 1 ms steps. */
export const VIRTUAL_MIN_PROGRAM_S = 0.01;

/** The live view shows at least this much program time before it starts sliding. */
export const LIVE_MIN_PROGRAM_S = 2;
/** ...and fits the whole run until it is this long; then it slides with the latest time. */
export const LIVE_MAX_PROGRAM_S = 20;
/** While sliding, the live edge sits at this fraction of the window. */
const LIVE_EDGE = 0.92;
/** Margin beyond the run (a fraction of the larger of run and window) that pans may reach. */
const CLAMP_MARGIN = 0.05;
/** A time closer than this fraction of the window to its edge is brought into view. */
const VISIBLE_MARGIN = 0.1;

export class ViewState {
  /** The visible time window over the plot's pixel range. */
  scale: TimeScale;
  /** Vertical scroll of the rows, CSS px. */
  scrollY = 0;
  /** The scrubber (wall µs), or null: none yet, or following the live edge. */
  playhead: number | null = null;
  /** Follow the live edge. */
  follow = true;
  /** The window width while following; null = fit from 0 (short runs stay whole). */
  followSpan: number | null = null;
  private contentHeight = 0;
  private visibleHeight = 0;

  constructor(scale: TimeScale) {
    this.scale = scale;
  }

  // ---- run transitions ----

  /** A new run (a new model): start over at the top, following. */
  newRun(): void {
    this.runStarted();
    this.scrollY = 0;
  }

  /** A run started (even on a reused model): follow it from its start. */
  runStarted(): void {
    this.follow = true;
    this.followSpan = null;
    this.playhead = null;
  }

  /** The run ended: show all of it if we were following, and park the scrubber at its end. */
  runEnded(run: RunNow): void {
    if (this.follow) this.fitAll(run);
    this.playhead = run.end;
  }

  // ---- the time window ----

  /** The live-edge window: fit from 0 while the run is short, then slide with the latest time. */
  followLive(run: RunNow): void {
    if (this.followSpan === null) {
      const minSpan = ((run.minLiveS ?? LIVE_MIN_PROGRAM_S) * 1e6) / run.speed;
      const maxSpan = (LIVE_MAX_PROGRAM_S * 1e6) / run.speed;
      const want = Math.max(minSpan, run.end * 1.1);
      if (want <= maxSpan) {
        this.scale = this.scale.withDomain(0, want);
        return;
      }
      this.followSpan = maxSpan;
    }
    const t0 = Math.max(0, run.end - this.followSpan * LIVE_EDGE);
    this.scale = this.scale.withDomain(t0, t0 + this.followSpan);
  }

  /** The whole run, with at least 1 ms of program time so an instant run has a sane axis. */
  fitAll(run: RunNow): void {
    const end = Math.max(run.end, 1000 / run.speed);
    this.scale = this.scale.withDomain(0, end * 1.02);
  }

  /** Keeps the window on the run, give or take a margin. */
  clamp(run: RunNow): void {
    const end = Math.max(run.end, 1);
    const margin = Math.max(end, this.scale.span) * CLAMP_MARGIN;
    this.scale = this.scale.clamp(-margin, Math.max(end, this.scale.span) + margin);
  }

  /** A manual pan or zoom while live: stop following (and drop the live playhead). */
  stopFollowing(run: RunNow): void {
    if (run.live && this.follow) {
      this.follow = false;
      this.playhead = null;
    }
  }

  /** Back to following the live edge, at the current zoom. */
  resumeFollowing(): void {
    this.follow = true;
    this.followSpan = this.scale.span;
  }

  /**
   * A jump to a moment while live: stop following, but keep the playhead (the jump is about to
   * set it), unlike a pan or zoom.
   */
  leaveLiveEdge(run: RunNow): void {
    if (run.live) this.follow = false;
  }

  /** Shows `[t0, t1]` (wall µs). */
  show(t0: number, t1: number): void {
    this.scale = this.scale.withDomain(t0, t1);
  }

  /** Pans by `px` pixels: positive shows earlier time. */
  panBy(px: number): void {
    this.scale = this.scale.panBy(px);
  }

  /** Zooms keeping time `t` at the same pixel; `factor` > 1 zooms in. */
  zoomAround(t: number, factor: number): void {
    this.scale = this.scale.zoomAround(t, factor);
  }

  /** The plot's pixel range changed (a resize): same time window, new pixels. */
  setPlotRange(x0: number, x1: number): void {
    this.scale = this.scale.withRange(x0, Math.max(x0 + 1, x1));
  }

  /** Centres `t` when it is outside the window or near its edges. */
  ensureVisible(t: number, run: RunNow): void {
    const s = this.scale;
    if (t < s.t0 + s.span * VISIBLE_MARGIN || t > s.t1 - s.span * VISIBLE_MARGIN) {
      this.show(t - s.span / 2, t + s.span / 2);
      this.clamp(run);
    }
  }

  /** Where keyboard zoom centres: the playhead when it is in view, else the window's middle. */
  focusTime(): number {
    const s = this.scale;
    const p = this.playhead;
    return p !== null && p >= s.t0 && p <= s.t1 ? p : s.t0 + s.span / 2;
  }

  // ---- the playhead ----

  /** Moves the scrubber to `t`, kept inside the run; returns where it landed. */
  movePlayhead(t: number, run: RunNow): number {
    this.playhead = Math.max(0, Math.min(t, run.end));
    return this.playhead;
  }

  /** The playhead to draw: the live edge while following, the scrubber otherwise. */
  drawnPlayhead(run: RunNow): number | null {
    if (!run.live) return this.playhead;
    return this.follow ? run.end : (this.playhead ?? run.end);
  }

  // ---- vertical scroll ----

  /** The rows' total height and the height they are shown in; keeps the scroll inside. */
  setViewport(contentHeight: number, visibleHeight: number): void {
    this.contentHeight = contentHeight;
    this.visibleHeight = Math.max(0, visibleHeight);
    this.scrollTo(this.scrollY);
  }

  scrollTo(y: number): void {
    this.scrollY = Math.max(0, Math.min(y, this.contentHeight - this.visibleHeight));
  }

  scrollBy(dy: number): void {
    this.scrollTo(this.scrollY + dy);
  }
}
