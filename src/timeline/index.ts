/**
 * The timeline's public face: outside `src/timeline/`, code imports the timeline from here only
 * (`.dependency-cruiser.mjs` enforces it), so everything else in the folder can change freely.
 *
 * What the page needs at once is exported directly and is small: the trace's owner
 * (`TraceFeed`) with its model, and the lane colours the console shares. The view (renderer,
 * layout, input), the Chrome-trace exporter and the fps benchmark are lazy chunks, loaded with
 * the functions below; what their users need of their types is exported as types (no code).
 */
export { TraceFeed } from './feed';
export { TraceModel, colorForId } from './model';
export type { TimelineHandle } from './timeline';
export type { LabelKey as TimelineLabelKey } from './theme';
export type { FpsBenchOptions } from './bench-harness';

/** The view: `mountTimeline` (a lazy chunk, after the first paint). */
export function loadTimelineView(): Promise<typeof import('./timeline')> {
  return import('./timeline');
}

/** The Chrome-trace exporter, `toChromeTrace` (a lazy chunk). */
export function loadChromeTrace(): Promise<typeof import('./chrome-trace')> {
  return import('./chrome-trace');
}

/** The fps benchmark harness (bench/timeline-fps.md), only on the `?bench-timeline` page. */
export function loadFpsBench(): Promise<typeof import('./bench-harness')> {
  return import('./bench-harness');
}
