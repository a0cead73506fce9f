/**
 * What the wheel, the pointer and the keyboard do to the timeline. Each handler is small and
 * only calls the view state (`view-state.ts`) and a few services of the mount (`InputHost`):
 * hit testing, scrubbing (which tells the editor where each thread was), hover feedback.
 * A new gesture or key is a change here only.
 *
 * - Wheel: zoom around the cursor (ctrl+wheel = pinch on a touchpad), horizontal wheel pans,
 *   shift+wheel scrolls the rows.
 * - Pointer: drag pans (time and rows); on the axis it scrubs; a click in the plot after the run
 *   moves the scrubber; a click on a print marker selects its console line; on a lane header it
 *   collapses the lane. Two fingers pinch-zoom around their midpoint.
 * - Keys: + / − zoom, ← / → pan (with shift, after the run: scrub), Home, End (while live:
 *   follow again), 0 fits the whole run; ↑ / ↓ move the lane cursor from row to row (scrolling
 *   it into view; screen readers hear what the row is doing), Enter or Space folds or unfolds
 *   the lane under it, Page Up / Page Down scroll. Zoom and pan say the new time window.
 */
import type { Disposer } from './disposer';
import type { Hit } from './hit';
import type { LayoutMetrics } from './lanes';
import type { TraceModel } from './model';
import type { TimeScale } from './scale';
import type { RunNow, ViewState } from './view-state';

/** What the handlers need from the mounted view. */
export interface InputHost {
  readonly view: ViewState;
  readonly canvas: HTMLCanvasElement;
  /** Metrics of the current size (header width, lane height). */
  metrics(): LayoutMetrics;
  /** Canvas height, CSS px. */
  height(): number;
  run(): RunNow;
  model(): TraceModel | null;
  hitAt(model: TraceModel, x: number, y: number): Hit | null;
  /** Moves the scrubber to `t` and tells the editor which line each thread was on. */
  scrub(t: number): void;
  /** Hover feedback for the point (row highlight, cursor, tooltip). */
  hover(model: TraceModel, x: number, y: number): void;
  /** The pointer left: no hover, no tooltip. */
  unhover(): void;
  hideTooltip(): void;
  /** Collapses or expands the row with this key. */
  toggleRow(key: string): void;
  /** A print marker was clicked: the console should reveal this line. */
  selectPrint(seq: number): void;
  /** Moves the keyboard's lane cursor to the previous or next row and says what it shows. */
  moveLaneCursor(dir: -1 | 1): void;
  /** Folds or unfolds the row under the lane cursor, when it has sub-lanes. */
  toggleLaneCursor(): void;
  /** Tells screen readers the time window now shown. */
  announceView(): void;
  invalidate(): void;
}

const CLICK_SLOP_PX = 4;
const KEY_PAN_FRACTION = 0.15;
const KEY_ZOOM = 1.5;
const KEY_SCRUB_PX = 5;
/** Wheel zoom per pixel of delta; a pinch arrives as ctrl+wheel with small deltas. */
const WHEEL_ZOOM = 0.002;
const PINCH_ZOOM = 0.01;

interface Point {
  x: number;
  y: number;
}

function localPoint(canvas: HTMLCanvasElement, e: MouseEvent): Point {
  const r = canvas.getBoundingClientRect();
  return { x: e.clientX - r.left, y: e.clientY - r.top };
}

/** Registers every input handler on the host's canvas; the disposer removes them. */
export function bindInput(host: InputHost, disposer: Disposer): void {
  const pointer = new PointerInput(host);
  const c = host.canvas;
  disposer.listen(c, 'wheel', (e: WheelEvent) => onWheel(host, e), { passive: false });
  disposer.listen(c, 'pointerdown', (e: PointerEvent) => pointer.down(e));
  disposer.listen(c, 'pointermove', (e: PointerEvent) => pointer.move(e));
  disposer.listen(c, 'pointerup', (e: PointerEvent) => pointer.up(e));
  disposer.listen(c, 'pointercancel', (e: PointerEvent) => pointer.up(e));
  disposer.listen(c, 'pointerleave', () => pointer.leave());
  disposer.listen(c, 'keydown', (e: KeyboardEvent) => onKeyDown(host, e));
}

export function onWheel(host: InputHost, e: WheelEvent): void {
  e.preventDefault();
  const { view } = host;
  const run = host.run();
  const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? host.height() : 1;
  const dx = e.deltaX * unit;
  const dy = e.deltaY * unit;
  if (e.shiftKey && !e.ctrlKey && !e.metaKey) {
    view.scrollBy(dy || dx);
  } else if (Math.abs(dx) > Math.abs(dy) && !e.ctrlKey) {
    view.stopFollowing(run);
    view.panBy(-dx);
  } else {
    view.stopFollowing(run);
    const { x } = localPoint(host.canvas, e);
    const at = x >= host.metrics().headerWidth ? view.scale.xToT(x) : view.scale.t0 + view.scale.span / 2;
    view.zoomAround(at, Math.exp(-dy * (e.ctrlKey ? PINCH_ZOOM : WHEEL_ZOOM)));
  }
  view.clamp(run);
  host.hideTooltip();
  host.invalidate();
}

/** The pointer cursor: a hand over what a click acts on. */
export function cursorFor(hit: Hit | null): 'pointer' | 'default' {
  const clickable =
    hit?.kind === 'print' || hit?.kind === 'axis' || (hit?.kind === 'header' && hit.row.collapsible);
  return clickable ? 'pointer' : 'default';
}

type Drag =
  | { mode: 'pan'; x: number; y: number; scale: TimeScale; scrollY: number; moved: boolean }
  | { mode: 'pinch'; dist: number; mid: number; scale: TimeScale }
  | { mode: 'scrub' }
  | { mode: 'click'; hit: Hit };

/** Pointer gestures: what a press started (`Drag`) decides what moves and releases do. */
class PointerInput {
  private drag: Drag | null = null;
  /** Touch points down on the canvas (two of them pinch-zoom). */
  private readonly touches = new Map<number, Point>();

  constructor(private readonly host: InputHost) {}

  down(e: PointerEvent): void {
    if (e.button !== 0) return;
    const h = this.host;
    h.canvas.focus({ preventScroll: true });
    if (e.pointerType === 'touch' && this.touchDown(e)) return;
    const model = h.model();
    if (!model) return;
    const { x, y } = localPoint(h.canvas, e);
    const hit = h.hitAt(model, x, y);
    try {
      h.canvas.setPointerCapture(e.pointerId);
    } catch {
      // Synthetic pointers (tests, the fps bench) have no capturable id; dragging still works.
    }
    this.drag = this.press(hit, x, y);
    h.hideTooltip();
  }

  move(e: PointerEvent): void {
    const h = this.host;
    const { x, y } = localPoint(h.canvas, e);
    if (this.touches.has(e.pointerId)) this.touches.set(e.pointerId, { x, y });
    const d = this.drag;
    if (d?.mode === 'pinch') this.pinchTo(d);
    else if (d?.mode === 'pan') this.panTo(d, x, y);
    else if (d?.mode === 'scrub') h.scrub(h.view.scale.xToT(Math.max(h.metrics().headerWidth, x)));
    else if (!d) {
      const model = h.model();
      if (model) h.hover(model, x, y);
    }
  }

  up(e: PointerEvent): void {
    const h = this.host;
    this.touches.delete(e.pointerId);
    const d = this.drag;
    this.drag = null;
    if (h.canvas.hasPointerCapture(e.pointerId)) h.canvas.releasePointerCapture(e.pointerId);
    h.canvas.style.cursor = 'default';
    const model = h.model();
    if (!d || !model) return;
    if (d.mode === 'click') this.click(model, d.hit);
    else if (d.mode === 'pan' && !d.moved) {
      // A plain click in the plot moves the scrubber there (after the run).
      const { x } = localPoint(h.canvas, e);
      if (!h.run().live && x >= h.metrics().headerWidth) h.scrub(h.view.scale.xToT(x));
    }
  }

  leave(): void {
    this.host.unhover();
  }

  /** A second finger turns the one-finger pan into a pinch around the fingers' midpoint. */
  private touchDown(e: PointerEvent): boolean {
    const h = this.host;
    this.touches.set(e.pointerId, localPoint(h.canvas, e));
    const p = this.touches.size === 2 ? this.pinch() : null;
    if (!p) return false;
    h.view.stopFollowing(h.run());
    this.drag = { mode: 'pinch', dist: p.dist, mid: p.mid, scale: h.view.scale };
    h.hideTooltip();
    return true;
  }

  /** What a press on `hit` starts. */
  private press(hit: Hit | null, x: number, y: number): Drag {
    const { view } = this.host;
    if (hit?.kind === 'axis') {
      view.stopFollowing(this.host.run());
      this.host.scrub(hit.t);
      return { mode: 'scrub' };
    }
    if (hit?.kind === 'header' || hit?.kind === 'print') return { mode: 'click', hit };
    return { mode: 'pan', x, y, scale: view.scale, scrollY: view.scrollY, moved: false };
  }

  private pinch(): { dist: number; mid: number } | null {
    const [a, b] = [...this.touches.values()];
    if (!a || !b) return null;
    return { dist: Math.max(1, Math.abs(a.x - b.x)), mid: (a.x + b.x) / 2 };
  }

  /**
   * Horizontal finger distance scales time; the midpoint's time stays under the midpoint, and
   * moving both fingers pans.
   */
  private pinchTo(d: Extract<Drag, { mode: 'pinch' }>): void {
    const h = this.host;
    const p = this.pinch();
    if (!p) return;
    const tMid = d.scale.xToT(d.mid);
    h.view.scale = d.scale.zoomAround(tMid, p.dist / d.dist).panBy(p.mid - d.mid);
    h.view.clamp(h.run());
    h.invalidate();
  }

  private panTo(d: Extract<Drag, { mode: 'pan' }>, x: number, y: number): void {
    const h = this.host;
    const dx = x - d.x;
    const dy = y - d.y;
    if (!d.moved && Math.hypot(dx, dy) < CLICK_SLOP_PX) return;
    const run = h.run();
    if (!d.moved) h.view.stopFollowing(run);
    d.moved = true;
    h.view.scale = d.scale.panBy(dx);
    h.view.scrollTo(d.scrollY - dy);
    h.view.clamp(run);
    h.canvas.style.cursor = 'grabbing';
    h.invalidate();
  }

  private click(model: TraceModel, hit: Hit): void {
    const h = this.host;
    if (hit.kind === 'print') {
      h.selectPrint(model.prints.seq.at(hit.index));
      if (!h.run().live) h.scrub(model.prints.t.at(hit.index));
    } else if (hit.kind === 'header' && hit.row.collapsible) {
      h.toggleRow(hit.row.key);
    }
  }
}

/** A key's action; `true` when it moved the time window (which is then announced). */
type KeyAction = (h: InputHost, run: RunNow, e: KeyboardEvent) => boolean | void;

const zoomKey =
  (factor: number): KeyAction =>
  (h, run) => {
    const at = h.view.focusTime();
    h.view.stopFollowing(run);
    h.view.zoomAround(at, factor);
    return true;
  };

const arrowKey =
  (dir: -1 | 1): KeyAction =>
  (h, run, e) => {
    const v = h.view;
    if (e.shiftKey && !run.live) {
      // Keyboard scrubbing: the playhead moves by a few pixels' worth of time.
      const t = (v.playhead ?? v.scale.t0) + (dir * KEY_SCRUB_PX) / (v.scale.k || 1);
      v.ensureVisible(t, run);
      h.scrub(t);
      return false;
    }
    v.stopFollowing(run);
    v.panBy(-dir * v.scale.width * KEY_PAN_FRACTION);
    return true;
  };

const laneKey =
  (dir: -1 | 1): KeyAction =>
  (h) =>
    h.moveLaneCursor(dir);

const pageKey =
  (dir: -1 | 1): KeyAction =>
  (h) =>
    h.view.scrollBy(dir * Math.max(h.metrics().laneHeight, h.height() - h.metrics().axisHeight - h.metrics().legendHeight));

const toggleKey: KeyAction = (h) => h.toggleLaneCursor();

const home: KeyAction = (h, run) => {
  h.view.stopFollowing(run);
  h.view.show(0, h.view.scale.span);
  if (!run.live) h.scrub(0);
};

const end: KeyAction = (h, run) => {
  const v = h.view;
  if (run.live) {
    v.resumeFollowing();
    return;
  }
  v.show(run.end - v.scale.span * 0.95, run.end + v.scale.span * 0.05);
  h.scrub(run.end);
};

const fitKey: KeyAction = (h, run) => {
  h.view.stopFollowing(run);
  h.view.fitAll(run);
  return true;
};

const KEYS: ReadonlyMap<string, KeyAction> = new Map([
  ['+', zoomKey(KEY_ZOOM)],
  ['=', zoomKey(KEY_ZOOM)],
  ['-', zoomKey(1 / KEY_ZOOM)],
  ['_', zoomKey(1 / KEY_ZOOM)],
  ['ArrowLeft', arrowKey(-1)],
  ['ArrowRight', arrowKey(1)],
  ['ArrowUp', laneKey(-1)],
  ['ArrowDown', laneKey(1)],
  ['PageUp', pageKey(-1)],
  ['PageDown', pageKey(1)],
  ['Enter', toggleKey],
  [' ', toggleKey],
  ['Home', home],
  ['End', end],
  ['0', fitKey],
]);

export function onKeyDown(host: InputHost, e: KeyboardEvent): void {
  const action = KEYS.get(e.key);
  if (!action || e.ctrlKey || e.metaKey || e.altKey) return;
  const run = host.run();
  const moved = action(host, run, e);
  e.preventDefault();
  host.view.clamp(run);
  if (moved === true) host.announceView();
  host.invalidate();
}
