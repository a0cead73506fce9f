/**
 * The timeline view: mounts a canvas (plus a DOM tooltip) into a container and keeps it in sync
 * with a `TraceModel`. Framework-free: a React wrapper only mounts it once and passes callbacks;
 * new trace data arrives through `subscribe`, and drawing happens in `requestAnimationFrame`,
 * only when something changed (never per React render).
 *
 * Modes: while the run is live the view follows the latest time (the playhead). Any manual pan
 * or zoom stops following; End resumes it. After the run, the playhead becomes a scrubber: click
 * or drag on the axis (or click in the plot) and the editor is told which line each thread was on.
 */
import type { RunInfo } from '../protocol/trace';
import type { Hit } from './hit';
import { describeHit, describeMoment, hitTest } from './hit';
import type { Layout, LayoutMetrics } from './layout';
import { computeLayout, DEFAULT_METRICS, fitMetrics, headerWidthFor, layoutInputFrom } from './layout';
import type { TraceModel } from './model';
import type { DrawStats } from './renderer';
import { TimelineRenderer } from './renderer';
import { TimeScale } from './scale';
import type { Labels, Theme } from './theme';
import { DARK_THEME, LIGHT_THEME, preferredTheme, resolveLabels } from './theme';

export interface TimelineOptions {
  /** The current run's model; a new run must come with a new `TraceModel` (or null). */
  getModel(): TraceModel | null;
  getRunInfo(): RunInfo | null;
  /**
   * Registers `cb` to be called when new events arrive, a new run starts (a new model), or the run
   * ends (`isLive` turns false); returns unsubscribe.
   */
  subscribe(cb: () => void): () => void;
  isLive(): boolean;
  /** After the run, on scrub: the line each thread was on at the playhead, keyed by tid. */
  onHighlightLines(lines: Map<number, { line: number; color: string }>): void;
  /** A print marker was clicked: the console should reveal the line with this `seq`. */
  onSelectPrint(seq: number): void;
  /** UI strings (legend names, notes, aria label) for i18n; see `DEFAULT_LABELS`. */
  labels?: Record<string, string>;
  /** 'auto' (default) follows `prefers-color-scheme`. */
  theme?: ThemeChoice;
  /**
   * The page clock in ms, the clock of `RunInfo.startedAt` (default `performance.now`). While
   * live, the timeline's "now" advances with it even when no event arrives (a thread sleeping
   * for 3 s still grows its span). Injectable for tests.
   */
  now?: () => number;
}

export type ThemeChoice = 'light' | 'dark' | 'auto';

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

export interface TimelineHandle {
  /** Moves the playhead to wall µs `t` (e.g. a clicked console line) and brings it into view. */
  jumpTo(t: number): void;
  setTheme(theme: ThemeChoice): void;
  /** Re-reads the container size and devicePixelRatio (a ResizeObserver also calls it). */
  resize(): void;
  destroy(): void;
  frameStats(): FrameStats;
  /** The visible time range, wall µs. */
  getView(): { t0: number; t1: number };
  /** Shows `[t0, t1]` (wall µs); stops following the live edge. */
  setView(t0: number, t1: number): void;
  /** Shows the whole run. */
  fit(): void;
  /** The playhead (wall µs), or null before the first run. */
  getPlayhead(): number | null;
  /** Switches UI strings (the app's language changed). */
  setLabels(labels: Record<string, string>): void;
  /** Schedules a redraw. */
  invalidate(): void;
  readonly canvas: HTMLCanvasElement;
}

/** The live view shows at least this much program time before it starts sliding. */
const LIVE_MIN_PROGRAM_S = 2;
/** ...and fits the whole run until it is this long; then it slides with the latest time. */
const LIVE_MAX_PROGRAM_S = 20;
const CLICK_SLOP_PX = 4;
const KEY_PAN_FRACTION = 0.15;
const KEY_ZOOM = 1.5;
const KEY_SCRUB_PX = 5;
/** Layouts with more rows than this keep full-height rows and scroll (shrinking would not help). */
const FIT_MAX_ROWS = 64;

/**
 * Mounts the timeline into `container` (which should have a size; the view fills it and follows
 * its resizes). Call once; feed it through `opts`; `destroy()` on unmount.
 *
 * @example
 * // In a React wrapper (sketch): mount once, never re-render the canvas from React.
 * useEffect(() => {
 *   const h = mountTimeline(ref.current!, {
 *     getModel: () => store.getState().trace.model,
 *     getRunInfo: () => store.getState().trace.info,
 *     subscribe: (cb) => store.subscribe((s, prev) => {
 *       if (s.trace !== prev.trace || s.run.state !== prev.run.state) cb();
 *     }),
 *     isLive: () => store.getState().run.state === 'running',
 *     onHighlightLines: (lines) => store.getState().editor.setThreadLines(lines),
 *     onSelectPrint: (seq) => store.getState().console.reveal(seq),
 *     labels: t.timeline,
 *   });
 *   handleRef.current = h;
 *   return () => h.destroy();
 * }, []);
 */
export function mountTimeline(container: HTMLElement, opts: TimelineOptions): TimelineHandle {
  const doc = container.ownerDocument;
  const win = doc.defaultView ?? window;
  let labels: Labels = resolveLabels(opts.labels);

  const canvas = doc.createElement('canvas');
  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'application');
  canvas.setAttribute('aria-label', labels.ariaLabel);
  canvas.style.display = 'block';
  canvas.style.width = '100%';
  canvas.style.height = '100%';
  canvas.style.touchAction = 'none';
  canvas.style.cursor = 'default';
  const tooltip = doc.createElement('div');
  tooltip.setAttribute('role', 'tooltip');
  Object.assign(tooltip.style, {
    position: 'absolute',
    pointerEvents: 'none',
    display: 'none',
    zIndex: '10',
    maxWidth: '360px',
    padding: '6px 8px',
    borderRadius: '4px',
    font: LIGHT_THEME.font,
    lineHeight: '1.35',
    whiteSpace: 'pre-wrap',
    boxShadow: '0 2px 8px rgba(0,0,0,0.25)',
  } satisfies Partial<CSSStyleDeclaration>);
  // Screen readers cannot see the canvas: after a scrub, this polite live region says what each
  // thread was doing at the playhead.
  const announcer = doc.createElement('div');
  announcer.setAttribute('aria-live', 'polite');
  Object.assign(announcer.style, {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clipPath: 'inset(50%)',
    whiteSpace: 'nowrap',
  } satisfies Partial<CSSStyleDeclaration>);
  if (win.getComputedStyle(container).position === 'static') container.style.position = 'relative';
  container.append(canvas, tooltip, announcer);
  const ctx = canvas.getContext('2d', { alpha: false });
  if (!ctx) throw new Error('timeline: canvas 2D context unavailable');

  const renderer = new TimelineRenderer();
  const clock = opts.now ?? (() => performance.now());
  /** Live frames are capped to this interval: the program's workers need the CPU more. */
  const LIVE_FRAME_MS = 1000 / 30;
  let lastLiveDraw = -Infinity;
  /** Base metrics for the current width (a narrower name column on a phone); rows may be
   * compacted further per layout to fit the height (`ensureLayout`). */
  let metrics: LayoutMetrics = DEFAULT_METRICS;

  let themeChoice: ThemeChoice = opts.theme ?? 'auto';
  let theme: Theme = pickTheme(themeChoice);
  const darkQuery = win.matchMedia?.('(prefers-color-scheme: dark)') ?? null;
  const onSchemeChange = (): void => {
    if (themeChoice === 'auto') {
      theme = pickTheme('auto');
      styleTooltip();
      invalidate();
    }
  };
  darkQuery?.addEventListener('change', onSchemeChange);

  let width = 0;
  let height = 0;
  let dpr = 1;
  let scale = new TimeScale(0, 2e6, metrics.headerWidth, metrics.headerWidth + 1);
  let scrollY = 0;
  let playhead: number | null = null;
  /** Follow the live edge; null span = auto-fit from 0 (short runs stay whole). */
  let follow = true;
  let followSpan: number | null = null;
  let lastModel: TraceModel | null = null;
  let wasLive = false;
  const collapsed = new Set<string>();
  let collapseVersion = 0;
  let layout: Layout = computeLayout({ lanes: [], objects: [], collapsed });
  let layoutKey = '';
  let hoverKey: string | null = null;
  let lastHighlight = '';
  let rafId: number | null = null;
  let dirty = true;
  let destroyed = false;

  // Frame timing for `frameStats` (a ring of the last 240 frames).
  const FRAME_RING = 240;
  const frameAt = new Float64Array(FRAME_RING);
  const frameMs = new Float64Array(FRAME_RING);
  let totalFrames = 0;

  function pickTheme(choice: ThemeChoice): Theme {
    return choice === 'dark' ? DARK_THEME : choice === 'light' ? LIGHT_THEME : preferredTheme();
  }

  function styleTooltip(): void {
    tooltip.style.background = theme.headerBackground;
    tooltip.style.color = theme.text;
    tooltip.style.border = `1px solid ${theme.border}`;
  }
  styleTooltip();

  function speed(): number {
    const s = opts.getRunInfo()?.speed ?? 1;
    return s > 0 ? s : 1;
  }

  /** Where open spans end: the run's end once known, else the latest event. */
  function endT(model: TraceModel | null): number {
    const info = opts.getRunInfo();
    let end = Math.max(model?.endT ?? 0, info?.endedAt ?? 0);
    if (model && info && info.endedAt === null && opts.isLive()) {
      // Between events the run still goes on: extend open spans to the wall clock.
      end = Math.max(end, (clock() - info.startedAt) * 1000);
    }
    return end;
  }

  function invalidate(): void {
    dirty = true;
    if (rafId === null && !destroyed) rafId = win.requestAnimationFrame(frame);
  }

  function ensureLayout(model: TraceModel | null): void {
    const size = `${width}x${height}`;
    const key = model ? `${model.structureVersion}:${collapseVersion}:${model.lanes.length}:${size}` : `-:${collapseVersion}:${size}`;
    if (key === layoutKey) return;
    layoutKey = key;
    layout = model
      ? computeLayout(layoutInputFrom(model, collapsed, metrics))
      : computeLayout({ lanes: [], objects: [], collapsed, metrics });
    if (model && layout.rows.length <= FIT_MAX_ROWS) {
      // A handful of rows that overflow the pane are shrunk to fit it, so the object rows
      // (permits, queue length…) below the lanes are seen without scrolling.
      const fitted = fitMetrics(metrics, layout, height - metrics.axisHeight - metrics.legendHeight);
      if (fitted !== metrics) layout = computeLayout(layoutInputFrom(model, collapsed, fitted));
    }
    clampScroll();
  }

  function clampScroll(): void {
    const visible = Math.max(0, height - metrics.axisHeight - metrics.legendHeight);
    scrollY = Math.max(0, Math.min(scrollY, layout.contentHeight - visible));
  }

  /** The live-edge view: fit from 0 while the run is short, then slide with the latest time. */
  function followView(model: TraceModel): void {
    const sp = speed();
    const end = endT(model);
    if (followSpan === null) {
      const minSpan = (LIVE_MIN_PROGRAM_S * 1e6) / sp;
      const maxSpan = (LIVE_MAX_PROGRAM_S * 1e6) / sp;
      const want = Math.max(minSpan, end * 1.1);
      if (want <= maxSpan) {
        scale = scale.withDomain(0, want);
        return;
      }
      followSpan = maxSpan;
    }
    scale = scale.withDomain(Math.max(0, end - followSpan * 0.92), Math.max(0, end - followSpan * 0.92) + followSpan);
  }

  function clampView(model: TraceModel | null): void {
    const end = Math.max(endT(model), 1);
    const margin = Math.max(end, scale.span) * 0.05;
    scale = scale.clamp(-margin, Math.max(end, scale.span) + margin);
  }

  function syncRun(): TraceModel | null {
    const model = opts.getModel();
    const live = opts.isLive();
    if (model !== lastModel) {
      // A new run: start over in follow mode.
      lastModel = model;
      layoutKey = '';
      playhead = null;
      follow = true;
      followSpan = null;
      scrollY = 0;
      lastHighlight = '';
      hideTooltip();
    }
    if (!wasLive && live) {
      // A run started (even on a reused model): follow it from the start.
      follow = true;
      followSpan = null;
      playhead = null;
    }
    if (wasLive && !live && model) {
      // The run just ended: show all of it if we were following, and park the scrubber at the end.
      if (follow) fitAll(model);
      playhead = endT(model);
    }
    wasLive = live;
    return model;
  }

  function frame(ts: number): void {
    rafId = null;
    if (destroyed) return;
    const live = opts.isLive();
    if (live && opts.getModel()) {
      // While live, time moves even without events: keep animating, at a modest rate.
      if (ts - lastLiveDraw < LIVE_FRAME_MS - 1) {
        rafId = win.requestAnimationFrame(frame);
        return;
      }
      lastLiveDraw = ts;
      dirty = true;
      rafId = win.requestAnimationFrame(frame);
    }
    if (!dirty) return;
    render(ts);
  }

  /** Draws now (from a frame, or synchronously after a resize cleared the canvas). */
  function render(ts: number): void {
    dirty = false;
    const live = opts.isLive();
    const model = syncRun();
    ensureLayout(model);
    if (model && live && follow) followView(model);
    const began = performance.now();
    if (width > 0 && height > 0) {
      if (model) {
        renderer.draw(ctx as CanvasRenderingContext2D, {
          model,
          layout,
          scale,
          width,
          height,
          dpr,
          scrollY,
          playhead: live ? (follow ? endT(model) : (playhead ?? endT(model))) : playhead,
          live,
          speed: speed(),
          endT: endT(model),
          theme,
          labels,
          hoverKey,
        });
      } else {
        const c = ctx as CanvasRenderingContext2D;
        c.setTransform(dpr, 0, 0, dpr, 0, 0);
        c.fillStyle = theme.background;
        c.fillRect(0, 0, width, height);
      }
    }
    const slot = totalFrames % FRAME_RING;
    frameAt[slot] = ts;
    frameMs[slot] = performance.now() - began;
    totalFrames++;
  }

  function fitAll(model: TraceModel | null): void {
    // At least 1 ms of program time, so an empty or instant run still has a sane axis.
    const end = Math.max(endT(model), 1000 / speed());
    scale = scale.withDomain(0, end * 1.02);
  }

  function stopFollowing(): void {
    if (opts.isLive() && follow) {
      follow = false;
      playhead = null;
    }
  }

  function setPlayhead(t: number, highlight: boolean): void {
    const model = opts.getModel();
    const end = endT(model);
    playhead = Math.max(0, Math.min(t, end));
    if (highlight && model && !opts.isLive()) {
      const marks = model.linesAt(playhead);
      const out = new Map<number, { line: number; color: string }>();
      let sig = '';
      for (const [tid, m] of marks) {
        out.set(tid, { line: m.line, color: m.color });
        sig += `${tid}:${m.line};`;
      }
      // Dragging fires many moves per line change; tell the editor only when lines change.
      if (sig !== lastHighlight) {
        lastHighlight = sig;
        opts.onHighlightLines(out);
        announcer.textContent = describeMoment(model, playhead, speed(), labels);
      }
    }
    invalidate();
  }

  function ensureVisible(t: number): void {
    if (t < scale.t0 + scale.span * 0.1 || t > scale.t1 - scale.span * 0.1) {
      scale = scale.withDomain(t - scale.span / 2, t + scale.span / 2);
      clampView(opts.getModel());
    }
  }

  // ---- size ----
  // Moving the window to a screen with another pixel ratio fires no resize: watch the ratio itself.
  let dprQuery: MediaQueryList | null = null;
  const onDprChange = (): void => resize();
  function watchDpr(ratio: number): void {
    dprQuery?.removeEventListener('change', onDprChange);
    dprQuery = win.matchMedia?.(`(resolution: ${ratio}dppx)`) ?? null;
    dprQuery?.addEventListener('change', onDprChange);
  }

  function resize(): void {
    const rect = container.getBoundingClientRect();
    width = Math.max(0, Math.floor(rect.width));
    height = Math.max(0, Math.floor(rect.height));
    const nextDpr = win.devicePixelRatio || 1;
    if (nextDpr !== dpr || dprQuery === null) watchDpr(nextDpr);
    dpr = nextDpr;
    const headerWidth = headerWidthFor(width);
    if (headerWidth !== metrics.headerWidth) metrics = { ...DEFAULT_METRICS, headerWidth };
    const bw = Math.max(1, Math.round(width * dpr));
    const bh = Math.max(1, Math.round(height * dpr));
    scale = scale.withRange(metrics.headerWidth, Math.max(metrics.headerWidth + 1, width));
    clampScroll();
    if (bw !== canvas.width || bh !== canvas.height) {
      // Resizing the backing store clears it, and a ResizeObserver runs after this frame's
      // animation callbacks: draw right away, or the timeline blinks while a panel is dragged.
      canvas.width = bw;
      canvas.height = bh;
      if (!destroyed) render(performance.now());
      return;
    }
    invalidate();
  }
  const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(() => resize()) : null;
  ro?.observe(container);

  // ---- input ----
  const local = (e: MouseEvent): { x: number; y: number } => {
    const r = canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const hitCtx = (model: TraceModel) => ({
    model,
    layout,
    scale,
    scrollY,
    height,
    endT: endT(model),
  });

  function onWheel(e: WheelEvent): void {
    e.preventDefault();
    const { x } = local(e);
    const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? height : 1;
    const dx = e.deltaX * unit;
    const dy = e.deltaY * unit;
    if (e.shiftKey && !e.ctrlKey && !e.metaKey) {
      scrollY += dy || dx;
      clampScroll();
    } else if (Math.abs(dx) > Math.abs(dy) && !e.ctrlKey) {
      stopFollowing();
      scale = scale.panBy(-dx);
    } else {
      // Pinch arrives as ctrl+wheel with small deltas: a steeper curve keeps it proportional.
      const k = e.ctrlKey ? 0.01 : 0.002;
      stopFollowing();
      const at = x >= metrics.headerWidth ? scale.xToT(x) : scale.t0 + scale.span / 2;
      scale = scale.zoomAround(at, Math.exp(-dy * k));
    }
    clampView(opts.getModel());
    hideTooltip();
    invalidate();
  }

  type Drag =
    | { mode: 'pan'; x: number; y: number; scale: TimeScale; scrollY: number; moved: boolean }
    | { mode: 'pinch'; dist: number; mid: number; scale: TimeScale }
    | { mode: 'scrub' }
    | { mode: 'click'; x: number; y: number; hit: Hit | null };
  let drag: Drag | null = null;
  /** Touch points down on the canvas (two of them pinch-zoom). */
  const touches = new Map<number, { x: number; y: number }>();

  function pinchState(): { dist: number; mid: number } | null {
    const [a, b] = [...touches.values()];
    if (!a || !b) return null;
    return { dist: Math.max(1, Math.abs(a.x - b.x)), mid: (a.x + b.x) / 2 };
  }

  function onPointerDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    canvas.focus({ preventScroll: true });
    if (e.pointerType === 'touch') {
      touches.set(e.pointerId, local(e));
      const p = touches.size === 2 ? pinchState() : null;
      if (p) {
        // A second finger turns the one-finger pan into a pinch around the fingers' midpoint.
        stopFollowing();
        drag = { mode: 'pinch', dist: p.dist, mid: p.mid, scale };
        hideTooltip();
        return;
      }
    }
    const model = opts.getModel();
    if (!model) return;
    const { x, y } = local(e);
    const hit = hitTest(hitCtx(model), x, y);
    try {
      canvas.setPointerCapture(e.pointerId);
    } catch {
      // Synthetic pointers (tests, the fps bench) have no capturable id; dragging still works.
    }
    if (hit?.kind === 'axis') {
      stopFollowing();
      drag = { mode: 'scrub' };
      setPlayhead(hit.t, true);
    } else if (hit?.kind === 'header' || hit?.kind === 'print') {
      drag = { mode: 'click', x, y, hit };
    } else {
      drag = { mode: 'pan', x, y, scale, scrollY, moved: false };
    }
    hideTooltip();
  }

  function onPointerMove(e: PointerEvent): void {
    const { x, y } = local(e);
    const model = opts.getModel();
    if (touches.has(e.pointerId)) touches.set(e.pointerId, { x, y });
    if (drag?.mode === 'pinch') {
      const p = pinchState();
      if (!p) return;
      // Horizontal finger distance scales time; the midpoint's time stays under the midpoint,
      // and moving both fingers pans.
      const tMid = drag.scale.xToT(drag.mid);
      let next = drag.scale.zoomAround(tMid, p.dist / drag.dist);
      next = next.panBy(p.mid - drag.mid);
      scale = next;
      clampView(model);
      invalidate();
      return;
    }
    if (drag?.mode === 'pan') {
      const dx = x - drag.x;
      const dy = y - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < CLICK_SLOP_PX) return;
      if (!drag.moved) stopFollowing();
      drag.moved = true;
      scale = drag.scale.panBy(dx);
      scrollY = drag.scrollY - dy;
      clampScroll();
      clampView(model);
      canvas.style.cursor = 'grabbing';
      invalidate();
      return;
    }
    if (drag?.mode === 'scrub') {
      setPlayhead(scale.xToT(Math.max(metrics.headerWidth, x)), true);
      return;
    }
    if (drag) return;
    if (!model) return;
    updateHover(model, x, y);
  }

  function onPointerUp(e: PointerEvent): void {
    touches.delete(e.pointerId);
    const d = drag;
    drag = null;
    if (canvas.hasPointerCapture(e.pointerId)) canvas.releasePointerCapture(e.pointerId);
    canvas.style.cursor = 'default';
    const model = opts.getModel();
    if (!d || !model) return;
    if (d.mode === 'click') {
      const hit = d.hit;
      if (hit?.kind === 'print') {
        const p = model.prints;
        opts.onSelectPrint(p.seq.at(hit.index));
        if (!opts.isLive()) setPlayhead(p.t.at(hit.index), true);
      } else if (hit?.kind === 'header' && hit.row.collapsible) {
        if (collapsed.has(hit.row.key)) collapsed.delete(hit.row.key);
        else collapsed.add(hit.row.key);
        collapseVersion++;
        invalidate();
      }
    } else if (d.mode === 'pan' && !d.moved) {
      // A plain click in the plot moves the scrubber there (after the run).
      const { x } = local(e);
      if (!opts.isLive() && x >= metrics.headerWidth) setPlayhead(scale.xToT(x), true);
    }
  }

  function updateHover(model: TraceModel, x: number, y: number): void {
    const hit = hitTest(hitCtx(model), x, y);
    const key = hit && 'row' in hit && hit.row ? hit.row.key : null;
    if (key !== hoverKey) {
      hoverKey = key;
      invalidate();
    }
    canvas.style.cursor =
      hit?.kind === 'print' || hit?.kind === 'axis' || (hit?.kind === 'header' && hit.row.collapsible)
        ? 'pointer'
        : 'default';
    const info = opts.getRunInfo();
    const desc = hit
      ? describeHit(hit, model, speed(), info?.source ?? '', labels, endT(model), opts.isLive())
      : null;
    if (!desc) {
      hideTooltip();
      return;
    }
    // textContent only: printed text and names are user data, never HTML.
    tooltip.textContent = '';
    const title = doc.createElement('div');
    title.style.fontWeight = '600';
    if (desc.color) title.style.borderLeft = `3px solid ${desc.color}`;
    title.style.paddingLeft = desc.color ? '5px' : '0';
    title.textContent = desc.title;
    tooltip.append(title);
    for (const line of desc.lines) {
      const div = doc.createElement('div');
      div.textContent = line;
      tooltip.append(div);
    }
    tooltip.style.display = 'block';
    const tw = tooltip.offsetWidth;
    const tht = tooltip.offsetHeight;
    const left = x + 14 + tw > width ? Math.max(0, x - 14 - tw) : x + 14;
    const top = y + 14 + tht > height ? Math.max(0, y - 14 - tht) : y + 14;
    tooltip.style.left = `${left + canvas.offsetLeft}px`;
    tooltip.style.top = `${top + canvas.offsetTop}px`;
  }

  function hideTooltip(): void {
    tooltip.style.display = 'none';
  }

  function onPointerLeave(): void {
    hideTooltip();
    if (hoverKey !== null) {
      hoverKey = null;
      invalidate();
    }
  }

  function onKeyDown(e: KeyboardEvent): void {
    const model = opts.getModel();
    const center = playhead !== null && playhead >= scale.t0 && playhead <= scale.t1
      ? playhead
      : scale.t0 + scale.span / 2;
    let handled = true;
    switch (e.key) {
      case '+':
      case '=':
        stopFollowing();
        scale = scale.zoomAround(center, KEY_ZOOM);
        break;
      case '-':
      case '_':
        stopFollowing();
        scale = scale.zoomAround(center, 1 / KEY_ZOOM);
        break;
      case 'ArrowLeft':
      case 'ArrowRight': {
        const dir = e.key === 'ArrowLeft' ? -1 : 1;
        if (e.shiftKey && !opts.isLive()) {
          // Keyboard scrubbing: the playhead moves by a few pixels' worth of time.
          const from = playhead ?? scale.t0;
          const t = from + (dir * KEY_SCRUB_PX) / (scale.k || 1);
          ensureVisible(t);
          setPlayhead(t, true);
        } else {
          stopFollowing();
          scale = scale.panBy(-dir * scale.width * KEY_PAN_FRACTION);
        }
        break;
      }
      case 'ArrowUp':
        scrollY -= metrics.laneHeight * 2;
        clampScroll();
        break;
      case 'ArrowDown':
        scrollY += metrics.laneHeight * 2;
        clampScroll();
        break;
      case 'Home':
        stopFollowing();
        scale = scale.withDomain(0, scale.span);
        if (!opts.isLive()) setPlayhead(0, true);
        break;
      case 'End':
        if (opts.isLive()) {
          // Back to following the live edge at the current zoom.
          follow = true;
          followSpan = scale.span;
        } else {
          const end = endT(model);
          scale = scale.withDomain(end - scale.span * 0.95, end + scale.span * 0.05);
          setPlayhead(end, true);
        }
        break;
      case '0':
        stopFollowing();
        fitAll(model);
        break;
      default:
        handled = false;
    }
    if (!handled) return;
    e.preventDefault();
    clampView(model);
    invalidate();
  }

  canvas.addEventListener('wheel', onWheel, { passive: false });
  canvas.addEventListener('pointerdown', onPointerDown);
  canvas.addEventListener('pointermove', onPointerMove);
  canvas.addEventListener('pointerup', onPointerUp);
  canvas.addEventListener('pointercancel', onPointerUp);
  canvas.addEventListener('pointerleave', onPointerLeave);
  canvas.addEventListener('keydown', onKeyDown);
  const unsubscribe = opts.subscribe(() => invalidate());

  resize();

  const handle: TimelineHandle = {
    canvas,
    jumpTo(t: number): void {
      if (opts.isLive()) {
        follow = false;
      }
      ensureVisible(t);
      setPlayhead(t, true);
    },
    setTheme(choice: ThemeChoice): void {
      themeChoice = choice;
      theme = pickTheme(choice);
      styleTooltip();
      invalidate();
    },
    resize,
    destroy(): void {
      destroyed = true;
      if (rafId !== null) win.cancelAnimationFrame(rafId);
      rafId = null;
      unsubscribe();
      ro?.disconnect();
      darkQuery?.removeEventListener('change', onSchemeChange);
      dprQuery?.removeEventListener('change', onDprChange);
      canvas.removeEventListener('wheel', onWheel);
      canvas.removeEventListener('pointerdown', onPointerDown);
      canvas.removeEventListener('pointermove', onPointerMove);
      canvas.removeEventListener('pointerup', onPointerUp);
      canvas.removeEventListener('pointercancel', onPointerUp);
      canvas.removeEventListener('pointerleave', onPointerLeave);
      canvas.removeEventListener('keydown', onKeyDown);
      canvas.remove();
      tooltip.remove();
      announcer.remove();
    },
    frameStats(): FrameStats {
      const n = Math.min(totalFrames, FRAME_RING);
      const lastSlot = (totalFrames - 1 + FRAME_RING) % FRAME_RING;
      const lastAt = frameAt[lastSlot] ?? 0;
      // Only frames of the current burst count: an idle view draws nothing, by design.
      let count = 0;
      let sum = 0;
      let max = 0;
      let firstAt = lastAt;
      for (let k = 0; k < n; k++) {
        const slot = (lastSlot - k + FRAME_RING) % FRAME_RING;
        const at = frameAt[slot] ?? 0;
        if (lastAt - at > 2000) break;
        const ms = frameMs[slot] ?? 0;
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
        totalFrames,
        last: renderer.stats,
      };
    },
    getView: () => ({ t0: scale.t0, t1: scale.t1 }),
    setView(t0: number, t1: number): void {
      stopFollowing();
      scale = scale.withDomain(t0, t1);
      invalidate();
    },
    fit(): void {
      stopFollowing();
      fitAll(opts.getModel());
      invalidate();
    },
    getPlayhead: () => playhead,
    setLabels(next: Record<string, string>): void {
      labels = resolveLabels(next);
      canvas.setAttribute('aria-label', labels.ariaLabel);
      invalidate();
    },
    invalidate,
  };
  return handle;
}
