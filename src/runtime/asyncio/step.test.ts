/**
 * Step mode's asyncio half (docs/deterministic-runs.md, "Step mode"): before each task step the
 * loop offers the learner every task ready in this iteration, says where each is (`start
 * worker('A')`, `await sleep(1)` and its line), and runs the one chosen, the others keeping
 * CPython's order. A host standing in for the scheduler picks by a script.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { asyncioModule as asyncio } from './index';
import type { ReadyTaskStep } from '../host';
import { coroutineHelpers } from './index';
import { aw, co, setup, virtualHost } from './asyncio.fixture';

interface Offer {
  name: string;
  what: string;
  line: number;
}

let out: string[] = [];
/** Each point's offer, in order. */
let offers: Offer[][] = [];
/** Picks a task at each point, by name (undefined: the loop's first). */
let pick: (names: string[]) => string | undefined = () => undefined;

function steppingHost(stepping: boolean) {
  return {
    ...virtualHost(),
    points: true,
    stepping,
    programLine: (stack: string) => (stack.includes('at ') ? 7 : 0),
    taskPoint(n: number, describe: (k: number) => ReadyTaskStep): number {
      const offer = Array.from({ length: n }, (_, k) => {
        const d = describe(k);
        return { name: d.name, what: d.what, line: d.line() };
      });
      offers.push(offer);
      const want = pick(offer.map((o) => o.name));
      return want === undefined ? 0 : offer.findIndex((o) => o.name === want);
    },
  };
}

/** `async function worker(name, delay)` as compiled: the call's arguments go with it. */
const worker = (name: string, delay: number) =>
  coroutineHelpers.async(
    undefined,
    [name, delay],
    function* () {
      out.push(`${name} start`);
      yield* aw(asyncio.sleep(delay));
      out.push(`${name} end`);
    },
    undefined,
    'worker',
  );

function runThree(): void {
  asyncio.run(
    co(function* () {
      const ts = ['A', 'B', 'C'].map((n) => asyncio.create_task(worker(n, 1), { name: n }));
      for (const t of ts) yield* aw(t);
    }, 'main'),
  );
}

beforeEach(() => {
  out = [];
  offers = [];
  pick = () => undefined;
});

describe('step mode: the learner chooses among ready tasks', () => {
  it('offers each ready task with where it is, in CPython order, and runs them in that order by default', () => {
    setup(steppingHost(true));
    runThree();
    expect(out).toEqual(['A start', 'B start', 'C start', 'A end', 'B end', 'C end']);
    // main starts; then A, B, C are ready together (main awaits A).
    expect(offers[0]).toEqual([{ name: 'Task-1', what: 'start main()', line: 0 }]);
    expect(offers[1]).toEqual([
      { name: 'A', what: "start worker('A', 1)", line: 0 },
      { name: 'B', what: "start worker('B', 1)", line: 0 },
      { name: 'C', what: "start worker('C', 1)", line: 0 },
    ]);
    // Each point offers the tasks of the iteration not yet run (asyncio.run then shuts down
    // async generators and the default executor in tasks of its own, as CPython's does).
    expect(offers.map((o) => o.map((t) => t.name).join(' '))).toEqual(['Task-1', 'A B C', 'B C', 'C', 'A B C', 'B C', 'C', 'Task-1', 'Task-2', 'Task-3']);
    // A second later the three sleeps end together; main then resumes from `await A`.
    expect(offers[4]).toEqual(['A', 'B', 'C'].map((name) => ({ name, what: 'await sleep(1)', line: 7 })));
    expect(offers[7]).toEqual([{ name: 'Task-1', what: 'await A', line: 7 }]);
  });

  it('runs the chosen task first; the others keep their order', () => {
    setup(steppingHost(true));
    pick = (names) => (names.includes('C') ? 'C' : undefined);
    runThree();
    expect(out).toEqual(['C start', 'A start', 'B start', 'C end', 'A end', 'B end']);
  });

  it('outside step mode each task step is one point with nothing to choose', () => {
    setup(steppingHost(false));
    pick = (names) => names.at(-1);
    runThree();
    expect(out).toEqual(['A start', 'B start', 'C start', 'A end', 'B end', 'C end']);
    expect(offers.every((o) => o.length === 1)).toBe(true);
  });
});
