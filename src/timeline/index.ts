/**
 * The timeline's public API. Framework-free: a React wrapper mounts it once with
 * `mountTimeline` and feeds it through callbacks; the app exports traces with `toChromeTrace`.
 */
export { mountTimeline } from './timeline';
export type { FrameStats, ThemeChoice, TimelineHandle, TimelineOptions } from './timeline';
export { TraceModel, STATES, LANE_PALETTE, colorForId } from './model';
export type { CounterSummary, Lane, LaneKind, LineMark, ObjectRow, RowStyle } from './model';
export { TimeScale, formatDuration, formatTick, niceStep } from './scale';
export type { Tick } from './scale';
export { computeLayout, DEFAULT_METRICS, layoutInputFrom, OBJECTS_SECTION_KEY } from './layout';
export type { Layout, LayoutMetrics, LayoutRow } from './layout';
export { TimelineRenderer } from './renderer';
export type { DrawStats, Frame } from './renderer';
export { toChromeTrace } from './chrome-trace';
export type { ChromeTrace, ChromeTraceEvent } from './chrome-trace';
export { DARK_THEME, DEFAULT_LABELS, LIGHT_THEME } from './theme';
export type { LabelKey, Labels, Theme } from './theme';
export { TraceFeed } from './feed';
