/**
 * Colours and UI strings of the timeline. State colours are chosen so that the two states a
 * learner most needs to tell apart (running vs blocked) differ in hue and in lightness, which
 * also keeps them apart for the common colour-vision deficiencies.
 */
import type { LaneState } from '../protocol/trace';

export interface Theme {
  name: 'light' | 'dark';
  background: string;
  /** Alternate row tint, so long lanes stay easy to follow horizontally. */
  rowAlt: string;
  headerBackground: string;
  axisBackground: string;
  border: string;
  text: string;
  mutedText: string;
  grid: string;
  playhead: string;
  /** The keyboard's lane cursor (the page's focus colour). */
  focus: string;
  /** A run of sub-pixel holder changes (the lock is handed over faster than a pixel). */
  contended: string;
  stepFill: string;
  stepLine: string;
  stdoutMarker: string;
  stderrMarker: string;
  /** Warnings' markers and the arrows joining a data race's two accesses. */
  warningMarker: string;
  states: Record<LaneState, string>;
  /** Text drawn on top of a state colour (blocked labels). */
  onState: string;
  font: string;
  smallFont: string;
}

export const LIGHT_THEME: Theme = {
  name: 'light',
  background: '#ffffff',
  rowAlt: '#f6f7f9',
  headerBackground: '#f1f3f5',
  axisBackground: '#f8f9fa',
  border: '#d0d5dc',
  text: '#1f2328',
  mutedText: '#656d76',
  grid: 'rgba(31,35,40,0.08)',
  playhead: '#d6336c',
  focus: '#2563eb',
  contended: '#868e96',
  stepFill: 'rgba(76,110,245,0.18)',
  stepLine: '#4c6ef5',
  stdoutMarker: '#495057',
  stderrMarker: '#e03131',
  warningMarker: '#e8590c',
  states: {
    running: '#2f9e44',
    ready: '#fcc419',
    blocked: '#e8590c',
    sleeping: '#74c0fc',
    done: '#adb5bd',
    crashed: '#c92a2a',
  },
  onState: '#ffffff',
  font: '12px system-ui, -apple-system, "Segoe UI", sans-serif',
  smallFont: '10px system-ui, -apple-system, "Segoe UI", sans-serif',
};

export const DARK_THEME: Theme = {
  name: 'dark',
  background: '#16181d',
  rowAlt: '#1c1f25',
  headerBackground: '#1f2229',
  axisBackground: '#1b1e24',
  border: '#343a40',
  text: '#e6e8eb',
  mutedText: '#9aa1a9',
  grid: 'rgba(230,232,235,0.08)',
  playhead: '#f06595',
  focus: '#4f8cff',
  contended: '#adb5bd',
  stepFill: 'rgba(116,143,252,0.25)',
  stepLine: '#748ffc',
  stdoutMarker: '#ced4da',
  stderrMarker: '#ff6b6b',
  warningMarker: '#ffa94d',
  states: {
    running: '#40c057',
    ready: '#fab005',
    blocked: '#fd7e14',
    sleeping: '#1c7ed6',
    done: '#495057',
    crashed: '#fa5252',
  },
  onState: '#111111',
  font: LIGHT_THEME.font,
  smallFont: LIGHT_THEME.smallFont,
};

/** The theme the OS asks for, or light where `matchMedia` does not exist (tests, workers). */
export function preferredTheme(): Theme {
  const mm = typeof globalThis.matchMedia === 'function' ? globalThis.matchMedia : null;
  return mm?.('(prefers-color-scheme: dark)').matches ? DARK_THEME : LIGHT_THEME;
}

/** 'auto' follows `prefers-color-scheme`. */
export type ThemeChoice = 'light' | 'dark' | 'auto';

export function themeFor(choice: ThemeChoice): Theme {
  return choice === 'dark' ? DARK_THEME : choice === 'light' ? LIGHT_THEME : preferredTheme();
}

/** UI strings, overridable for i18n through `TimelineOptions.labels`. `{n}` is substituted. */
export const DEFAULT_LABELS = {
  running: 'running',
  ready: 'ready',
  blocked: 'blocked',
  sleeping: 'sleeping',
  done: 'done',
  crashed: 'crashed',
  objects: 'Objects',
  summarized: '{n} events summarized',
  dropped: '{n} dropped',
  arrowsHidden: 'zoom in to see wake arrows',
  live: 'live',
  free: 'free',
  held: 'held by {n}',
  value: 'value {n}',
  set: 'set',
  clear: 'clear',
  line: 'line {n}',
  timeout: 'timeout {n}',
  duration: '{n}',
  on: 'on {n}',
  latency: 'woken after {n}',
  counted: '{n} counted',
  shown: 'showing {n}',
  folded: '{n} tasks folded, Enter unfolds them',
  unfolded: 'tasks unfolded, Enter folds them',
  ariaLabel:
    'Timeline of threads and tasks. Left and right arrows pan, plus and minus zoom, 0 shows the whole run, Home and End jump to the start and the end; up and down arrows go from lane to lane, Enter folds or unfolds a lane’s tasks, Page Up and Page Down scroll.',
} satisfies Record<string, string>;

export type LabelKey = keyof typeof DEFAULT_LABELS;
export type Labels = Record<LabelKey, string>;

/** Defaults overlaid with whatever the app passes (unknown keys are ignored). */
export function resolveLabels(overrides?: Record<string, string>): Labels {
  const out: Labels = { ...DEFAULT_LABELS };
  if (overrides) {
    for (const key of Object.keys(DEFAULT_LABELS) as LabelKey[]) {
      const v = overrides[key];
      if (typeof v === 'string') out[key] = v;
    }
  }
  return out;
}

export function fmt(template: string, n: string | number): string {
  return template.replace('{n}', String(n));
}
