/**
 * A framework-free adaptor between the supervisor's run callbacks and the timeline: it owns the
 * current run's `TraceModel`, `RunInfo` and raw events (for the Chrome-trace export), and
 * notifies subscribers. A store slice can hold one and hand `feed.timelineSource()` to
 * `mountTimeline`; nothing here depends on React or on the store.
 *
 * @example
 * const feed = new TraceFeed();
 * // RunListener.onTrace(events, info) → feed.push(events, info)
 * // run started → feed.start(info); run ended → feed.end(info)
 * mountTimeline(el, { ...feed.timelineSource(), onHighlightLines, onSelectPrint });
 * // Export: feed.chromeTrace()
 */
import type { RunInfo, TraceEvent } from '../protocol/trace';
import type { ChromeTrace } from './chrome-trace';
import { toChromeTrace } from './chrome-trace';
import { TraceModel } from './model';
import type { TimelineOptions } from './timeline';

export class TraceFeed {
  private modelRef: TraceModel | null = null;
  private infoRef: RunInfo | null = null;
  private liveRef = false;
  private readonly raw: TraceEvent[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(
    /** Keep the raw events for `chromeTrace()` (the model alone cannot rebuild them). */
    private readonly keepEvents = true,
  ) {}

  get model(): TraceModel | null {
    return this.modelRef;
  }

  get info(): RunInfo | null {
    return this.infoRef;
  }

  get live(): boolean {
    return this.liveRef;
  }

  /** The raw events of the current run, in `seq` order (empty when not kept). */
  get events(): readonly TraceEvent[] {
    return this.raw;
  }

  /** A new run: a fresh model (the timeline resets its view on a new model). */
  start(info: RunInfo): void {
    this.modelRef = new TraceModel();
    this.infoRef = info;
    this.liveRef = info.endedAt === null;
    this.raw.length = 0;
    this.notify();
  }

  /** A drained batch. Starts a run implicitly if none was started. */
  push(events: readonly TraceEvent[], info: RunInfo): void {
    if (!this.modelRef) this.start(info);
    this.infoRef = info;
    if (events.length > 0) {
      this.modelRef?.append(events);
      if (this.keepEvents) for (const e of events) this.raw.push(e);
    }
    if (info.endedAt !== null) this.liveRef = false;
    this.notify();
  }

  /** The run ended (however it ended). */
  end(info?: RunInfo): void {
    if (info) this.infoRef = info;
    this.liveRef = false;
    this.notify();
  }

  /** Forgets the run (e.g. the program was edited and the old trace no longer applies). */
  clear(): void {
    this.modelRef = null;
    this.infoRef = null;
    this.liveRef = false;
    this.raw.length = 0;
    this.notify();
  }

  subscribe(cb: () => void): () => void {
    this.listeners.add(cb);
    return () => {
      this.listeners.delete(cb);
    };
  }

  /** The data half of `TimelineOptions`. */
  timelineSource(): Pick<TimelineOptions, 'getModel' | 'getRunInfo' | 'subscribe' | 'isLive'> {
    return {
      getModel: () => this.modelRef,
      getRunInfo: () => this.infoRef,
      subscribe: (cb) => this.subscribe(cb),
      isLive: () => this.liveRef,
    };
  }

  /** Chrome trace-event JSON of the current run (`window.__playground.trace()`). */
  chromeTrace(): ChromeTrace {
    return toChromeTrace(this.raw, this.infoRef ?? { speed: 1, startedAt: 0, endedAt: 0, source: '' });
  }

  private notify(): void {
    for (const cb of [...this.listeners]) cb();
  }
}
