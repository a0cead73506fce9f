/**
 * The wide layout's pane sizes (the store's `panes`): their limits, what is saved between visits,
 * and how each splitter reads and sets them (components/splitter.tsx).
 */
import { DEFAULT_PANES, type PaneSizes } from '../state/store';
import type { SplitValue } from './components/splitter';

const PANES_KEY = 'cp:panes';

/** Each size's range: the picker's width in px, the right column's and the timeline's shares. */
const LIMITS: Record<keyof PaneSizes, readonly [number, number]> = {
  left: [140, 520],
  right: [0.2, 0.75],
  timeline: [0.15, 0.85],
};

export const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** `v` within `which`'s limits. */
export function limit(which: keyof PaneSizes, v: number): number {
  const [lo, hi] = LIMITS[which];
  return clamp(v, lo, hi);
}

export function loadPanes(): PaneSizes {
  try {
    const raw = localStorage.getItem(PANES_KEY);
    if (!raw) return DEFAULT_PANES;
    const p = JSON.parse(raw) as Partial<PaneSizes>;
    const num = (which: keyof PaneSizes) => {
      const v = p[which];
      return typeof v === 'number' && Number.isFinite(v) ? limit(which, v) : DEFAULT_PANES[which];
    };
    return { left: num('left'), right: num('right'), timeline: num('timeline') };
  } catch {
    return DEFAULT_PANES;
  }
}

export function savePanes(p: PaneSizes): void {
  try {
    localStorage.setItem(PANES_KEY, JSON.stringify(p));
  } catch {
    /* best effort */
  }
}

/** The splitter after the picker, after the editor, and between the timeline and the console. */
export type Split = 'left' | 'right' | 'timeline';

/**
 * A splitter's value as ARIA reads it: the size of the pane before it (the picker's width in px;
 * the editor's share of the space after the picker, the timeline's of its column, in %).
 */
export function splitValue(which: Split, p: PaneSizes): SplitValue {
  const pct = (v: number) => Math.round(v * 100);
  switch (which) {
    case 'left':
      return { now: p.left, min: LIMITS.left[0], max: LIMITS.left[1], step: 20, unit: 'px' };
    case 'right': {
      // The editor's share is what the right column leaves.
      const [lo, hi] = LIMITS.right;
      return { now: 100 - p.right * 100, min: pct(1 - hi), max: pct(1 - lo), step: 3, unit: '%' };
    }
    case 'timeline':
      return { now: p.timeline * 100, min: pct(LIMITS.timeline[0]), max: pct(LIMITS.timeline[1]), step: 5, unit: '%' };
  }
}

/** The pane sizes that put `which` at `now` (in `splitValue`'s terms), within the limits. */
export function panesAt(which: Split, now: number): Partial<PaneSizes> {
  switch (which) {
    case 'left':
      return { left: limit('left', now) };
    case 'right':
      return { right: limit('right', 1 - now / 100) };
    case 'timeline':
      return { timeline: limit('timeline', now / 100) };
  }
}
