/**
 * Pure hit testing and tooltip text: what is under a point of the canvas, and how to describe it.
 * Kept apart from the DOM view so it can be unit-tested in Node.
 */
import type { Layout, LayoutRow } from './lanes';
import { laneCenters, rowAt } from './lanes';
import type { Lane, ObjectRow, TraceModel } from './model';
import { STATES, S_CRASHED, WARNING_ARROW } from './model';
import type { TimeScale } from './scale';
import { formatDuration, groupDigits } from './scale';
import type { Labels } from './theme';
import { fmt } from './theme';

export interface HitContext {
  model: TraceModel;
  layout: Layout;
  scale: TimeScale;
  scrollY: number;
  /** Canvas height in CSS px (the legend sits at the bottom). */
  height: number;
  endT: number;
}

export type Hit =
  | { kind: 'axis'; t: number }
  | { kind: 'header'; row: LayoutRow }
  | { kind: 'span'; row: LayoutRow; lane: Lane; index: number; t: number }
  | { kind: 'print'; row: LayoutRow; index: number }
  | { kind: 'arrow'; row: LayoutRow; index: number }
  | { kind: 'object'; row: LayoutRow; obj: ObjectRow; t: number }
  | { kind: 'empty'; row: LayoutRow | null; t: number };

/** Pixels around a print marker that still count as hitting it. */
const PRINT_SLOP_PX = 4;
/** Height of the band at the top of a lane where print markers are drawn (and hit). */
const PRINT_BAND_PX = 9;

export function hitTest(c: HitContext, x: number, y: number): Hit | null {
  const m = c.layout.metrics;
  if (y < 0 || y > c.height) return null;
  if (y < m.axisHeight) return x >= m.headerWidth ? { kind: 'axis', t: c.scale.xToT(x) } : null;
  if (y > c.height - m.legendHeight) return null;
  const row = rowAt(c.layout, y - m.axisHeight + c.scrollY) ?? null;
  if (x < m.headerWidth) return row ? { kind: 'header', row } : null;
  const t = c.scale.xToT(x);
  if (!row) return { kind: 'empty', row: null, t };
  if (row.kind === 'lane' || row.kind === 'task') {
    const lane = c.model.lanes[row.ref];
    if (!lane) return { kind: 'empty', row, t };
    const contentY = y - m.axisHeight + c.scrollY;
    // Print markers hang from the top edge of their lane.
    if (row.kind === 'lane' && contentY - row.y <= PRINT_BAND_PX) {
      const p = nearestPrint(c, lane.index, x);
      if (p >= 0) return { kind: 'print', row, index: p };
    }
    const a = arrowHeadAt(c, x, contentY);
    if (a >= 0) return { kind: 'arrow', row, index: a };
    if (t > c.endT) return { kind: 'empty', row, t };
    const index = lane.spans.indexAt(t);
    return index >= 0 ? { kind: 'span', row, lane, index, t } : { kind: 'empty', row, t };
  }
  if (row.kind === 'object') {
    const obj = c.model.object(row.ref);
    if (obj && t <= c.endT) return { kind: 'object', row, obj, t };
  }
  return { kind: 'empty', row, t };
}

/** Pixels around an arrow head that still count as hitting it. */
const ARROW_SLOP_PX = 6;

/** Index of the wake arrow whose head is nearest to (x, content-relative y), or -1. */
export function arrowHeadAt(c: HitContext, x: number, contentY: number): number {
  const a = c.model.arrows;
  const ta = c.scale.xToT(x - ARROW_SLOP_PX);
  const tb = c.scale.xToT(x + ARROW_SLOP_PX);
  const [from, to] = a.index.candidates(ta, tb);
  if (to <= from) return -1;
  const centers = laneCenters(c.layout, c.model);
  let best = -1;
  let bestD = ARROW_SLOP_PX;
  for (let i = from; i < to; i++) {
    const t = a.t.at(i);
    if (t < ta || t > tb) continue;
    const cy = centers[a.toLane.at(i)] ?? NaN;
    if (Number.isNaN(cy)) continue;
    const d = Math.hypot(c.scale.tToX(t) - x, cy - contentY);
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** Index of the print of `lane` nearest to pixel `x` within the slop, or -1. */
export function nearestPrint(c: HitContext, lane: number, x: number): number {
  const p = c.model.prints;
  const ta = c.scale.xToT(x - PRINT_SLOP_PX);
  const tb = c.scale.xToT(x + PRINT_SLOP_PX);
  const [from, to] = p.index.candidates(ta, tb);
  let best = -1;
  let bestD = Infinity;
  for (let i = from; i < to; i++) {
    if (p.lane.at(i) !== lane) continue;
    const t = p.t.at(i);
    if (t < ta || t > tb) continue;
    const d = Math.abs(c.scale.tToX(t) - x);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

export interface Description {
  title: string;
  color: string | null;
  lines: string[];
}

/** Tooltip text for a hit: lane, state, object, duration in program time, source line. */
export function describeHit(
  hit: Hit,
  model: TraceModel,
  speed: number,
  source: string,
  labels: Labels,
  endT: number,
  live: boolean,
): Description | null {
  const toProg = (us: number): number => (us * speed) / 1e6;
  const srcLine = (n: number): string | null => {
    if (n <= 0) return null;
    const text = source.split('\n')[n - 1]?.trim() ?? '';
    const head = fmt(labels.line, n);
    return text ? `${head}: ${text.length > 60 ? `${text.slice(0, 59)}…` : text}` : head;
  };
  switch (hit.kind) {
    case 'span': {
      const sp = hit.lane.spans;
      const i = hit.index;
      const code = sp.state(i);
      const stateName = STATES[code] ?? 'running';
      const start = sp.start(i);
      const rawEnd = sp.end(i);
      const open = rawEnd === Infinity;
      const end = open ? endT : rawEnd;
      const objId = sp.obj(i);
      const what = model.spanWhat(hit.lane, i);
      let head = labels[stateName];
      const objName = objId >= 0 ? model.objectName(objId) : '';
      if (code === S_CRASHED) {
        if (what) head = `${head}: ${what}`;
      } else if (objName || what) {
        head = `${head} ${fmt(labels.on, [objName, what].filter(Boolean).join(' · '))}`;
      }
      const lines = [head, `${formatDuration(toProg(end - start))}${open && live ? ' …' : ''}`];
      const timeout = sp.timeout(i);
      if (!Number.isNaN(timeout)) lines.push(fmt(labels.timeout, formatDuration(timeout)));
      const src = srcLine(sp.line(i));
      if (src) lines.push(src);
      return { title: hit.lane.name, color: hit.lane.color, lines };
    }
    case 'print': {
      const p = model.prints;
      const lane = model.lanes[p.lane.at(hit.index)];
      const lines = [p.text[hit.index] ?? ''];
      lines.push(formatDuration(toProg(p.t.at(hit.index))));
      const src = srcLine(p.line.at(hit.index));
      if (src) lines.push(src);
      return { title: lane?.name ?? '', color: lane?.color ?? null, lines };
    }
    case 'arrow': {
      const a = model.arrows;
      const i = hit.index;
      const from = model.lanes[a.fromLane.at(i)];
      const to = model.lanes[a.toLane.at(i)];
      const what = model.strings.get(a.what.at(i)) ?? '';
      const lines = [`${from?.name ?? '?'} → ${to?.name ?? '?'}`];
      // A warning's arrow joins two accesses, not a wake-up: no latency to speak of.
      if (a.obj.at(i) !== WARNING_ARROW) lines.push(fmt(labels.latency, formatDuration(toProg(a.t.at(i) - a.fromT.at(i)))));
      lines.push(formatDuration(toProg(a.t.at(i))));
      return { title: [model.objectName(a.obj.at(i)), what].filter(Boolean).join(' · '), color: from?.color ?? null, lines };
    }
    case 'object': {
      const o = hit.obj;
      const lines: string[] = [];
      if (o.style === 'holder' && o.holds.length > 0) {
        const h = o.holds.valueAt(hit.t, -1);
        const lane = h >= 0 ? model.lanes[h] : undefined;
        lines.push(lane ? fmt(labels.held, lane.name) : labels.free);
      } else if (o.gauge.length > 0) {
        const v = o.gauge.valueAt(hit.t, 0);
        if (o.style === 'flag') lines.push(v > 0 ? labels.set : labels.clear);
        else lines.push(fmt(labels.value, o.capacity !== null ? `${v} / ${o.capacity}` : v));
      }
      // Fast paths that were counted rather than drawn (e.g. 2,000,000 uncontended acquires).
      const counted = new Map<string, number>();
      for (const c of model.counters.values()) {
        if (c.obj === o.id) counted.set(c.what, (counted.get(c.what) ?? 0) + c.count);
      }
      for (const [what, n] of counted) lines.push(`${what}: ${fmt(labels.counted, groupDigits(n))}`);
      lines.push(formatDuration(toProg(hit.t)));
      return { title: `${o.name} (${o.type})`, color: null, lines };
    }
    default:
      return null;
  }
}

/**
 * What the keyboard's lane cursor says of a row at `t` (the playhead, else the run's end): the
 * text its tooltip would show there, and for a lane with tasks whether they are folded.
 */
export function describeRow(
  row: LayoutRow,
  model: TraceModel,
  t: number,
  speed: number,
  source: string,
  labels: Labels,
  endT: number,
  live: boolean,
): string {
  let hit: Hit | null = null;
  if (row.kind === 'lane' || row.kind === 'task') {
    const lane = model.lanes[row.ref];
    const index = lane ? lane.spans.indexAt(t) : -1;
    if (lane && index >= 0) hit = { kind: 'span', row, lane, index, t };
  } else if (row.kind === 'object') {
    const obj = model.object(row.ref);
    if (obj) hit = { kind: 'object', row, obj, t };
  }
  const desc = hit ? describeHit(hit, model, speed, source, labels, endT, live) : null;
  const parts = desc ? [desc.title, ...desc.lines] : [row.kind === 'section' ? labels.objects : row.label];
  if (row.collapsible) parts.push(row.collapsed ? fmt(labels.folded, row.hidden) : labels.unfolded);
  return `${parts.join('. ')}.`;
}

/**
 * One sentence per thread lane saying what it was doing at `t`, for the screen-reader live
 * region: `0.52 s. MainThread: blocked on Thread-1 · join. Thread-1 (worker): sleeping.`
 */
export function describeMoment(model: TraceModel, t: number, speed: number, labels: Labels): string {
  const parts = [formatDuration((t * speed) / 1e6)];
  for (const lane of model.lanes) {
    if (lane.kind === 'task') continue;
    const i = lane.spans.indexAt(t);
    if (i < 0) continue;
    const code = lane.spans.state(i);
    let text = labels[STATES[code] ?? 'running'];
    const obj = model.objectName(lane.spans.obj(i));
    const what = model.spanWhat(lane, i);
    if (code !== S_CRASHED && (obj || what)) text += ` ${fmt(labels.on, [obj, what].filter(Boolean).join(' · '))}`;
    parts.push(`${lane.name}: ${text}`);
  }
  return `${parts.join('. ')}.`;
}
