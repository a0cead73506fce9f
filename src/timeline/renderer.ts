/**
 * Canvas 2D renderer of one timeline frame. Stateless apart from reusable scratch buffers: the
 * view passes everything a frame depends on, so the same call draws live, replay and benchmark
 * frames.
 *
 * Cost is bounded by what is on screen, not by the trace: rows outside the vertical viewport are
 * skipped, each lane's spans are found by binary search, spans narrower than a pixel are merged
 * into one pixel-wide rect coloured by the state that took most of that pixel, and rects are
 * batched per colour (one `fillStyle` change per colour instead of one per span; see
 * `RectBatch.flush` for why they are `fillRect`s and not one path).
 */
import type { LaneState } from '../protocol/trace';
import type { Layout, LayoutRow } from './lanes';
import { rowsIn } from './lanes';
import type { Lane, ObjectRow, TraceModel } from './model';
import { S_CRASHED, S_DONE, S_BLOCKED, SPAN_STRIDE, STATES, WARNING_ARROW } from './model';
import type { TimeScale } from './scale';
import { groupDigits } from './scale';
import type { Labels, Theme } from './theme';
import { fmt } from './theme';

/** Everything one frame depends on. */
export interface Frame {
  model: TraceModel;
  layout: Layout;
  scale: TimeScale;
  /** Canvas size in CSS pixels. */
  width: number;
  height: number;
  /** Device pixels per CSS pixel; the backing store is `width × dpr`. */
  dpr: number;
  /** Vertical scroll of the rows, CSS px. */
  scrollY: number;
  /** Playhead time (wall µs) or null for none. */
  playhead: number | null;
  live: boolean;
  speed: number;
  /** Time at which open spans end: the latest event while live, the run's end after. */
  endT: number;
  theme: Theme;
  labels: Labels;
  /** Key of the row under the pointer, for a subtle highlight. */
  hoverKey?: string | null;
  /** Key of the row under the keyboard's lane cursor (while the canvas has the focus): framed. */
  focusKey?: string | null;
}

/** Counters of what a frame drew, for the benchmark and tests. */
export interface DrawStats {
  rows: number;
  spans: number;
  rects: number;
  arrows: number;
  prints: number;
  ms: number;
}

/** Below this width (CSS px) a blocked span gets no label. */
const LABEL_MIN_PX = 36;
/** Approximate glyph width of the small font; measuring every label each frame would cost more. */
const SMALL_CHAR_PX = 5.6;
/** Arrow heads closer than this to the previous one on the same lane are skipped (pixel-dense). */
const ARROW_MIN_GAP_PX = 4;
const PRINT_MIN_GAP_PX = 2;
/** Below this mean spacing (px per arrow across the view), arrows are not drawn at all. */
const ARROW_MIN_SPACING_PX = 6;

/** Rects grouped by colour, flushed with one fillStyle change per colour. */
class RectBatch {
  private readonly coords = new Map<string, number[]>();

  add(color: string, x: number, y: number, w: number, h: number): void {
    let a = this.coords.get(color);
    if (!a) {
      a = [];
      this.coords.set(color, a);
    }
    a.push(x, y, w, h);
  }

  /**
   * One `fillStyle` per colour, then `fillRect` per rect. Not one path of `rect()`s filled once:
   * in Chromium's software raster (no GPU, as in headless and on many laptops' fallback) a
   * 10,000-subpath path with fractional edges costs 140–190 ms to fill where 10,000 `fillRect`s
   * cost 13–17 ms (measured on the 100,000-event bench trace, whole run in view).
   */
  flush(ctx: CanvasRenderingContext2D): number {
    let n = 0;
    for (const [color, a] of this.coords) {
      if (a.length === 0) continue;
      ctx.fillStyle = color;
      for (let i = 0; i < a.length; i += 4) {
        ctx.fillRect(a[i] ?? 0, a[i + 1] ?? 0, a[i + 2] ?? 0, a[i + 3] ?? 0);
      }
      n += a.length / 4;
      a.length = 0; // keep the array: the next frame reuses it
    }
    return n;
  }
}

interface TextItem {
  x: number;
  y: number;
  maxW: number;
  text: string;
}

export class TimelineRenderer {
  private readonly batch = new RectBatch();
  private readonly acc = new Float64Array(STATES.length);
  private readonly texts: TextItem[] = [];
  private readonly measureCache = new Map<string, number>();
  /** Arrow endpoints (x0, y0, x1, y1)… grouped by colour, reused across frames. */
  private readonly arrowGeom = new Map<string, number[]>();
  /** The last frame had too many arrows to draw (the legend says to zoom in). */
  private arrowsHidden = false;
  /** Rects flushed before the end of the rows pass (under a count row's overlays). */
  private midFlushRects = 0;
  private lastStats: DrawStats = { rows: 0, spans: 0, rects: 0, arrows: 0, prints: 0, ms: 0 };

  private centersLayout: Layout | null = null;
  private centersLanes = -1;
  private centers: Float64Array = new Float64Array(0);
  private scratch = new Float64Array(0);

  /**
   * Lane centre y per lane index for lanes that have a row (NaN for the others), recomputed only
   * when the layout or the lane count changes, in O(rows): a live run may add thousands of
   * (collapsed) task lanes per second. `centerOf` resolves hidden tasks to their thread.
   */
  private centersFor(f: Frame): Float64Array {
    const lanes = f.model.lanes.length;
    if (f.layout !== this.centersLayout || lanes !== this.centersLanes) {
      if (this.centers.length < lanes) {
        this.centers = new Float64Array(Math.max(lanes, this.centers.length * 2));
      }
      this.centers.fill(NaN);
      for (const r of f.layout.rows) {
        if (r.kind === 'lane' || r.kind === 'task') this.centers[r.ref] = r.y + r.h / 2;
      }
      this.centersLayout = f.layout;
      this.centersLanes = lanes;
    }
    return this.centers;
  }

  /** A per-lane scratch array filled with -Infinity (last drawn x per lane, for thinning). */
  private lastXPerLane(lanes: number): Float64Array {
    if (this.scratch.length < lanes) this.scratch = new Float64Array(Math.max(lanes, this.scratch.length * 2));
    this.scratch.fill(-Infinity, 0, lanes);
    return this.scratch;
  }

  get stats(): DrawStats {
    return this.lastStats;
  }

  /** Draws a whole frame into `ctx` (whose canvas is `width×dpr` by `height×dpr`). */
  draw(ctx: CanvasRenderingContext2D, f: Frame): DrawStats {
    const began = now();
    const stats: DrawStats = { rows: 0, spans: 0, rects: 0, arrows: 0, prints: 0, ms: 0 };
    const m = f.layout.metrics;
    const th = f.theme;
    ctx.setTransform(f.dpr, 0, 0, f.dpr, 0, 0);
    ctx.fillStyle = th.background;
    ctx.fillRect(0, 0, f.width, f.height);

    const plotTop = m.axisHeight;
    const plotBottom = Math.max(plotTop, f.height - m.legendHeight);
    const plotLeft = m.headerWidth;
    const plotRight = f.width;
    const [r0, r1] = rowsIn(f.layout, f.scrollY, f.scrollY + (plotBottom - plotTop));
    const rowTop = (r: LayoutRow): number => plotTop + r.y - f.scrollY;
    const ticks = f.scale.ticks(f.speed, 90);

    // Plot area: everything time-dependent, clipped so nothing spills under the header column.
    ctx.save();
    ctx.beginPath();
    ctx.rect(plotLeft, plotTop, plotRight - plotLeft, plotBottom - plotTop);
    ctx.clip();
    for (let i = r0; i < r1; i++) {
      const r = f.layout.rows[i];
      if (!r) continue;
      if (i % 2 === 1 || r.key === f.hoverKey) {
        ctx.fillStyle = r.key === f.hoverKey ? th.grid : th.rowAlt;
        ctx.fillRect(plotLeft, rowTop(r) - m.gap / 2, plotRight - plotLeft, r.h + m.gap);
      }
    }
    ctx.strokeStyle = th.grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const tk of ticks) {
      const x = Math.round(tk.x) + 0.5;
      ctx.moveTo(x, plotTop);
      ctx.lineTo(x, plotBottom);
    }
    ctx.stroke();

    for (let i = r0; i < r1; i++) {
      const r = f.layout.rows[i];
      if (!r) continue;
      stats.rows++;
      const y = rowTop(r);
      switch (r.kind) {
        case 'lane':
        case 'task': {
          const lane = f.model.lanes[r.ref];
          if (lane) stats.spans += this.drawSpans(f, lane, y, r.h);
          break;
        }
        case 'object': {
          const row = f.model.object(r.ref);
          if (row) this.drawObjectRow(ctx, f, row, y, r.h);
          break;
        }
        case 'section':
          break; // a header only
        default: {
          // A new row kind does not compile until the renderer draws it.
          const _unhandled: never = r.kind;
        }
      }
    }
    stats.rects += this.batch.flush(ctx) + this.midFlushRects;
    this.midFlushRects = 0;
    this.flushTexts(ctx, th.onState, th.smallFont);

    const centers = this.centersFor(f);
    stats.prints = this.drawPrints(ctx, f, centers, plotTop);
    stats.arrows = this.drawArrows(ctx, f, centers, plotTop);

    if (f.playhead !== null) {
      const x = Math.round(f.scale.tToX(f.playhead)) + 0.5;
      ctx.strokeStyle = th.playhead;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(x, plotTop);
      ctx.lineTo(x, plotBottom);
      ctx.stroke();
    }
    ctx.restore();

    this.drawHeader(ctx, f, r0, r1, plotTop, plotBottom, rowTop);
    this.drawAxis(ctx, f, ticks);
    this.drawLegend(ctx, f, plotBottom);
    stats.ms = now() - began;
    this.lastStats = stats;
    return stats;
  }

  /** Queues one lane's spans into the batch; returns how many spans it visited. */
  private drawSpans(f: Frame, lane: Lane, y: number, h: number): number {
    const sp = lane.spans;
    const sc = f.scale;
    const t0 = sc.t0;
    const t1 = Math.min(sc.t1, f.endT);
    if (t1 <= t0 || sp.length === 0) return 0;
    const [from, to] = sp.rangeIn(t0, t1);
    const states = f.theme.states;
    const acc = this.acc;
    const rec = sp.rec;
    const n = sp.length;
    // Plain linear map (no getters, no closures in the loop: this is the hottest code of a frame).
    const k = sc.k;
    const bx = sc.x0 - sc.t0 * k;
    const endT = f.endT;
    let runX0 = -1;
    let runX1 = -1;
    for (let i = from; i < to; i++) {
      const r = i * SPAN_STRIDE;
      const st = rec[r] ?? 0;
      const s = st > t0 ? st : t0;
      // Spans tile the lane: this one ends where the next starts; the last is open.
      const en = i + 1 < n ? (rec[r + SPAN_STRIDE] ?? endT) : endT;
      const e = en < t1 ? en : t1;
      if (e <= s) continue;
      const x0 = bx + s * k;
      const x1 = bx + e * k;
      const code = rec[r + 1] ?? 0;
      const w = x1 - x0;
      if (w >= 1) {
        if (runX0 >= 0) {
          this.addStateRect(states, dominant(acc), runX0, Math.max(1, runX1 - runX0), y, h);
          runX0 = -1;
        }
        this.addStateRect(states, code, x0, w, y, h);
        if (code === S_BLOCKED && w >= LABEL_MIN_PX) this.queueBlockedLabel(f, lane, i, x0, w, y, h);
      } else {
        // Spans narrower than a pixel merge into one rect, coloured by the state that took
        // most of it, so a frame costs O(pixels) rects however dense the lane.
        if (runX0 < 0) runX0 = x0;
        acc[code] = (acc[code] ?? 0) + w;
        runX1 = x1;
        if (runX1 - runX0 >= 1) {
          this.addStateRect(states, dominant(acc), runX0, runX1 - runX0, y, h);
          runX0 = -1;
        }
      }
    }
    if (runX0 >= 0) this.addStateRect(states, dominant(acc), runX0, Math.max(1, runX1 - runX0), y, h);
    return to - from;
  }

  private addStateRect(
    states: Record<LaneState, string>,
    code: number,
    x: number,
    w: number,
    y: number,
    h: number,
  ): void {
    const color = states[STATES[code] ?? 'running'];
    if (code === S_DONE || code === S_CRASHED) {
      // Terminal states are a thin line: the lane has ended, there is nothing left to look at.
      this.batch.add(color, x, y + h / 2 - 1, w, 2);
      if (code === S_CRASHED) this.batch.add(color, x, y + 2, 3, h - 4);
    } else {
      this.batch.add(color, x, y + 1, w, h - 2);
    }
  }

  private queueBlockedLabel(
    f: Frame,
    lane: Lane,
    i: number,
    x0: number,
    w: number,
    y: number,
    h: number,
  ): void {
    const objName = f.model.objectName(lane.spans.obj(i));
    const what = f.model.spanWhat(lane, i);
    const text = objName && what ? `${objName} · ${what}` : objName || what || '';
    if (!text) return;
    // Keep the label on screen when the span starts left of the viewport.
    const left = Math.max(x0, f.layout.metrics.headerWidth) + 3;
    const right = Math.min(x0 + w, f.width) - 3;
    if (right - left < LABEL_MIN_PX / 2) return;
    this.texts.push({ x: left, y: y + h / 2, maxW: right - left, text });
  }

  private flushTexts(ctx: CanvasRenderingContext2D, color: string, font: string): void {
    if (this.texts.length === 0) return;
    ctx.fillStyle = color;
    ctx.font = font;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    for (const t of this.texts) {
      const maxChars = Math.floor(t.maxW / SMALL_CHAR_PX);
      if (maxChars < 3) continue;
      const s = t.text.length > maxChars ? `${t.text.slice(0, maxChars - 1)}…` : t.text;
      ctx.fillText(s, t.x, t.y);
    }
    this.texts.length = 0;
  }

  private drawObjectRow(
    ctx: CanvasRenderingContext2D,
    f: Frame,
    row: ObjectRow,
    y: number,
    h: number,
  ): void {
    if (row.style === 'holder' && row.holds.length > 0) this.drawHolders(f, row, y, h);
    else if (row.gauge.length > 0) {
      if (row.style === 'flag') this.drawFlag(f, row, y, h);
      else this.drawSteps(ctx, f, row, y, h);
    }
  }

  /** Lock rows: a band in the holder's lane colour while held; merged runs in a neutral tone. */
  private drawHolders(f: Frame, row: ObjectRow, y: number, h: number): void {
    const tr = row.holds;
    const sc = f.scale;
    const t1 = Math.min(sc.t1, f.endT);
    const [from, to] = tr.rangeIn(sc.t0, t1);
    const rec = tr.rec;
    const n = tr.length;
    const k = sc.k;
    const bx = sc.x0 - sc.t0 * k;
    const contended = f.theme.contended;
    let runX0 = -1;
    let runX1 = -1;
    let anyHeld = false;
    for (let i = from; i < to; i++) {
      const ti = rec[2 * i] ?? 0;
      const s = ti > sc.t0 ? ti : sc.t0;
      const next = i + 1 < n ? (rec[2 * i + 2] ?? f.endT) : f.endT;
      const e = next < t1 ? next : t1;
      if (e <= s) continue;
      const holder = rec[2 * i + 1] ?? -1;
      const x0 = bx + s * k;
      const x1 = bx + e * k;
      if (x1 - x0 >= 1) {
        if (runX0 >= 0) {
          if (anyHeld) this.batch.add(contended, runX0, y + 2, Math.max(1, runX1 - runX0), h - 4);
          runX0 = -1;
          anyHeld = false;
        }
        if (holder >= 0) {
          const lane = f.model.lanes[holder];
          this.batch.add(lane?.color ?? contended, x0, y + 2, x1 - x0, h - 4);
          if (lane && x1 - x0 >= LABEL_MIN_PX) {
            const left = Math.max(x0, f.layout.metrics.headerWidth) + 3;
            const right = Math.min(x1, f.width) - 3;
            if (right - left >= LABEL_MIN_PX / 2) {
              this.texts.push({ x: left, y: y + h / 2, maxW: right - left, text: lane.name });
            }
          }
        }
      } else {
        // Hand-overs faster than a pixel: one neutral band says "contended here".
        if (runX0 < 0) runX0 = x0;
        runX1 = x1;
        if (holder >= 0) anyHeld = true;
        if (runX1 - runX0 >= 1) {
          if (anyHeld) this.batch.add(contended, runX0, y + 2, runX1 - runX0, h - 4);
          runX0 = -1;
          anyHeld = false;
        }
      }
    }
    if (runX0 >= 0 && anyHeld) this.batch.add(contended, runX0, y + 2, Math.max(1, runX1 - runX0), h - 4);
  }

  private drawFlag(f: Frame, row: ObjectRow, y: number, h: number): void {
    const tr = row.gauge;
    const sc = f.scale;
    const t1 = Math.min(sc.t1, f.endT);
    const [from, to] = tr.rangeIn(sc.t0, t1);
    for (let i = from; i < to; i++) {
      if (tr.v(i) <= 0) continue;
      const s = Math.max(tr.t(i), sc.t0);
      const e = Math.min(i + 1 < tr.length ? tr.t(i + 1) : f.endT, t1);
      if (e <= s) continue;
      const x0 = sc.tToX(s);
      this.batch.add(f.theme.stepLine, x0, y + 3, Math.max(1, sc.tToX(e) - x0), h - 6);
    }
  }

  /**
   * Count rows (permits in use, queue length, barrier arrivals): a step chart scaled to
   * max(capacity, largest value), drawn as rects through the batch (an area under the level and
   * a 1 px line on top), not as a stroked and filled path: a busy queue's path has thousands of
   * vertices, which software raster fills slowly. Steps inside one pixel column collapse to one
   * column spanning their min–max, so a busy queue costs a few rects per pixel.
   */
  private drawSteps(ctx: CanvasRenderingContext2D, f: Frame, row: ObjectRow, y: number, h: number): void {
    const tr = row.gauge;
    const sc = f.scale;
    const t1 = Math.min(sc.t1, f.endT);
    if (t1 <= sc.t0) return;
    const top = Math.max(1, row.capacity ?? 0, row.maxValue);
    const base = y + h - 1;
    const yOf = (v: number): number => base - (Math.max(0, v) / top) * (h - 3);
    const fill = f.theme.stepFill;
    const line = f.theme.stepLine;
    const b = this.batch;
    const from = tr.indexAt(sc.t0) + 1;
    const to = tr.indexAt(t1) + 1;
    let x = sc.tToX(sc.t0);
    let ly = yOf(tr.valueAt(sc.t0, 0));
    let prevY = ly;
    // A pending pixel column of sub-pixel levels: its x, and the highest and lowest level in it.
    let col = -Infinity;
    let colMin = 0;
    let colMax = 0;
    const flushCol = (): void => {
      if (col === -Infinity) return;
      b.add(fill, col, colMin, 1, base - colMin);
      b.add(line, col, colMin - 0.5, 1, colMax - colMin + 1);
      prevY = colMax;
      col = -Infinity;
    };
    for (let i = from; i <= to; i++) {
      // The level `ly` holds from `x` to `xe`.
      const xe = i < to ? sc.tToX(tr.t(i)) : sc.tToX(t1);
      if (xe - x >= 1) {
        flushCol();
        if (prevY !== ly) b.add(line, x - 0.5, Math.min(prevY, ly) - 0.5, 1, Math.abs(prevY - ly) + 1);
        b.add(fill, x, ly, xe - x, base - ly);
        b.add(line, x, ly - 0.5, xe - x, 1);
        prevY = ly;
      } else if (xe > x || i === to) {
        const c = Math.floor(x);
        if (c !== col) {
          flushCol();
          col = c;
          colMin = Math.min(ly, prevY);
          colMax = Math.max(ly, prevY);
        }
        colMin = Math.min(colMin, ly);
        colMax = Math.max(colMax, ly);
      }
      if (i < to) {
        x = xe;
        ly = yOf(tr.v(i));
      }
    }
    flushCol();
    // The capacity line and the value label go on top of the steps: draw the steps now.
    this.midFlushRects += b.flush(ctx);
    if (row.capacity !== null && row.capacity > 0) {
      // The capacity line shows "full" at a glance (3 permits, maxsize 2, 3 parties).
      const cy = Math.round(yOf(row.capacity)) + 0.5;
      ctx.strokeStyle = f.theme.mutedText;
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(sc.x0, cy);
      ctx.lineTo(sc.x1, cy);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    this.drawGaugeValue(ctx, f, row, y, h);
  }

  /**
   * The count at the playhead (the latest while live), e.g. "3 / 3" permits in use, at the right
   * end of the row: a step that hugs the capacity line is otherwise hard to read as a number.
   */
  private drawGaugeValue(ctx: CanvasRenderingContext2D, f: Frame, row: ObjectRow, y: number, h: number): void {
    const at = Math.min(f.playhead ?? f.endT, f.endT);
    const v = row.gauge.valueAt(at, 0);
    const text = row.capacity !== null && row.capacity > 0 ? `${v} / ${row.capacity}` : String(v);
    ctx.font = f.theme.smallFont;
    const w = this.measure(ctx, text) + 8;
    const right = f.width - 4;
    const cy = y + h / 2;
    ctx.fillStyle = f.theme.background;
    ctx.fillRect(right - w, cy - 7, w, 14);
    ctx.fillStyle = f.theme.text;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, right - 4, cy);
    ctx.textAlign = 'left';
  }

  private drawPrints(
    ctx: CanvasRenderingContext2D,
    f: Frame,
    centers: Float64Array,
    plotTop: number,
  ): number {
    const p = f.model.prints;
    const [from, to] = p.index.candidates(f.scale.t0, f.scale.t1);
    if (to <= from) return 0;
    const lastX = this.lastXPerLane(f.model.lanes.length);
    let drawn = 0;
    const half = f.layout.metrics.laneHeight / 2;
    ctx.beginPath();
    const errs: number[] = [];
    const warns: number[] = [];
    for (let i = from; i < to; i++) {
      const t = p.t.data[i] ?? 0;
      if (t < f.scale.t0 || t > f.scale.t1) continue;
      const lane = p.lane.data[i] ?? 0;
      const cy = centerOf(f.model, centers, lane);
      if (Number.isNaN(cy)) continue;
      const x = f.scale.tToX(t);
      if (x - (lastX[lane] ?? -Infinity) < PRINT_MIN_GAP_PX) continue;
      lastX[lane] = x;
      const y = plotTop + cy - f.scrollY - half;
      const stream = p.stream.data[i] ?? 0;
      if (stream !== 0) {
        (stream === 1 ? errs : warns).push(x, y);
        continue;
      }
      marker(ctx, x, y);
      drawn++;
    }
    ctx.fillStyle = f.theme.stdoutMarker;
    ctx.fill();
    // stderr, then warnings on top: each set is one path and one fill.
    for (const [xy, color] of [
      [errs, f.theme.stderrMarker],
      [warns, f.theme.warningMarker],
    ] as const) {
      if (xy.length === 0) continue;
      ctx.beginPath();
      for (let i = 0; i < xy.length; i += 2) marker(ctx, xy[i] ?? 0, xy[i + 1] ?? 0);
      ctx.fillStyle = color;
      ctx.fill();
      drawn += xy.length / 2;
    }
    return drawn;
  }

  private drawArrows(
    ctx: CanvasRenderingContext2D,
    f: Frame,
    centers: Float64Array,
    plotTop: number,
  ): number {
    const a = f.model.arrows;
    const sc = f.scale;
    const [from, to] = a.index.candidates(sc.t0, sc.t1);
    this.arrowsHidden = false;
    if (to <= from) return 0;
    if (to - from > sc.width / ARROW_MIN_SPACING_PX) {
      // Thousands of wake arrows across the view are a scribble that hides the states; the
      // legend says to zoom in, where they become readable.
      this.arrowsHidden = true;
      return 0;
    }
    const lastHead = this.lastXPerLane(f.model.lanes.length);
    const visTop = f.scrollY - 20;
    const visBottom = f.scrollY + f.height;
    let drawn = 0;
    for (let i = from; i < to; i++) {
      const lo = a.index.lo.data[i] ?? 0;
      const hi = a.index.hi.data[i] ?? 0;
      if (hi < sc.t0 || lo > sc.t1) continue;
      const fl = a.fromLane.data[i] ?? 0;
      const tl = a.toLane.data[i] ?? 0;
      const fy = centerOf(f.model, centers, fl);
      const ty = centerOf(f.model, centers, tl);
      if (Number.isNaN(fy) || Number.isNaN(ty)) continue;
      if (Math.max(fy, ty) < visTop || Math.min(fy, ty) > visBottom) continue;
      const x1 = sc.tToX(a.t.data[i] ?? 0);
      if (x1 - (lastHead[tl] ?? -Infinity) < ARROW_MIN_GAP_PX) continue;
      lastHead[tl] = x1;
      const x0 = sc.tToX(a.fromT.data[i] ?? 0);
      const y0 = plotTop + fy - f.scrollY;
      const y1 = plotTop + ty - f.scrollY;
      const color = a.obj.data[i] === WARNING_ARROW ? f.theme.warningMarker : (f.model.lanes[fl]?.color ?? f.theme.text);
      let g = this.arrowGeom.get(color);
      if (!g) {
        g = [];
        this.arrowGeom.set(color, g);
      }
      g.push(x0, y0, x1, y1);
      drawn++;
    }
    // One stroke and one fill per colour (lane), not per arrow: dense runs have thousands.
    // Each arrow gets a halo in the background colour first: an arrow in the waker's lane
    // colour (MainThread is orange) must stay visible over the woken lane's blocked span
    // (orange too), and over the other states.
    const halo = f.theme.background;
    for (const [color, g] of this.arrowGeom) {
      if (g.length === 0) continue;
      ctx.beginPath();
      for (let k = 0; k < g.length; k += 4) {
        const x0 = g[k] ?? 0;
        const y0 = g[k + 1] ?? 0;
        const x1 = g[k + 2] ?? 0;
        const y1 = g[k + 3] ?? 0;
        // Horizontal tangents at both ends make a near-vertical wake read as an S, not a spike.
        const dx = Math.max(8, Math.abs(x1 - x0) / 2);
        ctx.moveTo(x0, y0);
        ctx.bezierCurveTo(x0 + dx, y0, x1 - dx, y1, x1, y1);
      }
      ctx.strokeStyle = halo;
      ctx.lineWidth = 3.5;
      ctx.stroke();
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.5;
      ctx.stroke();
      ctx.beginPath();
      for (let k = 0; k < g.length; k += 4) {
        const x1 = g[k + 2] ?? 0;
        const y1 = g[k + 3] ?? 0;
        ctx.moveTo(x1, y1);
        ctx.lineTo(x1 - 7, y1 - 4);
        ctx.lineTo(x1 - 7, y1 + 4);
        ctx.closePath();
      }
      ctx.strokeStyle = halo;
      ctx.lineWidth = 2;
      ctx.stroke();
      ctx.fillStyle = color;
      ctx.fill();
      g.length = 0;
    }
    return drawn;
  }

  private drawHeader(
    ctx: CanvasRenderingContext2D,
    f: Frame,
    r0: number,
    r1: number,
    plotTop: number,
    plotBottom: number,
    rowTop: (r: LayoutRow) => number,
  ): void {
    const m = f.layout.metrics;
    const th = f.theme;
    ctx.fillStyle = th.headerBackground;
    ctx.fillRect(0, plotTop, m.headerWidth, plotBottom - plotTop);
    ctx.save();
    ctx.beginPath();
    ctx.rect(0, plotTop, m.headerWidth, plotBottom - plotTop);
    ctx.clip();
    ctx.font = th.font;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    for (let i = r0; i < r1; i++) {
      const r = f.layout.rows[i];
      if (!r) continue;
      const y = rowTop(r);
      const cy = y + r.h / 2;
      let x = 6 + r.depth * 12;
      if (r.collapsible) {
        ctx.fillStyle = th.mutedText;
        ctx.fillText(r.collapsed ? '▸' : '▾', x - 2, cy);
      }
      x += 10;
      if (r.color) {
        ctx.fillStyle = r.color;
        ctx.fillRect(x, cy - 4, 8, 8);
        x += 12;
      }
      const label =
        r.kind === 'section'
          ? f.labels.objects
          : r.collapsed && r.hidden > 0
            ? `${r.label} (+${r.hidden})`
            : r.label;
      const maxW = m.headerWidth - x - 4;
      ctx.font = r.kind === 'lane' ? th.font : th.smallFont;
      // A lane name too long for the column (a phone) first drops to the small font, so
      // "Thread-1 (task1)" keeps its target's name; only then is it cut.
      if (r.kind === 'lane' && this.measure(ctx, label) > maxW) ctx.font = th.smallFont;
      ctx.fillStyle = r.kind === 'section' ? th.mutedText : th.text;
      ctx.fillText(this.fit(ctx, label, maxW), x, cy);
      if (r.key === f.focusKey) {
        ctx.strokeStyle = th.focus;
        ctx.lineWidth = 2;
        ctx.strokeRect(2, y - m.gap / 2 + 1, m.headerWidth - 4, r.h + m.gap - 2);
      }
    }
    ctx.restore();
    ctx.strokeStyle = th.border;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(m.headerWidth - 0.5, 0);
    ctx.lineTo(m.headerWidth - 0.5, plotBottom);
    ctx.stroke();
  }

  private drawAxis(ctx: CanvasRenderingContext2D, f: Frame, ticks: ReturnType<TimeScale['ticks']>): void {
    const m = f.layout.metrics;
    const th = f.theme;
    ctx.fillStyle = th.axisBackground;
    ctx.fillRect(0, 0, f.width, m.axisHeight);
    ctx.strokeStyle = th.border;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(0, m.axisHeight - 0.5);
    ctx.lineTo(f.width, m.axisHeight - 0.5);
    ctx.stroke();
    ctx.save();
    ctx.beginPath();
    ctx.rect(m.headerWidth, 0, f.width - m.headerWidth, m.axisHeight);
    ctx.clip();
    ctx.font = th.smallFont;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    ctx.strokeStyle = th.mutedText;
    ctx.beginPath();
    for (const tk of ticks) {
      const x = Math.round(tk.x) + 0.5;
      ctx.moveTo(x, m.axisHeight - (tk.major ? 8 : 5));
      ctx.lineTo(x, m.axisHeight);
    }
    ctx.stroke();
    ctx.fillStyle = th.mutedText;
    for (const tk of ticks) ctx.fillText(tk.label, Math.round(tk.x) + 3, 4);
    if (f.playhead !== null) {
      // The scrubber handle: a small downward tab on the axis.
      const x = f.scale.tToX(f.playhead);
      ctx.fillStyle = th.playhead;
      ctx.beginPath();
      ctx.moveTo(x - 5, m.axisHeight - 9);
      ctx.lineTo(x + 5, m.axisHeight - 9);
      ctx.lineTo(x, m.axisHeight);
      ctx.closePath();
      ctx.fill();
    }
    ctx.restore();
    if (f.live) {
      ctx.fillStyle = th.playhead;
      ctx.font = th.smallFont;
      ctx.textBaseline = 'middle';
      ctx.fillText(`● ${f.labels.live}`, 8, m.axisHeight / 2);
    }
  }

  private drawLegend(ctx: CanvasRenderingContext2D, f: Frame, top: number): void {
    const m = f.layout.metrics;
    const th = f.theme;
    if (m.legendHeight <= 0) return;
    ctx.fillStyle = th.axisBackground;
    ctx.fillRect(0, top, f.width, m.legendHeight);
    ctx.strokeStyle = th.border;
    ctx.beginPath();
    ctx.moveTo(0, top + 0.5);
    ctx.lineTo(f.width, top + 0.5);
    ctx.stroke();
    ctx.font = th.smallFont;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    const cy = top + m.legendHeight / 2;
    // On a narrow view (a phone) the six entries get tighter swatches and gaps so they all fit.
    let names = 0;
    for (const s of STATES) names += this.measure(ctx, f.labels[s]);
    const tight = 8 + names + STATES.length * 26 > f.width;
    const swatch = tight ? 8 : 10;
    const gap = tight ? 7 : 12;
    let x = tight ? 4 : 8;
    for (const s of STATES) {
      ctx.fillStyle = th.states[s];
      ctx.fillRect(x, cy - 4, swatch, 8);
      x += swatch + 3;
      const name = f.labels[s];
      ctx.fillStyle = th.text;
      ctx.fillText(name, x, cy);
      x += this.measure(ctx, name) + gap;
    }
    const summarized = f.model.countedTotal;
    const dropped = f.model.droppedTotal;
    const notes: string[] = [];
    if (this.arrowsHidden) notes.push(f.labels.arrowsHidden);
    if (summarized > 0) notes.push(fmt(f.labels.summarized, groupDigits(summarized)));
    if (dropped > 0) notes.push(fmt(f.labels.dropped, groupDigits(dropped)));
    // The note goes right of the entries, cut to the room left: it never overlaps them.
    const room = f.width - 8 - (x + 4);
    if (notes.length > 0 && room >= 40) {
      const note = this.fit(ctx, notes.join(' · '), room);
      ctx.textAlign = 'right';
      ctx.fillStyle = th.mutedText;
      ctx.fillText(note, f.width - 8, cy);
    }
  }

  private measure(ctx: CanvasRenderingContext2D, s: string): number {
    const key = `${ctx.font}|${s}`;
    let w = this.measureCache.get(key);
    if (w === undefined) {
      w = ctx.measureText(s).width;
      // Names are few; the bound only guards against a run that renames things endlessly.
      if (this.measureCache.size > 2000) this.measureCache.clear();
      this.measureCache.set(key, w);
    }
    return w;
  }

  /** `s`, cut with an ellipsis to fit `maxW`. */
  private fit(ctx: CanvasRenderingContext2D, s: string, maxW: number): string {
    if (maxW <= 0) return '';
    if (this.measure(ctx, s) <= maxW) return s;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.measure(ctx, `${s.slice(0, mid)}…`) <= maxW) lo = mid;
      else hi = mid - 1;
    }
    return lo > 0 ? `${s.slice(0, lo)}…` : '';
  }
}

/** The state code with the largest accumulated width; clears the accumulator. */
function dominant(acc: Float64Array): number {
  let best = 0;
  let bestW = -1;
  for (let s = 0; s < acc.length; s++) {
    const w = acc[s] ?? 0;
    if (w > bestW) {
      bestW = w;
      best = s;
    }
    acc[s] = 0;
  }
  return best;
}

/** Centre y of a lane's row; a task hidden in a collapsed thread is drawn on its thread. */
function centerOf(model: TraceModel, centers: Float64Array, lane: number): number {
  const c = centers[lane] ?? NaN;
  if (!Number.isNaN(c)) return c;
  const parent = model.lanes[lane]?.parentLane ?? -1;
  return parent >= 0 ? (centers[parent] ?? NaN) : NaN;
}

function marker(ctx: CanvasRenderingContext2D, x: number, y: number): void {
  ctx.moveTo(x - 3, y);
  ctx.lineTo(x + 3, y);
  ctx.lineTo(x, y + 5);
  ctx.closePath();
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
