/**
 * The one place that knows the timeline's mount API (`src/timeline/timeline.ts`). The timeline
 * is a lazy chunk; it reads the store through `subscribe`/`getState`, never through React.
 */
import type { AppStore } from '../state/store';
// The model is small and already in the main chunk (the console uses its lane colours); only
// the renderer is worth a lazy chunk.
import { TraceModel } from '../timeline/model';
import type { LineHighlights } from '../editor/types';

export interface TimelineHandle {
  jumpTo(t: number): void;
  setTheme(theme: 'light' | 'dark'): void;
  resize(): void;
  destroy(): void;
}

export interface TimelineCallbacks {
  onHighlightLines(lines: LineHighlights): void;
  onSelectPrint(seq: number): void;
  labels?: Record<string, string>;
}

export async function mountTimelinePane(
  container: HTMLElement,
  store: AppStore,
  cb: TimelineCallbacks,
): Promise<TimelineHandle> {
  const { mountTimeline } = await import('../timeline/timeline');
  store.getState().setModelFactory(() => new TraceModel());
  const handle = mountTimeline(container, {
    getModel: () => store.getState().model as TraceModel | null,
    getRunInfo: () => store.getState().runInfo,
    subscribe: (listener: () => void) =>
      store.subscribe((s, prev) => {
        if (s.traceVersion !== prev.traceVersion || s.runState !== prev.runState) listener();
      }),
    isLive: () => store.getState().runState === 'running',
    onHighlightLines: (lines: LineHighlights) => cb.onHighlightLines(lines),
    onSelectPrint: (seq: number) => cb.onSelectPrint(seq),
    labels: cb.labels,
  } as Parameters<typeof mountTimeline>[1]);
  handle.setTheme(store.getState().theme);
  return handle as TimelineHandle;
}
