/**
 * Narrow screens (phones, a split-screen tablet): one pane at a time behind tabs
 * (components/phone-tabs.tsx) instead of the side-by-side panes. The width is read here, once;
 * styles.css keys its narrow rules on the `narrow` class this sets on `.app`.
 */
import { useSyncExternalStore } from 'react';
import type { PhoneTab } from '../state/store';

/** At or below this width (CSS px) the page uses tabs. */
export const NARROW_MAX_PX = 760;
const NARROW_QUERY = `(max-width: ${NARROW_MAX_PX}px)`;

function subscribe(onChange: () => void): () => void {
  const mq = window.matchMedia?.(NARROW_QUERY);
  if (!mq) return () => {};
  mq.addEventListener('change', onChange);
  return () => mq.removeEventListener('change', onChange);
}

const narrowNow = (): boolean => window.matchMedia?.(NARROW_QUERY).matches ?? false;

/** Whether the page is narrow; re-renders when that changes (a phone turned sideways). */
export function useNarrow(): boolean {
  return useSyncExternalStore(subscribe, narrowNow, () => false);
}

/**
 * The tab a narrow screen shows once Run is pressed, so the run is seen without a tap: the
 * console (a step run: the code, where each thread's next line is marked). A learner already
 * watching the timeline or the console stays there.
 */
export function tabForRun(current: PhoneTab, stepping: boolean): PhoneTab {
  if (current === 'timeline' || current === 'console') return current;
  if (stepping) return 'code';
  return 'console';
}
