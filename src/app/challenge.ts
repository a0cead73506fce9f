/**
 * Challenges (docs/scenarios.md, "Challenges"): after each run of a scenario that carries one,
 * its check looks at what the run did; the notes show the goal with a ✓ once met.
 */
import type { Bilingual, ChallengeRun, Scenario } from '../scenarios/types';
import type { TraceEvent } from '../protocol/trace';
import type { RunResult } from './deps';

/** How many of the learner's decisions (tids, in order) handed the run to another thread. */
export function switchesIn(steps: readonly number[]): number {
  let n = 0;
  for (let k = 1; k < steps.length; k++) if (steps[k] !== steps[k - 1]) n++;
  return n;
}

/** The highest value each object's gauge reached, by the object's name. */
export function gaugeMaxima(events: readonly TraceEvent[]): Record<string, number> {
  const names = new Map<number, string>();
  const out: Record<string, number> = {};
  for (const e of events) {
    if (e.k === 'obj') names.set(e.obj, e.name);
    else if (e.k === 'gauge') {
      const name = names.get(e.obj);
      if (name !== undefined && e.value > (out[name] ?? -Infinity)) out[name] = e.value;
    }
  }
  return out;
}

/** What a challenge's check sees of a run. */
export function challengeRun(result: RunResult, source: string, steps: readonly number[], events: readonly TraceEvent[]): ChallengeRun {
  return {
    state: result.state,
    stdout: result.lines.filter((l) => l.stream === 'stdout').map((l) => l.text),
    source,
    steps: steps.length,
    switches: switchesIn(steps),
    gaugeMax: gaugeMaxima(events),
  };
}

/** The scenario's verdict on a run: what met the goal, or null (also when it has no challenge). */
export function judge(scenario: Scenario | undefined, run: ChallengeRun): Bilingual | null {
  return scenario?.challenge?.check(run) ?? null;
}
