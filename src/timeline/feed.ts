/**
 * The one owner of a run's trace on the page: the raw events (for the Chrome-trace export and
 * for rebuilding), the `RunInfo`, and the `TraceModel` the timeline draws. The supervisor's run
 * callbacks feed it (`start`, `push`, `replace`); the timeline and the export read it; it
 * notifies its subscribers after each change. Framework-free: nothing here knows React or the
 * store, which only holds the app's one instance (`state/store.ts`, `trace`).
 *
 * Why a class of its own and not store state: a run's trace grows to 10⁵–10⁶ events, appended
 * every 16 ms, and the model is a mutable fold of them. Zustand state is replaced, not mutated,
 * so keeping them there meant pushing into arrays behind the store's back and bumping version
 * counters for subscribers to compare; here the mutation is the owner's own business and a
 * change is a notification. (The store keeps what is small and replaced whole: run state,
 * settings, UI.) Whether the run is live is the store's (`runState`), not the trace's.
 *
 * @example
 * const feed = new TraceFeed();
 * // run started → feed.start(); RunListener.onTrace → feed.push; onTraceReset → feed.replace
 * mountTimeline(el, { ...feed.timelineSource(), isLive, onHighlightLines, onSelectPrint });
 * // export: toChromeTrace(feed.events, feed.info)
 */
import type { RunInfo, TraceEvent } from '../protocol/trace';
import { TraceModel } from './model';
import type { TimelineOptions } from './timeline';

/** Events folded per slice when a compacted trace rebuilds the model (~25 ms each). */
export const MODEL_REBUILD_SLICE = 50_000;

export class TraceFeed {
  private modelRef: TraceModel | null = null;
  private infoRef: RunInfo | null = null;
  private raw: TraceEvent[] = [];
  private readonly listeners = new Set<() => void>();

  /** The model of the current run (null before the first run). */
  get model(): TraceModel | null {
    return this.modelRef;
  }

  /** The current run's info, from its first drained batch on (null before). */
  get info(): RunInfo | null {
    return this.infoRef;
  }

  /** The current run's raw events, in `seq` order. */
  get events(): readonly TraceEvent[] {
    return this.raw;
  }

  /** A new run: no events yet, a fresh model (the timeline starts over on a new model). */
  start(): void {
    this.modelRef = new TraceModel();
    this.infoRef = null;
    // A new array, not a cleared one: a rebuild in progress (`replace`) checks its identity.
    this.raw = [];
    this.notify();
  }

  /** A drained batch of the current run. Starts a run if none was started. */
  push(events: readonly TraceEvent[], info: RunInfo): void {
    // The supervisor reports every 16 ms drain, most of them empty: a notification for nothing
    // would make every subscriber (the timeline: a draw) work on the cores the program needs.
    if (events.length === 0 && info === this.infoRef) return;
    const model = this.modelRef ?? this.newRun();
    this.infoRef = info;
    // Append in place: the list can reach 10⁵–10⁶ events.
    for (const e of events) this.raw.push(e);
    model.append(events);
    this.notify();
  }

  /**
   * The trace limit compacted the run's events: take `events` (which later `push`es extend)
   * instead. The list is swapped now (the export reads it); the model is rebuilt from it in
   * slices while the old one keeps receiving pushes and stays on screen, so a compaction never
   * blocks the page for long (500,000 events fold in ~250 ms in one go).
   */
  replace(events: TraceEvent[], info: RunInfo): void {
    this.raw = events;
    this.infoRef = info;
    this.notify();
    const model = new TraceModel();
    let done = 0;
    const step = (): void => {
      // A new run or a newer compaction replaced this list: this build is moot.
      if (this.raw !== events) return;
      const end = Math.min(events.length, done + MODEL_REBUILD_SLICE);
      if (end > done) model.append(events.slice(done, end));
      done = end;
      // Pushes made meanwhile went to `events` too, so catching up with its end means current.
      if (done < events.length) {
        setTimeout(step, 0);
        return;
      }
      this.modelRef = model;
      this.notify();
    };
    step();
  }

  /** Calls `cb` after every change; returns unsubscribe. (A bound arrow: React can keep it.) */
  readonly subscribe = (cb: () => void): (() => void) => {
    this.listeners.add(cb);
    return () => {
      this.listeners.delete(cb);
    };
  };

  /** The data half of `TimelineOptions`. */
  timelineSource(): Pick<TimelineOptions, 'getModel' | 'getRunInfo' | 'subscribe'> {
    return {
      getModel: () => this.modelRef,
      getRunInfo: () => this.infoRef,
      subscribe: this.subscribe,
    };
  }

  private newRun(): TraceModel {
    this.modelRef = new TraceModel();
    this.raw = [];
    return this.modelRef;
  }

  private notify(): void {
    for (const cb of [...this.listeners]) cb();
  }
}
