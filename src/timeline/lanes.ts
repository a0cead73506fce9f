/**
 * Pure vertical layout of the timeline's rows: thread/process lanes, their asyncio task
 * sub-lanes, then an "Objects" section with one row per lock/semaphore/queue/event/barrier.
 *
 * Coordinates are CSS pixels relative to the top of the scrollable content (just below the time
 * axis); the view adds the axis height and subtracts its vertical scroll. Lanes with task
 * sub-lanes and the objects section can be collapsed by key.
 */
import type { TraceModel } from './model';

export interface LayoutMetrics {
  /** Width of the fixed lane-name column on the left. */
  headerWidth: number;
  /** Height of the time axis strip at the top. */
  axisHeight: number;
  /** Height of the legend strip at the bottom. */
  legendHeight: number;
  laneHeight: number;
  subLaneHeight: number;
  objectRowHeight: number;
  sectionHeight: number;
  /** Vertical space between rows. */
  gap: number;
}

export const DEFAULT_METRICS: LayoutMetrics = {
  headerWidth: 150,
  axisHeight: 26,
  legendHeight: 22,
  laneHeight: 22,
  subLaneHeight: 16,
  objectRowHeight: 24,
  sectionHeight: 18,
  gap: 3,
};

/** Narrowest lane-name column (a phone): "Thread-1 (fun)" still fits at 12 px. */
const MIN_HEADER_WIDTH = 96;

/**
 * The lane-name column for a view `width` CSS px wide. At 150 px it would take 40 % of a phone's
 * timeline; below 600 px it takes 28 % of the width (at least `MIN_HEADER_WIDTH`), and names that do
 * not fit are cut with an ellipsis (the tooltip has them whole).
 */
export function headerWidthFor(width: number, m: LayoutMetrics = DEFAULT_METRICS): number {
  if (width >= 600) return m.headerWidth;
  return Math.max(MIN_HEADER_WIDTH, Math.min(m.headerWidth, Math.round(width * 0.28)));
}

/**
 * Smallest row heights `fitMetrics` goes down to: a 12 px lane name still reads at 14 px, and
 * a phone's pane (about 190 px of rows) then shows 10 lanes and one object row.
 */
export const COMPACT_FLOORS = {
  laneHeight: 14,
  subLaneHeight: 12,
  objectRowHeight: 14,
  sectionHeight: 12,
  gap: 1,
} as const;

/**
 * Metrics under which `layout` (computed with `m`) fits `visible` px of height: when it overflows,
 * every row height and gap shrinks by the same factor, down to `COMPACT_FLOORS`. The objects
 * section comes last, so without this a 9-thread `semaphore` in a laptop-sized pane hides the
 * semaphore's permits row below the fold. Returns `m` itself when the rows already fit.
 */
export function fitMetrics(m: LayoutMetrics, layout: Layout, visible: number): LayoutMetrics {
  if (visible <= 0 || layout.contentHeight <= visible) return m;
  const k = visible / layout.contentHeight;
  const shrink = (v: number, floor: number): number => Math.max(Math.min(v, floor), Math.floor(v * k));
  return {
    ...m,
    laneHeight: shrink(m.laneHeight, COMPACT_FLOORS.laneHeight),
    subLaneHeight: shrink(m.subLaneHeight, COMPACT_FLOORS.subLaneHeight),
    objectRowHeight: shrink(m.objectRowHeight, COMPACT_FLOORS.objectRowHeight),
    sectionHeight: shrink(m.sectionHeight, COMPACT_FLOORS.sectionHeight),
    gap: shrink(m.gap, COMPACT_FLOORS.gap),
  };
}

export interface LayoutLaneInput {
  /** Stable key (collapse state survives new events): `lane:<index>`. */
  key: string;
  label: string;
  color: string;
  /** Model lane index. */
  ref: number;
  /** Task sub-lanes; may be left empty for a lane that will be collapsed (see `childCount`). */
  children: readonly { key: string; label: string; color: string; ref: number }[];
  /** Number of sub-lanes (defaults to `children.length`). */
  childCount?: number;
}

export interface LayoutObjectInput {
  key: string;
  label: string;
  /** Object id. */
  ref: number;
}

export interface LayoutInput {
  lanes: readonly LayoutLaneInput[];
  objects: readonly LayoutObjectInput[];
  collapsed: ReadonlySet<string>;
  metrics?: LayoutMetrics;
}

export type RowKind = 'lane' | 'task' | 'section' | 'object';

export interface LayoutRow {
  kind: RowKind;
  key: string;
  label: string;
  color: string | null;
  /** Model lane index (lane/task), object id (object), or -1 (section). */
  ref: number;
  /** Top, relative to the content top. */
  y: number;
  h: number;
  /** Indentation level in the header column (0 lanes, 1 tasks and objects). */
  depth: number;
  collapsible: boolean;
  collapsed: boolean;
  /** For a collapsed lane: how many sub-lanes it hides. */
  hidden: number;
}

export interface Layout {
  rows: readonly LayoutRow[];
  /** Total content height (rows + gaps), excluding axis and legend. */
  contentHeight: number;
  metrics: LayoutMetrics;
}

/**
 * A thread with more task sub-lanes than this starts collapsed (100,000 `gather`ed tasks would
 * bury every other lane); for such a lane, the key in the collapsed set means "expanded".
 */
export const AUTO_COLLAPSE_TASKS = 32;

/** Whether a lane with `count` sub-lanes is collapsed, given the user's toggles. */
export function isCollapsed(toggled: ReadonlySet<string>, key: string, count: number): boolean {
  return toggled.has(key) !== count > AUTO_COLLAPSE_TASKS;
}

/** Key of the objects section header (collapsing it hides every object row). */
export const OBJECTS_SECTION_KEY = 'section:objects';

export function computeLayout(input: LayoutInput): Layout {
  const m = input.metrics ?? DEFAULT_METRICS;
  const rows: LayoutRow[] = [];
  let y = m.gap;
  // `row` is built with `y` already set (a placeholder) so no copy is made per row: an expanded
  // loop thread can have 100,000 task rows.
  const add = (row: LayoutRow): void => {
    row.y = y;
    rows.push(row);
    y += row.h + m.gap;
  };
  for (const lane of input.lanes) {
    const count = lane.childCount ?? lane.children.length;
    const collapsible = count > 0;
    const collapsed = collapsible && isCollapsed(input.collapsed, lane.key, count);
    add({
      y: 0,
      kind: 'lane',
      key: lane.key,
      label: lane.label,
      color: lane.color,
      ref: lane.ref,
      h: m.laneHeight,
      depth: 0,
      collapsible,
      collapsed,
      hidden: collapsed ? count : 0,
    });
    if (collapsed) continue;
    for (const c of lane.children) {
      add({
        y: 0,
        kind: 'task',
        key: c.key,
        label: c.label,
        color: c.color,
        ref: c.ref,
        h: m.subLaneHeight,
        depth: 1,
        collapsible: false,
        collapsed: false,
        hidden: 0,
      });
    }
  }
  if (input.objects.length > 0) {
    const collapsed = input.collapsed.has(OBJECTS_SECTION_KEY);
    add({
      y: 0,
      kind: 'section',
      key: OBJECTS_SECTION_KEY,
      label: 'Objects',
      color: null,
      ref: -1,
      h: m.sectionHeight,
      depth: 0,
      collapsible: true,
      collapsed,
      hidden: collapsed ? input.objects.length : 0,
    });
    if (!collapsed) {
      for (const o of input.objects) {
        add({
          y: 0,
          kind: 'object',
          key: o.key,
          label: o.label,
          color: null,
          ref: o.ref,
          h: m.objectRowHeight,
          depth: 1,
          collapsible: false,
          collapsed: false,
          hidden: 0,
        });
      }
    }
  }
  return { rows, contentHeight: y, metrics: m };
}

/** Index of the first row whose bottom is below content-relative `y` (rows are sorted by y). */
function firstEndingAfter(rows: readonly LayoutRow[], y: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const r = rows[mid];
    if (r !== undefined && r.y + r.h <= y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The row under content-relative `y` (gaps belong to no row), by binary search. */
export function rowAt(layout: Layout, y: number): LayoutRow | undefined {
  const rows = layout.rows;
  const lo = firstEndingAfter(rows, y);
  const r = rows[lo];
  return r !== undefined && y >= r.y && y < r.y + r.h ? r : undefined;
}

/** Index range `[from, to)` of rows intersecting content-relative `[y0, y1)`. */
export function rowsIn(layout: Layout, y0: number, y1: number): [number, number] {
  const rows = layout.rows;
  const lo = firstEndingAfter(rows, y0);
  let to = lo;
  while (to < rows.length && (rows[to]?.y ?? Infinity) < y1) to++;
  return [lo, to];
}

/** Where the centre of a model lane is drawn, by lane index; a hidden task maps to its thread. */
export function laneCenters(layout: Layout, model: TraceModel): Float64Array {
  const out = new Float64Array(model.lanes.length).fill(NaN);
  for (const r of layout.rows) {
    if (r.kind === 'lane' || r.kind === 'task') out[r.ref] = r.y + r.h / 2;
  }
  for (const lane of model.lanes) {
    if (lane.kind === 'task' && Number.isNaN(out[lane.index] ?? NaN)) {
      out[lane.index] = out[lane.parentLane] ?? NaN;
    }
  }
  return out;
}

/** The layout input for a model: thread lanes in order of appearance, tasks under their thread. */
export function layoutInputFrom(
  model: TraceModel,
  collapsed: ReadonlySet<string>,
  metrics?: LayoutMetrics,
): LayoutInput {
  const lanes: LayoutLaneInput[] = [];
  for (const lane of model.threadLanes()) {
    const key = `lane:${lane.index}`;
    const count = lane.children.length;
    // A collapsed lane's sub-lanes are not laid out: skip building them (there may be many).
    const hide = count > 0 && isCollapsed(collapsed, key, count);
    lanes.push({
      key,
      label: lane.name,
      color: lane.color,
      ref: lane.index,
      childCount: count,
      children: hide ? [] : lane.children.map((ci) => {
        const c = model.lanes[ci];
        return {
          key: `lane:${ci}`,
          label: c?.name ?? '',
          color: c?.color ?? '#888888',
          ref: ci,
        };
      }),
    });
  }
  const objects = model.objectRows().map((o) => ({ key: `obj:${o.id}`, label: o.name, ref: o.id }));
  return metrics ? { lanes, objects, collapsed, metrics } : { lanes, objects, collapsed };
}

/** Layouts with more rows than this keep full-height rows and scroll (shrinking would not help). */
const FIT_MAX_ROWS = 64;

/**
 * A view's current layout and the rows the user collapsed. The layout is recomputed only when
 * the model's structure (lanes, object rows), a collapse, or the view's size changes: a live run
 * appends events every frame without adding rows.
 */
export class LayoutCache {
  /** Keys of the rows the user toggled (see `isCollapsed`); kept across runs. */
  readonly collapsed = new Set<string>();
  layout: Layout = computeLayout({ lanes: [], objects: [], collapsed: this.collapsed });
  private collapseVersion = 0;
  private key = '';

  /** Collapses or expands a row. */
  toggle(key: string): void {
    if (!this.collapsed.delete(key)) this.collapsed.add(key);
    this.collapseVersion++;
  }

  /** Forces the next `update` to recompute (a new run). */
  reset(): void {
    this.key = '';
  }

  /**
   * Brings the layout up to date for `model` in a view of `width × height` CSS px with base
   * `metrics`; returns whether it changed. A handful of rows that overflow the pane are shrunk to
   * fit it, so the object rows (permits, queue length…) below the lanes show without scrolling.
   */
  update(model: TraceModel | null, metrics: LayoutMetrics, width: number, height: number): boolean {
    const size = `${width}x${height}`;
    const key = model
      ? `${model.structureVersion}:${this.collapseVersion}:${model.lanes.length}:${size}`
      : `-:${this.collapseVersion}:${size}`;
    if (key === this.key) return false;
    this.key = key;
    const collapsed = this.collapsed;
    if (!model) {
      this.layout = computeLayout({ lanes: [], objects: [], collapsed, metrics });
      return true;
    }
    this.layout = computeLayout(layoutInputFrom(model, collapsed, metrics));
    if (this.layout.rows.length <= FIT_MAX_ROWS) {
      const fitted = fitMetrics(metrics, this.layout, height - metrics.axisHeight - metrics.legendHeight);
      if (fitted !== metrics) this.layout = computeLayout(layoutInputFrom(model, collapsed, fitted));
    }
    return true;
  }
}
