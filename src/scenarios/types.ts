import type { SchedName } from '../protocol/sched';

/** A text in both UI languages. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** The seed's sections, in the tutorial's order (the picker groups by them). */
export type SectionId =
  | 'processes-threads' // 进程与线程
  | 'thread-limits' // 线程限制
  | 'thread-communication' // 线程通讯
  | 'best-practice' // 多任务的最佳实践
  | 'coroutines' // 协程
  | 'loop-input' // 传入loop的方法
  | 'task' // task
  | 'dynamic-coroutines' // 动态注册协程
  | 'async-with-for' // async with / async for
  | 'event-loop' // 事件循环
  | 'coroutine-communication'; // 协程的通讯方法

export interface Section {
  id: SectionId;
  title: Bilingual;
}

/** What a challenge's check sees of a finished run (app/challenge.ts builds it). */
export interface ChallengeRun {
  /** How the run ended: `finished`, `deadlock`, `stopped`, … */
  state: string;
  /** The texts of the lines it printed on stdout. */
  stdout: string[];
  /** The program that ran (the learner may have edited the example). */
  source: string;
  /** Step mode: the decisions the learner took (0 otherwise), and how many switched threads. */
  steps: number;
  switches: number;
  /** The highest value each object's gauge reached, by object name (`Semaphore#1`: permits in use). */
  gaugeMax: Record<string, number>;
}

/** A goal for the learner, checked on each run (docs/scenarios.md, "Challenges"). */
export interface Challenge {
  goal: Bilingual;
  /** Met: what the run did, in a few words; null: not met by this run. */
  check(run: ChallengeRun): Bilingual | null;
  /** For a goal that cannot be met: why not, shown when the learner gives up. */
  impossible?: Bilingual;
}

/** One built-in scenario (docs/scenarios.md). */
export interface Scenario {
  /** The contract id, e.g. `lock`. */
  id: string;
  /** Its number in docs/scenarios.md (1–44). */
  number: number;
  section: SectionId;
  /** The seed's sub-heading, e.g. `使用Lock` / `Using Lock`. */
  title: Bilingual;
  /** The editable TypeScript port (a program, docs/program-model.md). */
  source: string;
  /** The re-indented Python original from the seed (read-only tab). */
  python: string;
  /** The seed's notes for this section in Chinese, and their English translation. */
  notes: Bilingual;
  /** One or two lines: what to watch on the timeline and console. */
  lookFor: Bilingual;
  /** Where real parallelism shows what CPython hides, or where the port departs from the seed. */
  differences?: Bilingual;
  /** The speed factor that suits it (1 = real time). */
  speed: number;
  /**
   * The scheduling mode it opens in when the link does not say (docs/deterministic-runs.md);
   * absent: `parallel`.
   */
  sched?: SchedName;
  /**
   * What the scheduling modes change for this example, in the notes; absent: the notes say
   * what its default mode does (app/i18n.ts `modeNotes`).
   */
  modes?: Bilingual;
  /** A goal checked on each run, shown in the notes with a live ✓ when met. */
  challenge?: Challenge;
  /** True when the program loops until Stop or the run limit, as the seed's does. */
  loopsForever: boolean;
}
