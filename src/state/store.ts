/**
 * The app store: one vanilla zustand store made of slices, with a React hook on top (the
 * zustand `vanilla.ts` split: the core works without React, so the timeline and the
 * automation API read it through `subscribe`/`getState` and never cause React renders).
 *
 * The run's trace is not store state: it is owned by one `TraceFeed` (`timeline/feed.ts`, which
 * says why), held here as `trace` so that a new run resets it with the console and whoever has
 * the store can reach it. It notifies its own subscribers.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CompileError } from '../protocol/program';
import type { ConsoleLine, RunState, TimeLimitPrompt } from '../supervisor/types';
import type { RunNote } from '../supervisor/run-notes';
import { drawSeed, type SchedName } from '../protocol/sched';
import { PARALLEL_MAX_SPEED } from '../protocol/speed';
import type { StepPause } from '../protocol/step';
import type { Bilingual } from '../scenarios/types';
import { TraceFeed } from '../timeline';
import { ConsoleBuffer, CONSOLE_CAP } from './console-buffer';

export type Lang = 'zh' | 'en';
export type Theme = 'light' | 'dark';
export type EditorTab = 'ts' | 'py';
/** The pane a narrow screen shows (app/components/phone-tabs.tsx); wide screens show them all. */
export type PhoneTab = 'examples' | 'code' | 'timeline' | 'console' | 'notes';
export const PHONE_TABS: readonly PhoneTab[] = ['examples', 'code', 'timeline', 'console', 'notes'];

export interface EditorSlice {
  source: string;
  /** The scenario whose Python, notes and "original" go with the code (may be unknown). */
  scenarioId: string;
  /** The document the autosave belongs to (`ex:<id>` or `link:<hash>`). */
  docKey: string;
  /** The code as opened (scenario port or link), for "Reset to original" and `dirty`. */
  original: string;
  dirty: boolean;
  setSource(source: string): void;
  openDocument(doc: { source: string; scenarioId: string; docKey: string; original: string }): void;
}

export interface RunSlice {
  runState: RunState;
  runMessage: string | undefined;
  /** The message as the supervisor's note, when it is one: the page words it in its language. */
  runNote: RunNote | undefined;
  /** Increments per run, so late callbacks of an old run can be told apart. */
  runId: number;
  console: ConsoleBuffer;
  consoleVersion: number;
  compileErrors: CompileError[];
  /** `performance.now()` at run start, and the elapsed time once it ended. */
  startedAt: number | null;
  elapsedMs: number;
  /** The run-time limit's open question ("Stop or Keep running?"), or null. */
  timePrompt: TimeLimitPrompt | null;
  beginRun(): number;
  setTimePrompt(prompt: TimeLimitPrompt | null): void;
  appendLines(lines: readonly ConsoleLine[]): void;
  setRunState(state: RunState, message?: string, note?: RunNote): void;
  setCompileErrors(errors: CompileError[]): void;
  /** The run's end; its note stays when `message` is the one the note came with. */
  endRun(state: RunState, elapsedMs: number, message?: string): void;
}

export interface TraceSlice {
  /** The current run's trace and its owner (the same instance for the app's life). */
  trace: TraceFeed;
}

export interface SettingsSlice {
  /** Program seconds per wall second; Infinity is `max` (protocol/speed.ts). */
  speed: number;
  /** The scheduling mode the next Run uses (docs/deterministic-runs.md). */
  sched: SchedName;
  /** The seed shown: the last deterministic run's or the pinned one; null before either. */
  seed: number | null;
  /** A pinned seed is reused by every Run; an unpinned one is drawn fresh for each. */
  seedPinned: boolean;
  lang: Lang;
  theme: Theme;
  /** The run's detectors (docs/diagnostics.md): data races, lock order, asyncio mistakes. */
  detectors: boolean;
  setDetectors(on: boolean): void;
  setSpeed(speed: number): void;
  setSched(sched: SchedName): void;
  /** A document's seed as it opens: a link's (pinned) or none (null, unpinned). */
  setSeed(seed: number | null, pinned: boolean): void;
  /** The seed control: pins the shown seed (drawing one when there is none yet), or unpins it. */
  toggleSeedPin(): void;
  /**
   * The seed of a run about to start in the current mode: the pinned one, else a fresh one, which
   * becomes the shown seed. A `parallel` run has no seed (0) and leaves the shown one alone.
   */
  seedForRun(): number;
  setLang(lang: Lang): void;
  setTheme(theme: Theme): void;
}

/** Step mode (docs/deterministic-runs.md, "Step mode"); app/stepper.ts drives it. */
export interface StepSlice {
  /** The pause the current step run is stopped at; null while it runs, or when none is paused. */
  stepPause: StepPause | null;
  /** The current (or last) step run's decisions so far, replayed ones first: Back and Share use them. */
  steps: number[];
  /** What the next step run replays before its first pause (a link's steps, or Back's). */
  pendingSteps: number[];
  setStepPause(p: StepPause | null): void;
  setSteps(steps: number[]): void;
  setPendingSteps(steps: number[]): void;
}

/** One distinct outcome the explorer found (docs/diagnostics.md, "Outcome explorer"). */
export interface ExploreOutcome {
  /** What the program printed on stdout, line by line. */
  stdout: string[];
  /** How the run ended: finished, error, deadlock or limit. */
  state: string;
  /** How many of the schedules tried gave it. */
  count: number;
  /** A step-mode link that replays the first schedule that gave it. */
  link: string;
  /** Why it ended, for a deadlock or a limit. */
  message?: string;
  /** Preemptions in that schedule (a thread switched out where it could have gone on). */
  preemptions: number;
}

/** `window.__playground.explore()`'s result, and what the results panel shows. */
export interface ExploreResult {
  /** Every schedule of the program was tried. */
  complete: boolean;
  runs: number;
  outcomes: ExploreOutcome[];
  /** Every schedule with at most this many preemptions was tried (null when complete, or none yet). */
  bound: number | null;
  /** The program could not be explored (a compile error): nothing was run. */
  error?: string;
}

/** The explorer's panel: the exploration going on (partial results) or the last one. */
export interface ExploreSlice {
  explore: (ExploreResult & { running: boolean }) | null;
  setExplore(e: (ExploreResult & { running: boolean }) | null): void;
}

export interface PaneSizes {
  /** Picker width (px). */
  left: number;
  /** Right column width as a fraction of the space after the picker. */
  right: number;
  /** Timeline height as a fraction of the right column. */
  timeline: number;
}

export interface Notice {
  kind: 'error' | 'info';
  /** Its words in a language: a notice shown stays in step with the language select. */
  text: (lang: Lang) => string;
}

/** The current example's challenge: met by a run (what it did), and whether the learner gave up. */
export interface ChallengeState {
  scenarioId: string;
  met: Bilingual | null;
  gaveUp: boolean;
}

export interface UiSlice {
  panes: PaneSizes;
  /** The open example's challenge state (null: none, or not tried since it opened). */
  challenge: ChallengeState | null;
  tab: EditorTab;
  phoneTab: PhoneTab;
  notesOpen: boolean;
  shareUrl: string | null;
  notice: Notice | null;
  /** The console line to flash after a timeline click (its seq), or null. */
  selectedSeq: number | null;
  setPanes(p: Partial<PaneSizes>): void;
  setChallenge(c: ChallengeState | null): void;
  setTab(tab: EditorTab): void;
  setPhoneTab(tab: PhoneTab): void;
  setNotesOpen(open: boolean): void;
  setShareUrl(url: string | null): void;
  setNotice(n: Notice | null): void;
  selectSeq(seq: number | null): void;
}

export type AppState = EditorSlice & RunSlice & TraceSlice & SettingsSlice & StepSlice & ExploreSlice & UiSlice;
export type AppStore = StoreApi<AppState>;

type Set = StoreApi<AppState>['setState'];
type Get = StoreApi<AppState>['getState'];

const editorSlice = (set: Set): EditorSlice => ({
  source: '',
  scenarioId: '',
  docKey: '',
  original: '',
  dirty: false,
  setSource: (source) => set((s) => ({ source, dirty: source !== s.original })),
  openDocument: ({ source, scenarioId, docKey, original }) =>
    set({ source, scenarioId, docKey, original, dirty: source !== original, compileErrors: [] }),
});

const runSlice = (set: Set, get: Get): RunSlice => ({
  runState: 'idle',
  runMessage: undefined,
  runNote: undefined,
  runId: 0,
  console: new ConsoleBuffer(CONSOLE_CAP),
  consoleVersion: 0,
  compileErrors: [],
  startedAt: null,
  elapsedMs: 0,
  timePrompt: null,
  beginRun: () => {
    const s = get();
    s.console.clear();
    s.trace.start();
    const runId = s.runId + 1;
    set({
      runId,
      runState: 'running',
      runMessage: undefined,
      runNote: undefined,
      consoleVersion: s.consoleVersion + 1,
      compileErrors: [],
      startedAt: performance.now(),
      elapsedMs: 0,
      timePrompt: null,
      selectedSeq: null,
    });
    return runId;
  },
  appendLines: (lines) => {
    if (lines.length === 0) return;
    const s = get();
    s.console.push(lines);
    set({ consoleVersion: s.consoleVersion + 1 });
  },
  setRunState: (runState, runMessage, runNote) =>
    set(runState === 'running' ? { runState, runMessage, runNote } : { runState, runMessage, runNote, timePrompt: null }),
  setTimePrompt: (timePrompt) => set({ timePrompt }),
  setCompileErrors: (compileErrors) => set({ compileErrors }),
  endRun: (runState, elapsedMs, runMessage) =>
    set((s) => ({
      runState,
      elapsedMs,
      runMessage,
      runNote: runMessage === s.runMessage ? s.runNote : undefined,
      startedAt: null,
      timePrompt: null,
    })),
});

/** The speed control's numbers (it also offers `max`, Infinity). */
export const SPEEDS = [0.5, 1, 2, 5, 10, 20, PARALLEL_MAX_SPEED] as const;

const settingsSlice = (set: Set, get: Get): SettingsSlice => ({
  speed: 1,
  sched: 'parallel',
  seed: null,
  seedPinned: false,
  lang: 'en',
  theme: 'light',
  detectors: true,
  setDetectors: (detectors) => set({ detectors }),
  setSpeed: (speed) => set({ speed }),
  setSched: (sched) => set({ sched }),
  setSeed: (seed, pinned) => set({ seed, seedPinned: seed !== null && pinned }),
  toggleSeedPin: () => {
    const s = get();
    if (s.seedPinned) set({ seedPinned: false });
    else set({ seed: s.seed ?? drawSeed(), seedPinned: true });
  },
  seedForRun: () => {
    const s = get();
    if (s.sched === 'parallel') return 0;
    if (s.seedPinned && s.seed !== null) return s.seed;
    const seed = drawSeed();
    set({ seed });
    return seed;
  },
  setLang: (lang) => set({ lang }),
  setTheme: (theme) => set({ theme }),
});

const stepSlice = (set: Set): StepSlice => ({
  stepPause: null,
  steps: [],
  pendingSteps: [],
  setStepPause: (stepPause) => set({ stepPause }),
  setSteps: (steps) => set({ steps }),
  setPendingSteps: (pendingSteps) => set({ pendingSteps }),
});

export const DEFAULT_PANES: PaneSizes = { left: 240, right: 0.45, timeline: 0.5 };

const uiSlice = (set: Set): UiSlice => ({
  panes: DEFAULT_PANES,
  challenge: null,
  tab: 'ts',
  phoneTab: 'code',
  notesOpen: true,
  shareUrl: null,
  notice: null,
  selectedSeq: null,
  setPanes: (p) => set((s) => ({ panes: { ...s.panes, ...p } })),
  setChallenge: (challenge) => set({ challenge }),
  setTab: (tab) => set({ tab }),
  setPhoneTab: (phoneTab) => set({ phoneTab }),
  setNotesOpen: (notesOpen) => set({ notesOpen }),
  setShareUrl: (shareUrl) => set({ shareUrl }),
  setNotice: (notice) => set({ notice }),
  selectSeq: (selectedSeq) => set({ selectedSeq }),
});

export function createAppStore(initial: Partial<Pick<AppState, 'speed' | 'lang' | 'theme' | 'panes' | 'notesOpen'>> = {}): AppStore {
  return createStore<AppState>()((set, get) => ({
    ...editorSlice(set),
    ...runSlice(set, get),
    trace: new TraceFeed(),
    ...settingsSlice(set, get),
    ...stepSlice(set),
    explore: null,
    setExplore: (explore) => set({ explore }),
    ...uiSlice(set),
    ...initial,
  }));
}
