/**
 * In-browser fps benchmark of the timeline (docs/quality-bars.md: 100,000 events keep pan/zoom at
 * ≥ 50 fps). A bench page calls `runTimelineFpsBench(container)`; it builds a synthetic model,
 * mounts the real view, drives it with real wheel and pointer events, one per animation frame,
 * and reports frame rates measured from `requestAnimationFrame` timestamps. See
 * bench/timeline-fps.md.
 */
import type { RunInfo } from '../protocol/trace';
import { TraceModel } from './model';
import { bigScenario } from './synthetic';
import type { FrameStats } from './timeline';
import { mountTimeline } from './timeline';

export interface FpsBenchOptions {
  /** Synthetic events to generate (default 100,000). */
  events?: number;
  /** Animation frames to drive (default 300: 100 zooming in, 100 panning, 100 zooming out). */
  frames?: number;
  /** Threads in the synthetic run (default 8). */
  threads?: number;
  theme?: 'light' | 'dark';
  /**
   * Also measure a live phase first: the events are appended in per-frame batches while the view
   * follows the playhead (default false).
   */
  live?: boolean;
}

export interface FpsBenchResult {
  events: number;
  lanes: number;
  spans: number;
  /** Model fold time for all events, ms. */
  foldMs: number;
  frames: number;
  /** Frames per second over the pan/zoom phase, from rAF timestamps. */
  fps: number;
  /** 95th percentile of frame intervals, ms. */
  p95FrameMs: number;
  worstFrameMs: number;
  /** Renderer time per frame (inside the view), ms. */
  avgDrawMs: number;
  maxDrawMs: number;
  /** The live phase, when requested. */
  live?: { fps: number; p95FrameMs: number; frames: number };
  view: FrameStats;
}

function nextFrame(): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame(resolve));
}

function intervals(stamps: number[]): { fps: number; p95: number; worst: number } {
  const d: number[] = [];
  for (let i = 1; i < stamps.length; i++) d.push((stamps[i] ?? 0) - (stamps[i - 1] ?? 0));
  if (d.length === 0) return { fps: 0, p95: 0, worst: 0 };
  const total = d.reduce((a, b) => a + b, 0);
  const sorted = [...d].sort((a, b) => a - b);
  return {
    fps: (d.length * 1000) / total,
    p95: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0,
    worst: sorted[sorted.length - 1] ?? 0,
  };
}

/**
 * Runs the benchmark in `container` (give it a real size, e.g. 1400×700 CSS px) and resolves
 * with the numbers. The container is left empty afterwards.
 */
export async function runTimelineFpsBench(
  container: HTMLElement,
  options: FpsBenchOptions = {},
): Promise<FpsBenchResult> {
  const n = options.events ?? 100_000;
  const frames = options.frames ?? 300;
  const { events, info: finalInfo } = bigScenario(n, options.threads ?? 8);

  let model: TraceModel | null = null;
  let info: RunInfo = finalInfo;
  let live = false;
  const listeners = new Set<() => void>();
  const notify = (): void => {
    for (const cb of listeners) cb();
  };
  const handle = mountTimeline(container, {
    getModel: () => model,
    getRunInfo: () => info,
    subscribe: (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    isLive: () => live,
    onHighlightLines: () => {},
    onSelectPrint: () => {},
    theme: options.theme ?? 'light',
  });

  let liveResult: FpsBenchResult['live'];
  if (options.live) {
    model = new TraceModel();
    live = true;
    // The view's live clock runs from `startedAt` (page clock), as in a real run.
    info = { ...finalInfo, endedAt: null, startedAt: performance.now() };
    const batch = Math.ceil(events.length / 120);
    const stamps: number[] = [];
    for (let i = 0; i < events.length; i += batch) {
      model.append(events.slice(i, i + batch));
      notify();
      stamps.push(await nextFrame());
    }
    const iv = intervals(stamps);
    liveResult = { fps: iv.fps, p95FrameMs: iv.p95, frames: stamps.length };
    live = false;
    info = finalInfo;
    notify();
  }

  const t0 = performance.now();
  const full = TraceModel.from(events);
  const foldMs = performance.now() - t0;
  model = full;
  info = finalInfo;
  notify();
  handle.fit();
  await nextFrame();
  await nextFrame();

  const canvas = handle.canvas;
  const rect = canvas.getBoundingClientRect();
  const cx = rect.left + 150 + (rect.width - 150) * 0.4;
  const cy = rect.top + rect.height / 2;
  const third = Math.max(1, Math.floor(frames / 3));
  const stamps: number[] = [];
  canvas.dispatchEvent(new PointerEvent('pointerdown', { clientX: cx, clientY: cy, button: 0, pointerId: 1, bubbles: true }));
  for (let f = 0; f < frames; f++) {
    if (f < third) {
      canvas.dispatchEvent(new WheelEvent('wheel', { clientX: cx, clientY: cy, deltaY: -8, ctrlKey: true, bubbles: true, cancelable: true }));
    } else if (f < 2 * third) {
      // A drag: pointer moves keep the button down, so the view pans with it.
      const dx = ((f - third) % 40) * -8;
      canvas.dispatchEvent(new PointerEvent('pointermove', { clientX: cx + dx, clientY: cy, pointerId: 1, bubbles: true }));
    } else {
      canvas.dispatchEvent(new WheelEvent('wheel', { clientX: cx, clientY: cy, deltaY: 8, ctrlKey: true, bubbles: true, cancelable: true }));
    }
    if (f === 2 * third) {
      canvas.dispatchEvent(new PointerEvent('pointerup', { clientX: cx, clientY: cy, pointerId: 1, bubbles: true }));
    }
    stamps.push(await nextFrame());
  }
  await nextFrame();
  const view = handle.frameStats();
  const iv = intervals(stamps);
  const spans = full.lanes.reduce((s, l) => s + l.spans.length, 0);
  handle.destroy();
  const result: FpsBenchResult = {
    events: events.length,
    lanes: full.lanes.length,
    spans,
    foldMs,
    frames: stamps.length,
    fps: iv.fps,
    p95FrameMs: iv.p95,
    worstFrameMs: iv.worst,
    avgDrawMs: view.avgDrawMs,
    maxDrawMs: view.maxDrawMs,
    view,
  };
  if (liveResult) result.live = liveResult;
  return result;
}
