/**
 * When the timeline draws, and how fast it drew. `FrameLoop` draws in `requestAnimationFrame`
 * only when something changed (`invalidate`), except while a run is live: time moves even
 * without events, so it keeps animating, capped at 30 frames a second because the program's
 * workers need the CPU more. `FrameTimes` keeps the last frames' timestamps and draw times for
 * `TimelineHandle.frameStats()` (the fps benchmark reads it).
 */
import type { DrawStats } from './renderer';

/** Live frames are at least this far apart. */
const LIVE_FRAME_MS = 1000 / 30;

/** The part of `Window` the loop uses (a fake in unit tests). */
export type FrameWindow = Pick<Window, 'requestAnimationFrame' | 'cancelAnimationFrame'>;

export class FrameLoop {
  private rafId: number | null = null;
  private dirty = true;
  private stopped = false;
  private lastLiveDraw = -Infinity;

  constructor(
    private readonly win: FrameWindow,
    /** Whether time moves on its own (a live run): keep drawing without `invalidate`. */
    private readonly animating: () => boolean,
    private readonly draw: (ts: number) => void,
  ) {}

  /** Schedules a redraw. */
  invalidate(): void {
    this.dirty = true;
    if (this.rafId === null && !this.stopped) this.rafId = this.win.requestAnimationFrame(this.frame);
  }

  /** Draws now: after a resize cleared the canvas, waiting for the next frame would blink. */
  drawNow(ts: number): void {
    if (this.stopped) return;
    this.dirty = false;
    this.draw(ts);
  }

  stop(): void {
    this.stopped = true;
    if (this.rafId !== null) this.win.cancelAnimationFrame(this.rafId);
    this.rafId = null;
  }

  private readonly frame = (ts: number): void => {
    this.rafId = null;
    if (this.stopped) return;
    if (this.animating()) {
      this.rafId = this.win.requestAnimationFrame(this.frame);
      if (ts - this.lastLiveDraw < LIVE_FRAME_MS - 1) return;
      this.lastLiveDraw = ts;
      this.dirty = true;
    }
    if (this.dirty) this.drawNow(ts);
  };
}

export interface FrameStats {
  /** Frames drawn per second over the last ~2 s of continuous drawing (0 when idle). */
  fps: number;
  /** Frames in that window. */
  frames: number;
  avgDrawMs: number;
  maxDrawMs: number;
  /** Frames drawn since mount. */
  totalFrames: number;
  last: DrawStats;
}

/** Frames further back than this from the last one belong to an earlier burst. */
const BURST_MS = 2000;

/** A ring of the last frames' timestamps and draw times. */
export class FrameTimes {
  private readonly at: Float64Array;
  private readonly ms: Float64Array;
  private total = 0;

  constructor(private readonly size = 240) {
    this.at = new Float64Array(size);
    this.ms = new Float64Array(size);
  }

  record(ts: number, drawMs: number): void {
    const slot = this.total % this.size;
    this.at[slot] = ts;
    this.ms[slot] = drawMs;
    this.total++;
  }

  /** Only frames of the current burst count: an idle view draws nothing, by design. */
  stats(last: DrawStats): FrameStats {
    const n = Math.min(this.total, this.size);
    const lastSlot = (this.total - 1 + this.size) % this.size;
    const lastAt = this.at[lastSlot] ?? 0;
    let count = 0;
    let sum = 0;
    let max = 0;
    let firstAt = lastAt;
    for (let k = 0; k < n; k++) {
      const slot = (lastSlot - k + this.size) % this.size;
      const at = this.at[slot] ?? 0;
      if (lastAt - at > BURST_MS) break;
      const ms = this.ms[slot] ?? 0;
      count++;
      sum += ms;
      if (ms > max) max = ms;
      firstAt = at;
    }
    const span = lastAt - firstAt;
    return {
      fps: count > 1 && span > 0 ? ((count - 1) * 1000) / span : 0,
      frames: count,
      avgDrawMs: count > 0 ? sum / count : 0,
      maxDrawMs: max,
      totalFrames: this.total,
      last,
    };
  }
}
