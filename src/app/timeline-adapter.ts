/**
 * The one place that knows the timeline's mount API (`src/timeline/index.ts`). The view is a
 * lazy chunk; it reads the run's trace from the store's `TraceFeed` and the run state from the
 * store, through subscriptions, never through React.
 */
import type { LineHighlights } from '../editor/types';
import type { AppStore } from '../state/store';
import { loadTimelineView, type TimelineHandle } from '../timeline';

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
  const { mountTimeline } = await loadTimelineView();
  const feed = store.getState().trace;
  const handle = mountTimeline(container, {
    ...feed.timelineSource(),
    isLive: () => store.getState().runState === 'running',
    // New events, a new run (a new model) or a compaction come from the feed; the run ending
    // (`isLive` turning false) from the store.
    subscribe: (listener) => {
      const offTrace = feed.subscribe(listener);
      const offRun = store.subscribe((s, prev) => {
        if (s.runState !== prev.runState) listener();
      });
      return () => {
        offTrace();
        offRun();
      };
    },
    onHighlightLines: (lines) => cb.onHighlightLines(lines),
    onSelectPrint: (seq) => cb.onSelectPrint(seq),
    labels: cb.labels,
  });
  handle.setTheme(store.getState().theme);
  return handle;
}
