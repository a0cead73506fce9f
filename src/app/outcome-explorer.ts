/**
 * The outcome explorer on the page (docs/diagnostics.md, "Outcome explorer"): the Explore button
 * and `window.__playground.explore({budgetMs})` both come here. The supervisor runs the program
 * over its schedules (supervisor/explorer.ts); this turns what it found into the contract's
 * result, each outcome with a step-mode link that replays it, and keeps the results panel
 * (store `explore`) up to date while it goes.
 */
import type { AppStore, ExploreResult } from '../state/store';
import type { CompileError } from '../protocol/program';
import type { ExploreReport, SupervisorInstance } from './deps';

/** The Explore button's budget (ms). */
export const DEFAULT_BUDGET_MS = 10_000;
/** Longest budget accepted (ms): ten minutes. */
export const MAX_BUDGET_MS = 600_000;
/** The panel's partial results are refreshed at most this often while exploring (ms). */
const PROGRESS_MS = 100;

/** `window.__playground.explore()`'s options. */
export interface ExploreOptions {
  budgetMs?: number;
  reduce?: boolean;
}

/** What the explorer needs from the controller. */
export interface ExploreHost {
  supervisor(): Promise<SupervisorInstance>;
  /** Stops a run in progress and resolves once it has ended. */
  stopRun(): Promise<void>;
  /** A step link to `source` in the open document's example, replaying `steps` with `seed`. */
  link(steps: readonly number[], seed: number, source: string): string;
  compileErrors(errors: CompileError[]): void;
}

/** `explore()`'s options, checked: a caller's mistake is an exception before anything runs. */
function budgetOf(o: { budgetMs?: unknown; reduce?: unknown }): number {
  if (o.reduce !== undefined && typeof o.reduce !== 'boolean') throw new TypeError(`explore(): reduce must be true or false, not ${JSON.stringify(o.reduce)}`);
  const b = o.budgetMs ?? DEFAULT_BUDGET_MS;
  if (typeof b !== 'number' || Number.isNaN(b)) throw new TypeError(`explore(): budgetMs must be a number of milliseconds, not ${JSON.stringify(b)}`);
  if (!(b > 0 && b <= MAX_BUDGET_MS)) throw new RangeError(`explore(): budgetMs must be more than 0 and at most ${MAX_BUDGET_MS}, not ${b}`);
  return b;
}

export class OutcomeExplorer {
  private current: Promise<ExploreResult> | null = null;
  private stopRequested = false;

  constructor(
    private readonly store: AppStore,
    private readonly host: ExploreHost,
  ) {}

  get running(): boolean {
    return this.current !== null;
  }

  /**
   * Explores the open program for `budgetMs` (or joins the exploration in progress). `reduce`:
   * force the partial-order reduction on or off (default: on where it is known to be safe).
   */
  explore(o: ExploreOptions = {}): Promise<ExploreResult> {
    let budgetMs: number;
    try {
      budgetMs = budgetOf(o);
    } catch (e) {
      return Promise.reject(e as Error);
    }
    if (this.current) return this.current;
    this.stopRequested = false;
    const p = this.doExplore(budgetMs, o.reduce).finally(() => {
      if (this.current === p) this.current = null;
    });
    this.current = p;
    return p;
  }

  /** Ends the exploration after the run in progress; its result says what was found. */
  stop(): void {
    this.stopRequested = true;
  }

  private async doExplore(budgetMs: number, reduce: boolean | undefined): Promise<ExploreResult> {
    const s = this.store.getState();
    const source = s.source;
    // The seed only seeds the program's random numbers: the pinned one, else 0 (the links carry it).
    const seed = s.seedPinned && s.seed !== null ? s.seed : 0;
    const show = (r: ExploreResult, running: boolean) => this.store.getState().setExplore({ ...r, running });
    show({ complete: false, runs: 0, outcomes: [], bound: null }, true);
    let result: ExploreResult;
    try {
      await this.host.stopRun();
      const supervisor = await this.host.supervisor();
      let shown = 0;
      const out = await supervisor.explore(source, {
        seed,
        budgetMs,
        ...(reduce === undefined ? {} : { reduce }),
        stopped: () => this.stopRequested,
        onProgress: (report) => {
          if (performance.now() - shown < PROGRESS_MS) return;
          shown = performance.now();
          show(this.result(report, seed, source), true);
        },
      });
      if (out.ok) {
        this.host.compileErrors([]);
        result = this.result(out.report, seed, source);
      } else {
        this.host.compileErrors(out.errors);
        const e = out.errors[0];
        result = { complete: false, runs: 0, outcomes: [], bound: null, error: e ? `line ${e.line}: ${e.message}` : 'compile error' };
      }
    } catch (err) {
      result = { complete: false, runs: 0, outcomes: [], bound: null, error: err instanceof Error ? err.message : String(err) };
    }
    show(result, false);
    return result;
  }

  private result(report: ExploreReport, seed: number, source: string): ExploreResult {
    return {
      complete: report.complete,
      runs: report.runs,
      bound: report.complete || report.bound < 0 ? null : report.bound,
      outcomes: report.outcomes.map((o) => ({
        stdout: o.stdout,
        state: o.state,
        count: o.count,
        link: this.host.link(o.steps, seed, source),
        ...(o.message === undefined ? {} : { message: o.message }),
        preemptions: o.preemptions,
      })),
    };
  }
}
