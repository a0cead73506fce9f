/**
 * Step mode on the page (docs/deterministic-runs.md, "Step mode"): while a `step` run is on, it
 * watches for the run's pauses (the runtime stops at every scheduling point and waits for an
 * answer in shared memory; protocol/step.ts), shows each pause through the store, and answers
 * with the learner's choice. Back is the same run one decision shorter, replayed from the start
 * (the runtime takes given decisions without stopping). Everything the step buttons and
 * `window.__playground`'s runnable/step/back/finish do goes through here.
 */
import { FINISH_CHOICE, type StepPause } from '../protocol/step';
import type { RunResult } from './deps';
import type { AppStore } from '../state/store';

/** How often a step run is checked for a new pause (ms): a click's answer shows within a frame or two. */
const POLL_MS = 10;

/** What the stepper needs from the run's owner (the controller). */
export interface StepHost {
  /** The supervisor's step calls, once it exists. */
  pauseNow(): StepPause | null;
  answer(choice: number): void;
  /** The run in progress (null: none). */
  current(): Promise<RunResult> | null;
  run(): Promise<RunResult>;
  stop(): void;
}

/** One thread that can take the next step, as `window.__playground.runnable()` reports it. */
export interface RunnableThread {
  thread: string;
  line: number;
  op: string;
}

export class Stepper {
  private timer: ReturnType<typeof setInterval> | null = null;
  /** The run being stepped and whether its first pause was seen (to keep only the steps that replayed). */
  private run: Promise<RunResult> | null = null;
  private seenFirst = false;

  constructor(
    private readonly store: AppStore,
    private readonly host: StepHost,
  ) {}

  /** A step run starts, replaying `steps` first. */
  begin(run: Promise<RunResult>, steps: readonly number[]): void {
    this.run = run;
    this.seenFirst = false;
    const s = this.store.getState();
    s.setSteps([...steps]);
    s.setPendingSteps([]);
    s.setStepPause(null);
    this.timer ??= setInterval(() => this.poll(), POLL_MS);
    void run.finally(() => {
      if (this.run !== run) return;
      this.run = null;
      this.poll();
      if (this.timer !== null) clearInterval(this.timer);
      this.timer = null;
      this.store.getState().setStepPause(null);
    });
  }

  private poll(): StepPause | null {
    const p = this.run === null ? null : this.host.pauseNow();
    const s = this.store.getState();
    if (p !== null && !this.seenFirst) {
      this.seenFirst = true;
      // Steps given that no longer fit the code (it was edited) were not replayed: drop them.
      if (p.replayed < s.steps.length) s.setSteps(s.steps.slice(0, p.replayed));
    }
    if (p?.pause !== s.stepPause?.pause) s.setStepPause(p);
    return p;
  }

  /**
   * The pause after pause number `after` of the current step run, or null once the run has
   * ended (or when there is no step run).
   */
  private async nextPause(after: number): Promise<StepPause | null> {
    for (;;) {
      const run = this.run;
      if (run === null) return null;
      const p = this.poll();
      if (p !== null && p.pause > after) return p;
      let ended = false;
      await Promise.race([run.then(() => (ended = true)), new Promise((res) => setTimeout(res, POLL_MS))]);
      if (ended && this.run === run) return null;
    }
  }

  /** The threads that can take the next step (waits for the run to stop; [] once it has ended). */
  async runnable(): Promise<RunnableThread[]> {
    const p = await this.nextPause(0);
    return p === null ? [] : p.runnable.map(({ thread, line, op }) => ({ thread, line, op }));
  }

  /** `thread` takes the next step; resolves at the run's next pause (or its end). */
  async step(thread: string): Promise<void> {
    const p = await this.nextPause(0);
    if (p === null) throw new Error('No step run is waiting for a step: choose the step mode and press Run.');
    const t = p.runnable.find((r) => r.thread === thread);
    if (t === undefined) {
      const can = p.runnable.map((r) => r.thread).join(', ');
      throw new Error(`${thread} cannot take the next step; these can: ${can}.`);
    }
    const s = this.store.getState();
    s.setSteps([...s.steps, t.choice]);
    s.setStepPause(null);
    this.host.answer(t.choice);
    await this.nextPause(p.pause);
  }

  /** The run as it was one step earlier: the same run, replayed up to the step before the last. */
  async back(): Promise<void> {
    const steps = this.store.getState().steps;
    if (steps.length === 0) return;
    const old = this.host.current();
    this.host.stop();
    if (old) await old;
    this.store.getState().setPendingSteps(steps.slice(0, -1));
    void this.host.run();
    await this.nextPause(0);
  }

  /** The seeded policy runs the rest; resolves with the run's result. */
  async finish(): Promise<RunResult> {
    const run = this.run;
    if (run === null) throw new Error('No step run to finish: choose the step mode and press Run.');
    // The run may still be starting: its first pause is where the answer can go.
    await this.nextPause(0);
    this.host.answer(FINISH_CHOICE);
    return run;
  }
}
