/**
 * The app's actions: what the buttons, the keyboard, the URL and `window.__playground` do.
 * One code path for each action, whoever triggers it (docs/urls-and-automation.md).
 */
import { Stepper } from './stepper';
import { OutcomeExplorer } from './outcome-explorer';
import { challengeRun, judge } from './challenge';
import { tabForRun } from './phone-layout';
import type { AppStore } from '../state/store';
import type { CodeEditor, LineHighlights } from '../editor/types';
import {
  buildExampleLink,
  buildPermalink,
  buildQuery,
  encodeCodeHash,
  isValidExampleId,
  parseLink,
  SPEED_MAX,
  SPEED_MIN,
  type LinkOptions,
} from '../share/permalink';
import {
  browserStorage,
  clearSaved,
  createAutosaver,
  exampleDocKey,
  linkDocKey,
  loadSaved,
  type Autosaver,
  type StorageLike,
} from '../share/autosave';
import {
  chromeTraceNow,
  getScenario,
  isolationStatus,
  loadChromeTrace,
  loadSupervisor,
  toResultLine,
  type ConsoleLine,
  type Isolation,
  type RunListener,
  type RunOptions,
  type RunResult,
  type RunState,
  type Scenario,
  type SupervisorInstance,
  type TimelineHandle,
} from './deps';
import { messages, type Messages } from './i18n';
import { MAX_SEED, SCHED_NAMES, isSchedName, isSeed, unstartedSchedule, type SchedName } from '../protocol/sched';
import { MAX_SPEED, isMaxSpeed } from '../protocol/speed';

export const DEFAULT_SCENARIO = 'thread-target';

/** `window.__playground.load()`'s options (docs/urls-and-automation.md). */
export interface LoadOptions {
  example?: string;
  /** A number, or `max` (also Infinity). */
  speed?: number | 'max';
  sched?: string;
  seed?: number;
  /** false: the run's detectors (docs/diagnostics.md) are off; they are on otherwise. */
  detectors?: boolean;
}
const LAST_SCENARIO_KEY = 'cp:last-example';
const TIME_LIMIT_KEY = 'cp:time-limit-s';
const TIME_LIMIT_GRACE_KEY = 'cp:time-limit-grace-s';
const TRACE_CAP_KEY = 'cp:trace-cap';

/** A speed the app accepts: `max` (Infinity) as it is, any other number within the link's range. */
function clampSpeed(n: number): number {
  return isMaxSpeed(n) ? n : Math.min(SPEED_MAX, Math.max(SPEED_MIN, n));
}

/** What a document opens with besides its code: a link's or load()'s options. */
interface RunSettings {
  speed?: number;
  sched?: SchedName;
  seed?: number;
  /** A step link's decisions: the document opens in step mode, paused after replaying them. */
  steps?: number[];
  /** load()'s only: false turns the detectors off for the document's runs. */
  detectors?: boolean;
}

/** `load()`'s options, checked: a caller's mistake is an exception before anything changes. */
function checkLoadOptions(o: Omit<LoadOptions, 'example'>): RunSettings {
  if (o.sched !== undefined && !isSchedName(o.sched)) {
    throw new TypeError(`load(): sched must be one of ${SCHED_NAMES.join(', ')}, not ${JSON.stringify(o.sched)}`);
  }
  if (o.seed !== undefined && !isSeed(o.seed)) {
    throw new RangeError(`load(): seed must be an integer from 0 to ${MAX_SEED}, not ${String(o.seed)}`);
  }
  if (o.detectors !== undefined && typeof o.detectors !== 'boolean') {
    throw new TypeError(`load(): detectors must be true or false, not ${JSON.stringify(o.detectors)}`);
  }
  const speed = o.speed === 'max' ? MAX_SPEED : o.speed;
  return {
    speed: typeof speed === 'number' && !Number.isNaN(speed) ? clampSpeed(speed) : undefined,
    sched: o.sched,
    seed: o.seed,
    detectors: o.detectors,
  };
}

export class Controller {
  editor: CodeEditor | null = null;
  timeline: TimelineHandle | null = null;
  /** Whether Run can work here: one check for the page's lifetime (the banner shows its reason). */
  readonly isolation: Isolation = isolationStatus();

  private readonly storage: StorageLike | null;
  private readonly autosaver: Autosaver;
  private supervisor: SupervisorInstance | null = null;
  private currentRun: Promise<RunResult> | null = null;
  /** Step mode: pauses, the learner's answers, Back (app/stepper.ts). */
  readonly stepper: Stepper;
  /** The outcome explorer: Explore and its results (app/outcome-explorer.ts). */
  readonly explorer: OutcomeExplorer;
  /** Stop pressed while the run was still waiting for the runtime chunk. */
  private stopRequested = false;
  /** Query options of the opened link that this version does not know; kept for Share. */
  private extraOptions: [string, string][] = [];
  private lastAppliedHref = '';

  constructor(readonly store: AppStore, storage: StorageLike | null = browserStorage()) {
    this.storage = storage;
    this.autosaver = createAutosaver(storage, 400);
    this.stepper = new Stepper(store, {
      pauseNow: () => this.supervisor?.stepPause() ?? null,
      answer: (choice) => this.supervisor?.stepAnswer(choice),
      current: () => this.currentRun,
      run: () => this.run(),
      stop: () => this.stop(),
    });
    this.explorer = new OutcomeExplorer(store, {
      supervisor: () => this.loadedSupervisor(),
      stopRun: async () => {
        const run = this.currentRun;
        this.stop();
        if (run) await run;
      },
      link: (steps, seed, source) => this.linkWith({ sched: 'step', seed, steps: [...steps] }, source),
      compileErrors: (errors) => {
        this.store.getState().setCompileErrors(errors);
        this.editor?.setCompileMarkers(errors);
      },
    });
  }

  /** The supervisor, its chunk loaded (made on first use). */
  private async loadedSupervisor(): Promise<SupervisorInstance> {
    const mod = await loadSupervisor();
    this.supervisor ??= new mod.Supervisor();
    return this.supervisor;
  }

  private get t() {
    return messages[this.store.getState().lang];
  }

  /** Opens what the URL says and keeps following it. */
  start(): void {
    this.openFromLocation();
    window.addEventListener('popstate', () => this.openFromLocationIfChanged());
    window.addEventListener('hashchange', () => this.openFromLocationIfChanged());
    // A reload right after typing must not lose the last keystrokes.
    window.addEventListener('pagehide', () => this.autosaver.flush());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.autosaver.flush();
    });
  }

  /** Fetches the runtime and exporter chunks in the background so Run answers at once. */
  preload(): void {
    loadSupervisor()
      .then((m) => {
        if (this.isolation.ok) {
          // Warm workers now, while the user reads: Run → first line must take ≤ 100 ms.
          this.supervisor ??= new m.Supervisor();
          this.supervisor.warm?.();
        }
      })
      .catch(() => {
        /* reported when Run is pressed */
      });
    loadChromeTrace().catch(() => {});
  }

  /** The editor and timeline register themselves once mounted (both load lazily). */
  attachEditor(editor: CodeEditor): void {
    this.editor = editor;
  }

  detachEditor(editor: CodeEditor): void {
    if (this.editor === editor) this.editor = null;
  }

  attachTimeline(timeline: TimelineHandle): void {
    this.timeline = timeline;
  }

  detachTimeline(timeline: TimelineHandle): void {
    if (this.timeline === timeline) this.timeline = null;
  }

  // ---- documents -------------------------------------------------------------------------

  private openFromLocationIfChanged(): void {
    if (location.href !== this.lastAppliedHref) this.openFromLocation();
  }

  openFromLocation(): void {
    this.autosaver.flush();
    this.lastAppliedHref = location.href;
    const s = this.store.getState();
    const parsed = parseLink(location.search, location.hash);
    this.extraOptions = parsed.options.extra;
    s.setNotice(null);
    if (!parsed.ok) {
      const error = parsed.error;
      this.fallBack((t) => `${t.brokenLink}: ${t.linkErrors[error]}`);
      return;
    }
    const { target, options } = parsed;
    if (target.kind === 'none') {
      const last = this.lastScenario();
      this.openScenario(last && getScenario(last) ? last : DEFAULT_SCENARIO, options);
    } else if (target.kind === 'example') {
      if (!getScenario(target.id)) {
        this.fallBack((t) => `${t.brokenLink}: ${t.unknownExample(target.id)}`);
        return;
      }
      this.openScenario(target.id, options);
    } else {
      const scenario = options.example !== undefined ? getScenario(options.example) : undefined;
      const docKey = linkDocKey(target.payload);
      const saved = loadSaved(this.storage, docKey);
      s.openDocument({
        source: saved ?? target.source,
        original: target.source,
        scenarioId: scenario?.id ?? '',
        docKey,
      });
      this.applyRunSettings(options, scenario);
    }
    const warnings = parsed.warnings;
    if (warnings.length > 0) s.setNotice({ kind: 'info', text: (lang) => warnings.map(messages[lang].linkWarning).join(' ') });
    // A step link opens at its step: the run starts and replays the steps, then waits there.
    if ((options.steps?.length ?? 0) > 0 && this.store.getState().sched === 'step') void this.run();
  }

  private fallBack(reason: (t: Messages) => string): void {
    this.openScenario(DEFAULT_SCENARIO);
    const text = (t: Messages) => `${reason(t)} ${t.fallback(DEFAULT_SCENARIO)}`;
    this.store.getState().setNotice({ kind: 'error', text: (lang) => text(messages[lang]) });
  }

  private lastScenario(): string | null {
    try {
      return this.storage?.getItem(LAST_SCENARIO_KEY) ?? null;
    } catch {
      return null;
    }
  }

  /**
   * Speed, mode and seed of a document as it opens: the link's, else the scenario's defaults
   * (parallel when it names none). A link's seed opens pinned, so Run replays the shared run.
   */
  private applyRunSettings(o: RunSettings, scenario: Scenario | undefined): void {
    const s = this.store.getState();
    s.setSpeed(clampSpeed(o.speed ?? scenario?.speed ?? 1));
    s.setSched(o.sched ?? (o.steps !== undefined ? 'step' : undefined) ?? scenario?.sched ?? 'parallel');
    s.setSeed(o.seed ?? null, true);
    s.setPendingSteps(o.steps ?? []);
    s.setSteps([]);
  }

  private openScenario(id: string, settings: RunSettings = {}): void {
    const scenario = getScenario(id);
    const s = this.store.getState();
    if (!scenario) {
      // Only reachable when the catalog lacks the default: show an empty program, not a crash.
      s.openDocument({ source: '', original: '', scenarioId: '', docKey: exampleDocKey(id) });
      return;
    }
    const docKey = exampleDocKey(id);
    const saved = loadSaved(this.storage, docKey);
    s.openDocument({ source: saved ?? scenario.source, original: scenario.source, scenarioId: id, docKey });
    this.applyRunSettings(settings, scenario);
    try {
      this.storage?.setItem(LAST_SCENARIO_KEY, id);
    } catch {
      /* best effort */
    }
  }

  /** The picker: a new history entry `#example=<id>`, keeping unknown query options. */
  selectScenario(id: string): void {
    if (!isValidExampleId(id) || !getScenario(id)) return;
    this.autosaver.flush();
    const query = buildQuery({ extra: this.extraOptions });
    history.pushState(null, '', `${location.pathname}${query}#example=${id}`);
    this.lastAppliedHref = location.href;
    this.store.getState().setNotice(null);
    this.openScenario(id);
  }

  /** `window.__playground.load`: like opening a permalink to this code. */
  load(source: string, options: LoadOptions = {}): void {
    if (typeof source !== 'string') throw new TypeError('load(source): source must be a string');
    const settings = checkLoadOptions(options);
    this.autosaver.flush();
    const scenario = options.example !== undefined ? getScenario(options.example) : undefined;
    const speed = settings.speed ?? scenario?.speed ?? 1;
    const hash = encodeCodeHash(source);
    const payload = hash.slice('#code/'.length);
    const query = buildQuery({ ...settings, example: scenario?.id, speed, extra: this.extraOptions });
    try {
      history.replaceState(null, '', `${location.pathname}${query}${hash}`);
    } catch {
      // A URL past the browser's length limit: the code still loads, the address bar lags.
    }
    this.lastAppliedHref = location.href;
    const s = this.store.getState();
    s.setNotice(null);
    s.openDocument({ source, original: source, scenarioId: scenario?.id ?? '', docKey: linkDocKey(payload) });
    this.applyRunSettings(settings, scenario);
    // A document load()ed has its detectors on unless it says otherwise (the toolbar's box
    // otherwise keeps the learner's choice across examples).
    s.setDetectors(settings.detectors ?? true);
  }

  /** An edit from the editor (Monaco or the fallback text area). */
  edit(source: string): void {
    const s = this.store.getState();
    if (source === s.source) return;
    s.setSource(source);
    this.autosaver.schedule(s.docKey, source);
  }

  resetToOriginal(): void {
    const s = this.store.getState();
    this.autosaver.cancel();
    clearSaved(this.storage, s.docKey);
    // Undoable in Monaco (Ctrl+Z brings the edits back), so no confirmation dialog is needed.
    // The editor goes first: the store update would otherwise reach it as a plain setValue,
    // which clears the undo history.
    this.editor?.replaceAll(s.original);
    s.setSource(s.original);
  }

  /** The speed control: a number, or Infinity for `max`. */
  setSpeed(speed: number): void {
    if (Number.isNaN(speed)) return;
    this.store.getState().setSpeed(clampSpeed(speed));
  }

  /** The mode control; the next Run uses it. */
  setSched(sched: string): void {
    if (isSchedName(sched)) this.store.getState().setSched(sched);
  }

  /** The seed control: pin the shown seed, or unpin it. */
  toggleSeedPin(): void {
    this.store.getState().toggleSeedPin();
  }

  currentScenario(): Scenario | undefined {
    const id = this.store.getState().scenarioId;
    return id ? getScenario(id) : undefined;
  }

  // ---- runs --------------------------------------------------------------------------------

  /** Starts a run (or joins the one in progress); resolves when it ends, however it ends. */
  run(): Promise<RunResult> {
    if (this.currentRun) return this.currentRun;
    // A run and an exploration would share the machine's cores: the exploration ends.
    this.explorer.stop();
    const s = this.store.getState();
    const stepping = s.sched === 'step';
    // A narrow screen shows one pane: the one where the run is seen (wide screens ignore it).
    s.setPhoneTab(tabForRun(s.phoneTab, stepping));
    // A step run replays the steps it was given (a link's, or Back's) before its first pause.
    const steps = stepping ? s.pendingSteps : [];
    const p = this.doRun(steps).finally(() => {
      if (this.currentRun === p) this.currentRun = null;
    });
    this.currentRun = p;
    if (stepping) this.stepper.begin(p, steps);
    return p;
  }

  get running(): boolean {
    return this.currentRun !== null;
  }

  private async doRun(steps: readonly number[]): Promise<RunResult> {
    const s0 = this.store.getState();
    this.autosaver.flush();
    // The seed is drawn (and shown) as Run is pressed, whatever happens next.
    const sched = s0.sched;
    const seed = s0.seedForRun();
    const ended = (state: RunState, elapsedMs: number, message?: string): RunResult => ({
      state,
      lines: [],
      elapsedMs,
      ...(message === undefined ? {} : { message }),
      schedule: unstartedSchedule(sched, seed, []),
    });
    if (!this.isolation.ok) {
      // The isolation banner already explains this on the page; the result says it to callers.
      return ended('error', 0, `${this.t.isolationTitle} ${this.isolation.reason ?? ''}`.trim());
    }
    const source = s0.source;
    const speed = s0.speed;
    this.stopRequested = false;
    const runId = s0.beginRun();
    this.editor?.setCompileMarkers([]);
    this.editor?.highlightLines(new Map());
    const t0 = performance.now();
    const current = () => this.store.getState().runId === runId;

    let supervisor: SupervisorInstance;
    try {
      supervisor = await this.loadedSupervisor();
      // `?tracing=0` turns trace events off for the run. Not a user feature: bench/run.mjs
      // measures what tracing costs (docs/quality-bars.md) by running the same program both ways.
      supervisor.tracing = this.tracingOption();
      // The exporter is tiny; having it before the run ends keeps trace() synchronous.
      await loadChromeTrace().catch(() => null);
    } catch (err) {
      const message = `${this.t.runtimeFailed} ${err instanceof Error ? err.message : String(err)}`;
      this.store.getState().endRun('error', performance.now() - t0, message);
      return ended('error', performance.now() - t0, message);
    }
    if (this.stopRequested) {
      this.store.getState().endRun('stopped', performance.now() - t0);
      return ended('stopped', performance.now() - t0);
    }

    const listener: RunListener = {
      onLines: (lines) => {
        if (current()) this.store.getState().appendLines(lines);
      },
      onTrace: (events, info) => {
        if (current()) this.store.getState().trace.push(events, info);
      },
      onState: (state, message, note) => {
        if (current()) this.store.getState().setRunState(state, message, note);
      },
      onCompileErrors: (errors) => {
        if (!current()) return;
        this.store.getState().setCompileErrors(errors);
        this.editor?.setCompileMarkers(errors);
      },
      onTimeLimit: (prompt) => {
        if (current()) this.store.getState().setTimePrompt(prompt);
      },
      onTraceReset: (events, info) => {
        if (current()) this.store.getState().trace.replace(events, info);
      },
    };

    let result: RunResult;
    try {
      const detectors = this.store.getState().detectors;
      result = await supervisor.run(source, { speed, sched, seed, steps, detectors, ...this.limitOptions() }, listener);
    } catch (err) {
      // A supervisor bug must still end the run visibly, never leave "running" forever.
      const lines = this.store.getState().console.toArray().map(toResultLine);
      result = {
        state: 'error',
        lines,
        elapsedMs: performance.now() - t0,
        message: err instanceof Error ? err.message : String(err),
        schedule: unstartedSchedule(sched, seed, lines),
      };
    }
    const s = this.store.getState();
    if (current()) {
      s.endRun(result.state, result.elapsedMs, result.message ?? s.runMessage);
      this.checkChallenge(result, source);
    }
    return result;
  }

  /** The open example's challenge, checked on the run that just ended: a ✓ stays once met. */
  private checkChallenge(result: RunResult, source: string): void {
    const s = this.store.getState();
    const scenario = this.currentScenario();
    if (scenario?.challenge === undefined) return;
    const steps = s.sched === 'step' ? s.steps : [];
    const met = judge(scenario, challengeRun(result, source, steps, s.trace.events));
    const prev = s.challenge?.scenarioId === scenario.id ? s.challenge : null;
    s.setChallenge({ scenarioId: scenario.id, met: met ?? prev?.met ?? null, gaveUp: prev?.gaveUp ?? false });
  }

  /** "I give up" on a challenge that cannot be met: the notes say why. */
  giveUpChallenge(): void {
    const s = this.store.getState();
    const met = s.challenge?.scenarioId === s.scenarioId ? s.challenge.met : null;
    s.setChallenge({ scenarioId: s.scenarioId, met, gaveUp: true });
  }

  /** False only when the opened link says `tracing=0` (kept across load(), like any option). */
  private tracingOption(): boolean {
    return !this.extraOptions.some(([k, v]) => k === 'tracing' && v === '0');
  }

  stop(): void {
    if (!this.currentRun) return;
    this.stopRequested = true;
    this.supervisor?.stop();
  }

  /** "Keep running" on the run-time banner: the supervisor doubles the limit. */
  keepRunning(): void {
    this.supervisor?.extendTimeLimit?.();
    this.store.getState().setTimePrompt(null);
  }

  /**
   * Power-user (and e2e) overrides of the run-time limit, from local storage:
   * `cp:time-limit-s` (seconds before the question, 0 = never), `cp:time-limit-grace-s`, and
   * `cp:trace-cap` (events the timeline holds before older detail is summarized).
   */
  private limitOptions(): Pick<RunOptions, 'timeLimit' | 'timeLimitGrace' | 'traceCap'> {
    const read = (key: string): number | undefined => {
      try {
        const raw = this.storage?.getItem(key);
        const n = raw === null || raw === undefined ? NaN : Number(raw);
        return Number.isFinite(n) && n >= 0 ? n : undefined;
      } catch {
        return undefined;
      }
    };
    const out: Pick<RunOptions, 'timeLimit' | 'timeLimitGrace' | 'traceCap'> = {};
    const limit = read(TIME_LIMIT_KEY);
    const grace = read(TIME_LIMIT_GRACE_KEY);
    const cap = read(TRACE_CAP_KEY);
    if (limit !== undefined) out.timeLimit = limit;
    if (grace !== undefined) out.timeLimitGrace = Math.max(1, grace);
    if (cap !== undefined) out.traceCap = Math.max(1000, Math.floor(cap));
    return out;
  }

  // ---- trace, share, timeline ----------------------------------------------------------

  /** Chrome trace-event JSON of the last run (`{traceEvents: []}` before any run). */
  traceJson(): object {
    const { events, info } = this.store.getState().trace;
    const mod = chromeTraceNow();
    if (!mod || !info || events.length === 0) return { traceEvents: [] };
    return mod.toChromeTrace(events, info);
  }

  async exportTrace(): Promise<void> {
    await loadChromeTrace().catch(() => null);
    const json = JSON.stringify(this.traceJson());
    const blob = new Blob([json], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    const name = this.store.getState().scenarioId || 'program';
    a.href = url;
    a.download = `trace-${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  /**
   * The link Share offers: the code, its example, speed and mode, and the seed (the last run's or
   * the pinned one) when a deterministic mode uses it or it is pinned. Opening it pins that seed.
   */
  permalink(): string {
    const s = this.store.getState();
    const withSeed = s.seed !== null && (s.seedPinned || s.sched !== 'parallel');
    return this.linkWith({
      sched: s.sched,
      seed: withSeed ? (s.seed ?? undefined) : undefined,
      // A step run's decisions so far: the link opens paused where the learner is.
      steps: s.sched === 'step' && s.steps.length > 0 ? s.steps : undefined,
    });
  }

  /**
   * A link to the open document (its code, or `#example=` for an example as it ships) with its
   * example and speed, and the given mode, seed and steps.
   */
  private linkWith(run: Pick<LinkOptions, 'sched' | 'seed' | 'steps'>, source = this.store.getState().source): string {
    const s = this.store.getState();
    const options: LinkOptions = { example: s.scenarioId || undefined, speed: s.speed, ...run, extra: this.extraOptions };
    const base = `${location.origin}${location.pathname}`;
    const scenario = this.currentScenario();
    if (scenario !== undefined && source === scenario.source) {
      const { example: _example, ...rest } = options;
      return buildExampleLink(base, scenario.id, rest);
    }
    return buildPermalink(base, source, options);
  }

  share(): void {
    this.store.getState().setShareUrl(this.permalink());
  }

  jumpTo(line: ConsoleLine): void {
    this.timeline?.jumpTo(line.t);
    if (line.line !== undefined) this.editor?.revealLine(line.line);
  }

  highlight(lines: LineHighlights): void {
    this.editor?.highlightLines(lines);
  }
}

