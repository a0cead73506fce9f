/**
 * The timeline view: mounts a canvas (plus a DOM tooltip) into a container and keeps it in sync
 * with a `TraceModel`. Framework-free: a React wrapper only mounts it once and passes callbacks;
 * new trace data arrives through `subscribe`, and drawing happens in `requestAnimationFrame`,
 * only when something changed (never per React render).
 *
 * This file is the mount only: it owns the DOM, the size, the theme and the clean-ups (one
 * `Disposer`), and wires the parts together —
 * - `view-state.ts`: the time window, scroll, follow mode and playhead (pure, unit-tested);
 * - `interactions.ts`: wheel, pointer and key handlers that change the view state;
 * - `frame-loop.ts`: when to draw, and the frame times behind `frameStats()`;
 * - `lanes.ts` (`LayoutCache`), `renderer.ts`, `hit.ts`, `overlay.ts`: rows, pixels, hit
 *   testing and the tooltip.
 */
import type { RunInfo } from '../protocol/trace';
import { Disposer } from './disposer';
import type { FrameStats } from './frame-loop';
import { FrameLoop, FrameTimes } from './frame-loop';
import type { Hit } from './hit';
import { describeHit, describeMoment, describeRow, hitTest } from './hit';
import type { InputHost } from './interactions';
import { bindInput, cursorFor } from './interactions';
import type { LayoutMetrics, LayoutRow } from './lanes';
import { DEFAULT_METRICS, headerWidthFor, LayoutCache } from './lanes';
import type { TraceModel } from './model';
import { createAnnouncer, createCanvas, Tooltip } from './overlay';
import { TimelineRenderer } from './renderer';
import { formatDuration, TimeScale } from './scale';
import type { Labels, Theme, ThemeChoice } from './theme';
import { fmt, resolveLabels, themeFor } from './theme';
import type { RunNow } from './view-state';
import { VIRTUAL_MIN_PROGRAM_S, ViewState } from './view-state';

export type { FrameStats } from './frame-loop';
export type { ThemeChoice } from './theme';

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

/**
 * Mounts the timeline into `container` (which should have a size; the view fills it and follows
 * its resizes). Call once; feed it through `opts`; `destroy()` on unmount. The app's mount is
 * `src/app/timeline-adapter.ts`, fed by a `TraceFeed` (`feed.timelineSource()`).
 */
export function mountTimeline(container: HTMLElement, opts: TimelineOptions): TimelineHandle {
  return new MountedTimeline(container, opts).handle();
}

class MountedTimeline {
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly win: Window;
  private readonly tooltip: Tooltip;
  private readonly announcer: HTMLElement;
  private readonly disposer = new Disposer();
  private readonly renderer = new TimelineRenderer();
  private readonly rows = new LayoutCache();
  private readonly loop: FrameLoop;
  private readonly times = new FrameTimes();
  private readonly clock: () => number;
  private readonly view = new ViewState(
    new TimeScale(0, 2e6, DEFAULT_METRICS.headerWidth, DEFAULT_METRICS.headerWidth + 1),
  );
  private labels: Labels;
  private themeChoice: ThemeChoice;
  private theme: Theme;
  private width = 0;
  private height = 0;
  private dpr = 1;
  /** Base metrics for the current width (a narrower name column on a phone); the layout may
   * compact rows further to fit the height (`LayoutCache.update`). */
  private metrics: LayoutMetrics = DEFAULT_METRICS;
  private unwatchDpr: (() => void) | null = null;
  private lastModel: TraceModel | null = null;
  private wasLive = false;
  private hoverKey: string | null = null;
  /** The row under the keyboard's lane cursor, shown while the canvas has the focus. */
  private cursorKey: string | null = null;
  private focused = false;
  /** The lines last sent to the editor, so a drag tells it only when they change. */
  private lastHighlight = '';

  constructor(
    private readonly container: HTMLElement,
    private readonly opts: TimelineOptions,
  ) {
    const doc = container.ownerDocument;
    this.win = doc.defaultView ?? window;
    this.clock = opts.now ?? (() => performance.now());
    this.labels = resolveLabels(opts.labels);
    this.themeChoice = opts.theme ?? 'auto';
    this.theme = themeFor(this.themeChoice);
    this.canvas = createCanvas(doc, this.labels.ariaLabel);
    this.tooltip = new Tooltip(doc);
    this.tooltip.setTheme(this.theme);
    this.announcer = createAnnouncer(doc);
    if (this.win.getComputedStyle(container).position === 'static') container.style.position = 'relative';
    container.append(this.canvas, this.tooltip.el, this.announcer);
    const d = this.disposer;
    d.defer(() => [this.canvas, this.tooltip.el, this.announcer].forEach((el) => el.remove()));
    const ctx = this.canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('timeline: canvas 2D context unavailable');
    this.ctx = ctx;
    this.loop = new FrameLoop(this.win, () => opts.isLive() && opts.getModel() !== null, (ts) => this.draw(ts));
    this.watchSize();
    bindInput(this.inputHost(), d);
    const setFocused = (focused: boolean): void => {
      this.focused = focused;
      this.loop.invalidate();
    };
    d.listen(this.canvas, 'focus', () => setFocused(true));
    d.listen(this.canvas, 'blur', () => setFocused(false));
    d.defer(opts.subscribe(() => this.loop.invalidate()));
    this.resize();
  }

  /** The handle the app holds: plain functions, safe to pass around unbound. */
  handle(): TimelineHandle {
    const view = this.view;
    const invalidate = (): void => this.loop.invalidate();
    return {
      canvas: this.canvas,
      jumpTo: (t) => {
        const run = this.runNow();
        view.leaveLiveEdge(run);
        view.ensureVisible(t, run);
        this.scrub(t);
      },
      setTheme: (choice) => this.setTheme(choice),
      resize: () => this.resize(),
      destroy: () => {
        this.loop.stop();
        this.disposer.dispose();
      },
      frameStats: () => this.times.stats(this.renderer.stats),
      getView: () => ({ t0: view.scale.t0, t1: view.scale.t1 }),
      setView: (t0, t1) => {
        view.stopFollowing(this.runNow());
        view.show(t0, t1);
        invalidate();
      },
      fit: () => {
        const run = this.runNow();
        view.stopFollowing(run);
        view.fitAll(run);
        invalidate();
      },
      getPlayhead: () => view.playhead,
      setLabels: (next) => {
        this.labels = resolveLabels(next);
        this.canvas.setAttribute('aria-label', this.labels.ariaLabel);
        invalidate();
      },
      invalidate,
    };
  }

  /** What the input handlers may use. */
  private inputHost(): InputHost {
    return {
      view: this.view,
      canvas: this.canvas,
      metrics: () => this.metrics,
      height: () => this.height,
      run: () => this.runNow(),
      model: () => this.opts.getModel(),
      hitAt: (model, x, y) => this.hitAt(model, x, y),
      scrub: (t) => this.scrub(t),
      hover: (model, x, y) => this.hover(model, x, y),
      unhover: () => {
        this.tooltip.hide();
        this.setHoverKey(null);
      },
      hideTooltip: () => this.tooltip.hide(),
      toggleRow: (key) => {
        this.rows.toggle(key);
        this.loop.invalidate();
      },
      selectPrint: (seq) => this.opts.onSelectPrint(seq),
      moveLaneCursor: (dir) => this.moveLaneCursor(dir),
      toggleLaneCursor: () => this.toggleLaneCursor(),
      announceView: () => {
        const { scale } = this.view;
        const speed = this.runNow().speed;
        const at = (t: number): string => formatDuration((Math.max(0, t) * speed) / 1e6);
        this.announcer.textContent = fmt(this.labels.shown, `${at(scale.t0)} – ${at(scale.t1)}`);
      },
      invalidate: () => this.loop.invalidate(),
    };
  }

  /**
   * Moves the lane cursor one row up or down (from none: to the first or last row), scrolls the
   * row into view and says what it is doing at the playhead (the run's end before any scrub).
   */
  private moveLaneCursor(dir: -1 | 1): void {
    const model = this.opts.getModel();
    const rows = this.rows.layout.rows;
    if (!model || rows.length === 0) return;
    const at = rows.findIndex((r) => r.key === this.cursorKey);
    const next = at < 0 ? (dir > 0 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, at + dir));
    const row = rows[next];
    if (!row) return;
    this.cursorKey = row.key;
    const m = this.rows.layout.metrics;
    const visible = this.height - m.axisHeight - m.legendHeight;
    const { view } = this;
    if (row.y - m.gap < view.scrollY) view.scrollTo(row.y - m.gap);
    else if (row.y + row.h + m.gap > view.scrollY + visible) view.scrollTo(row.y + row.h + m.gap - visible);
    this.announceRow(model, row);
  }

  /** Folds or unfolds the tasks of the lane under the cursor, and says so. */
  private toggleLaneCursor(): void {
    const model = this.opts.getModel();
    const row = this.rows.layout.rows.find((r) => r.key === this.cursorKey);
    if (!model || !row?.collapsible) return;
    this.rows.toggle(row.key);
    this.rows.update(model, this.metrics, this.width, this.height);
    this.updateViewport();
    const now = this.rows.layout.rows.find((r) => r.key === row.key);
    if (now) this.announceRow(model, now);
  }

  private announceRow(model: TraceModel, row: LayoutRow): void {
    const run = this.runNow(model);
    const t = this.view.playhead ?? run.end;
    const source = this.opts.getRunInfo()?.source ?? '';
    this.announcer.textContent = describeRow(row, model, t, run.speed, source, this.labels, run.end, run.live);
  }

  /** The run as the view sees it now; open spans end at the run's end, or the latest event. */
  private runNow(model = this.opts.getModel()): RunNow {
    const info = this.opts.getRunInfo();
    const live = this.opts.isLive();
    let end = Math.max(model?.endT ?? 0, info?.endedAt ?? 0);
    if (model && info && info.endedAt === null && live && info.virtual !== true) {
      // Between events the run still goes on: extend open spans to the wall clock.
      end = Math.max(end, (this.clock() - info.startedAt) * 1000);
    }
    const speed = info?.speed ?? 1;
    const now: RunNow = { end, speed: speed > 0 ? speed : 1, live };
    if (info?.virtual === true) now.minLiveS = VIRTUAL_MIN_PROGRAM_S;
    return now;
  }

  /** Notices a new run, a run starting and a run ending, and moves the view accordingly. */
  private syncRun(): TraceModel | null {
    const model = this.opts.getModel();
    const live = this.opts.isLive();
    if (model !== this.lastModel) {
      this.lastModel = model;
      this.rows.reset();
      this.view.newRun();
      this.lastHighlight = '';
      this.cursorKey = null;
      this.tooltip.hide();
    }
    if (!this.wasLive && live) this.view.runStarted();
    if (this.wasLive && !live && model) this.view.runEnded(this.runNow(model));
    this.wasLive = live;
    return model;
  }

  /** One frame, from the loop (or right away after a resize cleared the canvas). */
  private draw(ts: number): void {
    const model = this.syncRun();
    const run = this.runNow(model);
    if (this.rows.update(model, this.metrics, this.width, this.height)) this.updateViewport();
    if (model && run.live && this.view.follow) this.view.followLive(run);
    const began = performance.now();
    if (this.width > 0 && this.height > 0) this.paint(model, run);
    this.times.record(ts, performance.now() - began);
  }

  private paint(model: TraceModel | null, run: RunNow): void {
    const { ctx, view } = this;
    if (!model) {
      ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
      ctx.fillStyle = this.theme.background;
      ctx.fillRect(0, 0, this.width, this.height);
      return;
    }
    this.renderer.draw(ctx, {
      model,
      layout: this.rows.layout,
      scale: view.scale,
      width: this.width,
      height: this.height,
      dpr: this.dpr,
      scrollY: view.scrollY,
      playhead: view.drawnPlayhead(run),
      live: run.live,
      speed: run.speed,
      endT: run.end,
      theme: this.theme,
      labels: this.labels,
      hoverKey: this.hoverKey,
      focusKey: this.focused ? this.cursorKey : null,
    });
  }

  /** Moves the playhead; after the run, tells the editor (and screen readers) where each thread was. */
  private scrub(t: number): void {
    const model = this.opts.getModel();
    const run = this.runNow(model);
    const at = this.view.movePlayhead(t, run);
    if (model && !run.live) this.highlightLines(model, at, run.speed);
    this.loop.invalidate();
  }

  private highlightLines(model: TraceModel, t: number, speed: number): void {
    const out = new Map<number, { line: number; color: string }>();
    let sig = '';
    for (const [tid, m] of model.linesAt(t)) {
      out.set(tid, { line: m.line, color: m.color });
      sig += `${tid}:${m.line};`;
    }
    // Dragging fires many moves per line change; tell the editor only when lines change.
    if (sig === this.lastHighlight) return;
    this.lastHighlight = sig;
    this.opts.onHighlightLines(out);
    this.announcer.textContent = describeMoment(model, t, speed, this.labels);
  }

  private hitAt(model: TraceModel, x: number, y: number): Hit | null {
    const { view } = this;
    const ctx = { model, layout: this.rows.layout, scale: view.scale, scrollY: view.scrollY, height: this.height };
    return hitTest({ ...ctx, endT: this.runNow(model).end }, x, y);
  }

  private hover(model: TraceModel, x: number, y: number): void {
    const hit = this.hitAt(model, x, y);
    this.setHoverKey(hit && 'row' in hit && hit.row ? hit.row.key : null);
    this.canvas.style.cursor = cursorFor(hit);
    const run = this.runNow(model);
    const source = this.opts.getRunInfo()?.source ?? '';
    const desc = hit ? describeHit(hit, model, run.speed, source, this.labels, run.end, run.live) : null;
    if (desc) this.tooltip.show(desc, x, y, this.canvas, this.width, this.height);
    else this.tooltip.hide();
  }

  private setHoverKey(key: string | null): void {
    if (key === this.hoverKey) return;
    this.hoverKey = key;
    this.loop.invalidate();
  }

  private setTheme(choice: ThemeChoice): void {
    this.themeChoice = choice;
    this.theme = themeFor(choice);
    this.tooltip.setTheme(this.theme);
    this.loop.invalidate();
  }

  // ---- size ----

  /** Follows the container's size, the OS colour scheme and the device pixel ratio. */
  private watchSize(): void {
    const d = this.disposer;
    if (typeof ResizeObserver === 'function') {
      const ro = new ResizeObserver(() => this.resize());
      ro.observe(this.container);
      d.defer(() => ro.disconnect());
    }
    const dark = this.win.matchMedia?.('(prefers-color-scheme: dark)') ?? null;
    if (dark) {
      d.listen(dark, 'change', () => {
        if (this.themeChoice === 'auto') this.setTheme('auto');
      });
    }
    d.defer(() => this.unwatchDpr?.());
  }

  /** Moving the window to a screen with another pixel ratio fires no resize: watch the ratio. */
  private watchDpr(ratio: number): void {
    this.unwatchDpr?.();
    const query = this.win.matchMedia?.(`(resolution: ${ratio}dppx)`) ?? null;
    const onChange = (): void => this.resize();
    query?.addEventListener('change', onChange);
    this.unwatchDpr = () => query?.removeEventListener('change', onChange);
  }

  private resize(): void {
    const rect = this.container.getBoundingClientRect();
    this.width = Math.max(0, Math.floor(rect.width));
    this.height = Math.max(0, Math.floor(rect.height));
    const dpr = this.win.devicePixelRatio || 1;
    if (dpr !== this.dpr || this.unwatchDpr === null) this.watchDpr(dpr);
    this.dpr = dpr;
    const headerWidth = headerWidthFor(this.width);
    if (headerWidth !== this.metrics.headerWidth) this.metrics = { ...DEFAULT_METRICS, headerWidth };
    this.view.setPlotRange(this.metrics.headerWidth, this.width);
    this.updateViewport();
    const bw = Math.max(1, Math.round(this.width * dpr));
    const bh = Math.max(1, Math.round(this.height * dpr));
    if (bw === this.canvas.width && bh === this.canvas.height) {
      this.loop.invalidate();
      return;
    }
    // Resizing the backing store clears it, and a ResizeObserver runs after this frame's
    // animation callbacks: draw right away, or the timeline blinks while a panel is dragged.
    this.canvas.width = bw;
    this.canvas.height = bh;
    this.loop.drawNow(performance.now());
  }

  /** The rows' height and the height they are shown in, for the vertical scroll. */
  private updateViewport(): void {
    const m = this.metrics;
    this.view.setViewport(this.rows.layout.contentHeight, this.height - m.axisHeight - m.legendHeight);
  }
}
