/**
 * A pure time ↔ pixel scale. Immutable: every change returns a new scale, so a view can compare
 * scales by identity to know whether it must redraw.
 *
 * The domain is wall microseconds since the run started (the trace's `t`); ticks and labels are
 * in program time (wall × speed), because that is the time the program itself talks about
 * (`sleep(1)` is one second on the axis at any speed).
 */

/** One axis tick. */
export interface Tick {
  /** Wall µs. */
  t: number;
  x: number;
  label: string;
  /** A major tick (every 5th or 2nd of the step) gets a taller mark and a grid line. */
  major: boolean;
}

/** Smallest domain width (µs): below this, zooming in shows nothing new and float error creeps in. */
export const MIN_SPAN_US = 2;

export class TimeScale {
  constructor(
    /** Domain start, wall µs. */
    readonly t0: number,
    /** Domain end, wall µs (> t0). */
    readonly t1: number,
    /** Range start, px. */
    readonly x0: number,
    /** Range end, px (> x0). */
    readonly x1: number,
  ) {}

  get span(): number {
    return this.t1 - this.t0;
  }

  get width(): number {
    return this.x1 - this.x0;
  }

  /** Pixels per microsecond. */
  get k(): number {
    const w = this.width;
    const s = this.span;
    return s > 0 && w > 0 ? w / s : 0;
  }

  tToX(t: number): number {
    return this.x0 + (t - this.t0) * this.k;
  }

  xToT(x: number): number {
    const k = this.k;
    return k > 0 ? this.t0 + (x - this.x0) / k : this.t0;
  }

  /** The same domain over a new pixel range (on resize). */
  withRange(x0: number, x1: number): TimeScale {
    return new TimeScale(this.t0, this.t1, x0, Math.max(x0 + 1, x1));
  }

  withDomain(t0: number, t1: number): TimeScale {
    return new TimeScale(t0, Math.max(t0 + MIN_SPAN_US, t1), this.x0, this.x1);
  }

  /**
   * Zooms keeping time `t` at the same pixel. `factor` > 1 zooms in (the domain shrinks by it).
   */
  zoomAround(t: number, factor: number): TimeScale {
    if (!(factor > 0) || !Number.isFinite(factor)) return this;
    let span = this.span / factor;
    if (span < MIN_SPAN_US) span = MIN_SPAN_US;
    const ratio = this.span > 0 ? (t - this.t0) / this.span : 0;
    const t0 = t - ratio * span;
    return new TimeScale(t0, t0 + span, this.x0, this.x1);
  }

  /** Pans by `px` pixels: positive moves the content right (shows earlier time). */
  panBy(px: number): TimeScale {
    const dt = this.k > 0 ? px / this.k : 0;
    return new TimeScale(this.t0 - dt, this.t1 - dt, this.x0, this.x1);
  }

  /**
   * Keeps the domain inside `[min, max]` (shifting first, then shrinking if it is wider) and at
   * least `minSpan` wide. Returns `this` when nothing changes.
   */
  clamp(min: number, max: number, minSpan = MIN_SPAN_US): TimeScale {
    const limit = Math.max(max - min, minSpan);
    let span = Math.min(Math.max(this.span, minSpan), limit);
    let t0 = this.t0;
    if (span !== this.span) t0 = this.t0 + (this.span - span) / 2;
    if (t0 < min) t0 = min;
    if (t0 + span > min + limit) t0 = min + limit - span;
    if (!(span > 0)) span = minSpan;
    if (t0 === this.t0 && t0 + span === this.t1) return this;
    return new TimeScale(t0, t0 + span, this.x0, this.x1);
  }

  /**
   * Nice ticks (1/2/5 × 10^n program seconds) about `minPx` pixels apart or more, with labels
   * like `0.5 s`, `120 ms`, `40 µs`.
   */
  ticks(speed: number, minPx = 80): Tick[] {
    const k = this.k;
    if (!(k > 0) || !(speed > 0)) return [];
    // Program seconds per wall µs.
    const p = speed / 1e6;
    const pixelsPerProgSec = k / p;
    const step = niceStep(minPx / pixelsPerProgSec);
    const majorEvery = majorMultiple(step);
    const p0 = this.t0 * p;
    const p1 = this.t1 * p;
    const first = Math.ceil(p0 / step - 1e-9);
    const last = Math.floor(p1 / step + 1e-9);
    const out: Tick[] = [];
    // A pathological scale (e.g. huge range, tiny px) must not allocate millions of ticks.
    if (last - first > 10_000) return out;
    for (let i = first; i <= last; i++) {
      const ps = i * step;
      const t = ps / p;
      out.push({ t, x: this.tToX(t), label: formatTick(ps, step), major: i % majorEvery === 0 });
    }
    return out;
  }
}

/** The smallest 1/2/5 × 10^n that is ≥ `raw` (raw > 0). */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const exp = Math.floor(Math.log10(raw));
  const base = Math.pow(10, exp);
  for (const m of [1, 2, 5, 10]) {
    const s = m * base;
    if (s >= raw * (1 - 1e-9)) return s;
  }
  return 10 * base;
}

function majorMultiple(step: number): number {
  const mantissa = Math.round(step / Math.pow(10, Math.floor(Math.log10(step))));
  return mantissa === 2 ? 5 : mantissa === 5 ? 2 : 5;
}

/** Decimals needed to print multiples of `step` (expressed in the unit) exactly. */
function decimalsFor(stepInUnit: number): number {
  if (stepInUnit >= 1) return 0;
  return Math.min(6, Math.ceil(-Math.log10(stepInUnit) - 1e-9));
}

/**
 * Label for a tick at `ps` program seconds on an axis whose step is `step` seconds. The unit
 * follows the step, not the value, so every label of one axis uses the same unit.
 */
export function formatTick(ps: number, step: number): string {
  if (Math.abs(ps) < step * 1e-6) ps = 0;
  if (step >= 0.1) return `${trim(ps.toFixed(decimalsFor(step)))} s`;
  if (step >= 1e-4) return `${trim((ps * 1e3).toFixed(decimalsFor(step * 1e3)))} ms`;
  return `${trim((ps * 1e6).toFixed(decimalsFor(step * 1e6)))} µs`;
}

function trim(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * A program-time duration for tooltips: `1.25 s`, `120 ms`, `35 µs`, with 3 significant digits.
 */
export function formatDuration(programSeconds: number): string {
  const s = Math.abs(programSeconds);
  if (!Number.isFinite(s)) return '∞';
  if (s >= 1) return `${sig(programSeconds)} s`;
  if (s >= 1e-3) return `${sig(programSeconds * 1e3)} ms`;
  return `${sig(programSeconds * 1e6)} µs`;
}

function sig(v: number): string {
  return trim(v.toPrecision(3).includes('e') ? v.toFixed(0) : v.toPrecision(3));
}

/** `12345` → `12,345` (Intl's formatter costs more than a whole frame's worth of budget). */
export function groupDigits(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
