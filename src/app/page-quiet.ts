/**
 * When the page is quiet enough for background work that costs seconds of CPU: the service
 * worker's first install (register-service-worker.ts). Chrome compiles every script a service
 * worker puts in its cache at install, to keep V8's code cache with it: for this build (17 MB,
 * Monaco's 8 MB TypeScript worker most of it) that is ~2.4 s of CPU on a 2-core machine, which a
 * run started meanwhile shares its cores with (a 100,000-task gather, first run of a fresh page:
 * 0.80-0.93 s with the install going on, 0.48-0.69 s without; bench/README.md).
 */
import type { AppStore } from '../state/store';

/** What `whenQuiet` watches and how it waits: the page's in the app, fakes in the tests. */
export interface QuietSignals {
  /** A run or an exploration is going on. */
  busy(): boolean;
  /** Calls `listener` when `busy()` may have changed; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** Resolves when the page has loaded what a visitor sees first (the editor), or gave up on it. */
  loaded(): Promise<void>;
  /** Resolves after `ms`. */
  sleep(ms: number): Promise<void>;
  /** Resolves when the main thread next has idle time (at most `timeoutMs` later). */
  idle(timeoutMs: number): Promise<void>;
}

/**
 * How long after the editor is ready the page is left to itself first. Counted from the editor,
 * not from `load`: Monaco, its TypeScript worker and the warm program workers take the page's
 * first 3-4 s on the 2-core machine, and a visitor presses Run a moment after the program shows.
 * From `load` (the first version), a run 1 s after Monaco was ready met the install in 5 of 6
 * first visits on a day Monaco took 3.5 s (bench/README.md).
 */
export const SETTLE_MS = 4000;
/** The editor that never comes (it failed to load, or never will) stops holding the worker back then. */
export const LOADED_CAP_MS = 20_000;
/** The longest wait for idle time, so a page that animates still gets its worker. */
const IDLE_TIMEOUT_MS = 3000;

/**
 * Resolves once the editor is ready (or LOADED_CAP_MS passed), the page has settled
 * (`SETTLE_MS`), no run or exploration is going on and the main thread has had idle time. A run
 * that starts while it waits for idle time puts it back to waiting for that run's end.
 */
export async function whenQuiet(s: QuietSignals, settleMs = SETTLE_MS): Promise<void> {
  await s.loaded();
  await s.sleep(settleMs);
  for (;;) {
    if (s.busy()) await notBusy(s);
    await s.idle(IDLE_TIMEOUT_MS);
    if (!s.busy()) return;
  }
}

function notBusy(s: QuietSignals): Promise<void> {
  return new Promise((resolve) => {
    const off = s.subscribe(() => {
      if (s.busy()) return;
      off();
      resolve();
    });
    // It may have ended between the caller's look and the subscription.
    if (!s.busy()) {
      off();
      resolve();
    }
  });
}

/** The editor pane's state (editor-pane.tsx `data-monaco`): anything but `loading` is settled. */
function editorSettled(): boolean {
  const state = document.querySelector<HTMLElement>('[data-monaco]')?.dataset.monaco;
  return state !== undefined && state !== 'loading';
}

/** The page's signals: the editor's state, the store's run and exploration, timers and `requestIdleCallback`. */
export function pageSignals(store: AppStore): QuietSignals {
  return {
    loaded: () =>
      new Promise((resolve) => {
        const until = performance.now() + LOADED_CAP_MS;
        const look = () => {
          if (editorSettled() || performance.now() >= until) resolve();
          else setTimeout(look, 250);
        };
        look();
      }),
    busy: () => {
      const st = store.getState();
      return st.runState === 'running' || st.explore?.running === true;
    },
    subscribe: (listener) => store.subscribe(listener),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    idle: (timeoutMs) =>
      new Promise((r) => {
        if (typeof requestIdleCallback === 'function') requestIdleCallback(() => r(), { timeout: timeoutMs });
        else setTimeout(r, 0);
      }),
  };
}
