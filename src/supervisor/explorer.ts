/**
 * The outcome explorer's search (docs/diagnostics.md, "Outcome explorer"): stateless model
 * checking over a program's schedules with CHESS's iterative preemption bounding. A schedule is
 * the list of decisions of a `step` run (who takes each step). Each run replays a list of
 * decisions and then follows the runtime's default policy (protocol/explore.ts defaultChoice:
 * no preemption), logging at every decision who could have run. For every decision past its
 * replayed ones, each other candidate is a new schedule to try: the run's decisions up to there
 * plus that candidate. So every schedule is tried once, by the run that first reaches its last
 * replayed decision.
 *
 * A preemption is handing the run to another thread where the deciding thread could have gone
 * on (not at a wait, an end or a busy loop's stop). As CHESS's iterative context bounding,
 * schedules are tried by their number of preemptions, fewest first (depth first among equals):
 * most concurrency bugs need one or two, so they show early, and when the budget runs out every
 * schedule up to some bound was tried. When no schedule is left the exploration is complete:
 * every schedule of the program was tried.
 *
 * Partial-order reduction (sleep sets, Godefroid): two steps of different threads that touch
 * nothing in common (explore-steps.ts) give the same state in either order, so once the schedules
 * that start with one step are tried, a sibling schedule need not take that step next until a
 * step that depends on it has run. Such threads "sleep"; a run whose default policy picks a
 * sleeping thread is not branched off past that point. Every outcome is still found: equivalent
 * schedules reach the same state, and prints depend on each other, so they print the same.
 *
 * Nothing here knows about workers: `run` is given (supervisor/explore-runner.ts in the app, a
 * model of a program in the unit tests).
 */
import { preempts, type Decision } from '../protocol/explore';
import { independent, stepAt, type Step } from './explore-steps';

/** What one run did, as the search needs it. */
export interface RunRecord {
  state: string;
  stdout: string[];
  message?: string;
  decisions: Decision[];
}

/** One distinct outcome: what was printed and how the run ended, how many schedules gave it, and the first. */
export interface FoundOutcome {
  stdout: string[];
  state: string;
  message?: string;
  count: number;
  /** The decisions of the first run that gave it (a step link's `steps`). */
  steps: number[];
  /** That run's preemptions. */
  preemptions: number;
}

export interface ExploreReport {
  /** Every schedule was tried. */
  complete: boolean;
  runs: number;
  /** Every schedule with at most this many preemptions was tried (Infinity when complete). */
  bound: number;
  outcomes: FoundOutcome[];
  /** Runs whose replayed decisions did not replay (the program is not deterministic): not expanded. */
  diverged: number;
}

export interface ExploreOptions {
  /** Wall-clock budget (ms): no new run starts after it. */
  budgetMs: number;
  /** The clock (tests give their own). */
  now?: () => number;
  /** Checked before each run: true stops the exploration (the Stop button). */
  stopped?: () => boolean;
  /** Partial-order reduction (default on; off: every schedule is tried, for tests and comparisons). */
  reduce?: boolean;
  /** Called after each run with the report so far. */
  onProgress?: (report: ExploreReport) => void;
}

/** A run's decisions, kept while schedules branching off them wait. */
interface Path {
  choices: number[];
  /** Preemptions up to each decision (prefix counts, length choices.length + 1). */
  before: number[];
}

/** A thread asleep: its next step (taken in a sibling schedule) commutes with what ran since. */
interface Sleeper {
  tid: number;
  step: Step;
}

/** A schedule to try: `path`'s first `at` decisions, then `alt`. */
interface Work {
  path: Path | null;
  at: number;
  alt: number;
  preemptions: number;
  /** Asleep at decision `at`, before `alt`'s step is known (it is filtered by that step once run). */
  sleep: Sleeper[];
}

export async function explore(run: (forced: number[]) => Promise<RunRecord>, o: ExploreOptions): Promise<ExploreReport> {
  const now = o.now ?? (() => performance.now());
  const deadline = now() + o.budgetMs;
  // Schedules to try, by their preemptions; the lowest bucket goes first, depth first within it.
  const buckets: Work[][] = [[{ path: null, at: 0, alt: 0, preemptions: 0, sleep: [] }]];
  let level = 0;
  const outcomes = new Map<string, FoundOutcome>();
  const report: ExploreReport = { complete: false, runs: 0, bound: -1, outcomes: [], diverged: 0 };
  for (;;) {
    while (level < buckets.length && (buckets[level]?.length ?? 0) === 0) level++;
    if (level >= buckets.length) {
      report.complete = true;
      report.bound = Infinity;
      break;
    }
    report.bound = level - 1;
    if (now() >= deadline || o.stopped?.()) break;
    const work = buckets[level]?.pop() as Work;
    const forced = work.path === null ? [] : [...work.path.choices.slice(0, work.at), work.alt];
    const rec = await run(forced);
    report.runs++;
    const path = pathOf(rec.decisions);
    note(outcomes, rec, path, work.preemptions);
    if (path.choices.length < forced.length || !forced.every((t, k) => t === path.choices[k])) {
      report.diverged++;
    } else {
      for (const w of branches(rec.decisions, path, work, o.reduce ?? true)) (buckets[w.preemptions] ??= []).push(w);
    }
    report.outcomes = [...outcomes.values()];
    o.onProgress?.(report);
  }
  report.outcomes = [...outcomes.values()];
  return report;
}

function pathOf(decisions: readonly Decision[]): Path {
  const choices = decisions.map((d) => d.choice);
  const before = [0];
  decisions.forEach((d, k) => before.push((before[k] ?? 0) + (preempts(d, d.choice) ? 1 : 0)));
  return { choices, before };
}

/**
 * The schedules branching off a run past its replayed decisions, deepest last (a stack then
 * tries the deepest first: depth first), with their sleep sets. `work`: what the run replayed.
 */
function branches(decisions: readonly Decision[], path: Path, work: Work, reduce: boolean): Work[] {
  const out: Work[] = [];
  let at = 0;
  let sleep: Sleeper[] = [];
  if (work.path !== null) {
    // The replayed schedule's last step is known now: who sleeps past it.
    at = work.at;
    const step = stepAt(decisions, at);
    sleep = work.sleep.filter((y) => independent(y.step, step));
    at++;
  }
  for (; at < decisions.length; at++) {
    const d = decisions[at] as Decision;
    const step = stepAt(decisions, at);
    if (!reduce) step.sync = step.clock = true;
    const asleep = (t: number) => sleep.some((y) => y.tid === t);
    for (const alt of d.cands) {
      if (alt === d.choice || asleep(alt)) continue;
      // The step taken here is tried first: it sleeps in its siblings' schedules.
      const siblings = [...sleep, { tid: d.choice, step }];
      out.push({ path, at, alt, preemptions: (path.before[at] ?? 0) + (preempts(d, alt) ? 1 : 0), sleep: siblings });
    }
    // A sleeping thread was chosen: what follows is equivalent to a schedule tried elsewhere.
    if (asleep(d.choice)) break;
    sleep = sleep.filter((y) => independent(y.step, step));
  }
  return out;
}

function note(outcomes: Map<string, FoundOutcome>, rec: RunRecord, path: Path, preemptions: number): void {
  const key = `${rec.state}\u0000${rec.stdout.join('\n')}`;
  const seen = outcomes.get(key);
  if (seen !== undefined) {
    seen.count++;
    return;
  }
  outcomes.set(key, {
    stdout: rec.stdout,
    state: rec.state,
    ...(rec.message === undefined ? {} : { message: rec.message }),
    count: 1,
    steps: path.choices,
    preemptions: path.before[path.choices.length] ?? preemptions,
  });
}
