import { describe, expect, it } from 'vitest';
import { explore, type RunRecord } from './explorer';
import { increments, modelRun, type Model, type ModelOp } from './explore-model.fixture';

const printN: ModelOp = { print: (g) => String(g.n ?? 0) };

/** MainThread waits for threads 2 and 3, each doing `v = g.n; g.n = v + 1` twice, then prints g.n. */
const LOST_UPDATE: Model = [[{ join: 2 }, { join: 3 }, printN], increments(2), increments(2)];

/** Two threads take two locks in opposite orders. */
const LOCK_ORDER: Model = [
  [{ join: 2 }, { join: 3 }, { print: () => 'done' }],
  [{ acquire: 'a' }, { acquire: 'b' }, { release: 'b' }, { release: 'a' }],
  [{ acquire: 'b' }, { acquire: 'a' }, { release: 'a' }, { release: 'b' }],
];

function outcomeSet(r: { outcomes: { state: string; stdout: string[] }[] }): string[] {
  return r.outcomes.map((o) => `${o.state}:${o.stdout.join('|')}`).sort();
}

/**
 * MainThread joins two or three threads that read, write and print two variables, some under a
 * lock or two, and set or quietly clear an Event, then prints them all (after the joins: no
 * thread can change them any more).
 */
function randomModel(rand: (n: number) => number): Model {
  const vars = ['x', 'y'];
  const threads: ModelOp[][] = [];
  const n = rand(3) === 0 ? 3 : 2;
  for (let t = 0; t < n; t++) {
    const ops: ModelOp[] = [];
    for (let k = 0, len = n === 3 ? 1 : 1 + rand(2); k < len; k++) {
      const v = vars[rand(2)] as string;
      const lock = rand(3) === 0 ? ['a', 'b'][rand(2)] : undefined;
      if (lock) ops.push({ acquire: lock });
      const what = rand(4);
      // A program reads a shared value (a point of its own) before it prints it.
      if (what === 0) ops.push({ read: v, into: 'p' }, { print: (_, l) => `${v}=${l.p ?? 0}` });
      else if (what === 1) ops.push({ write: v, value: () => t + 1 });
      else ops.push({ read: v, into: 'r' }, { write: v, value: (l) => (l.r ?? 0) * 2 + t + 1 });
      if (lock) ops.push({ release: lock });
      // An Event set by one thread and cleared quietly (no point of its own) by another.
      const e = rand(4);
      if (e === 0) ops.push({ flag: 'e', to: 1 });
      else if (e === 1 && ops.length > 0) ops.push({ flag: 'e', to: 0, quiet: true });
    }
    threads.push(ops);
  }
  const main: ModelOp[] = threads.map((_, t) => ({ join: t + 2 }));
  main.push({ print: (g, _, f) => `x=${g.x ?? 0} y=${g.y ?? 0} e=${f.e ?? 0}` });
  return [main, ...threads];
}

function runner(model: Model): { run: (forced: number[]) => Promise<RunRecord>; seen: Set<string> } {
  const seen = new Set<string>();
  return {
    seen,
    run: (forced) => {
      const rec = modelRun(model, forced);
      seen.add(rec.decisions.map((d) => d.choice).join(','));
      return Promise.resolve(rec);
    },
  };
}

/** Every schedule of `model` (brute force over all decision sequences). */
function allSchedules(model: Model): Set<string> {
  const out = new Set<string>();
  const walk = (forced: number[]) => {
    const rec = modelRun(model, forced);
    const choices = rec.decisions.map((d) => d.choice);
    if (choices.slice(0, forced.length).join(',') !== forced.join(',')) return;
    if (rec.decisions.length === forced.length) {
      out.add(choices.join(','));
      return;
    }
    for (const t of rec.decisions[forced.length]?.cands ?? []) walk([...forced, t]);
  };
  walk([]);
  return out;
}

describe('explore', () => {
  it('finds exactly 2, 3 and 4 for two threads that each increment twice, and says it is complete', async () => {
    const r = runner(LOST_UPDATE);
    const report = await explore(r.run, { budgetMs: 60_000 });
    expect(report.complete).toBe(true);
    expect(report.bound).toBe(Infinity);
    expect(report.outcomes.map((o) => o.stdout.join()).sort()).toEqual(['2', '3', '4']);
    expect(report.outcomes.every((o) => o.state === 'finished')).toBe(true);
    expect(report.outcomes.reduce((n, o) => n + o.count, 0)).toBe(report.runs);
  });

  it('without reduction, tries every schedule exactly once when it completes', async () => {
    const r = runner(LOST_UPDATE);
    const report = await explore(r.run, { budgetMs: 60_000, reduce: false });
    const all = allSchedules(LOST_UPDATE);
    expect(report.runs).toBe(all.size);
    expect(r.seen).toEqual(all);
  });

  it('with reduction, tries fewer schedules, none twice, and finds the same outcomes', async () => {
    const full = await explore(runner(LOST_UPDATE).run, { budgetMs: 60_000, reduce: false });
    const r = runner(LOST_UPDATE);
    const reduced = await explore(r.run, { budgetMs: 60_000 });
    expect(reduced.complete).toBe(true);
    expect(reduced.runs).toBeLessThan(full.runs);
    expect(r.seen.size).toBe(reduced.runs);
    expect(outcomeSet(reduced)).toEqual(outcomeSet(full));
  });

  it('with reduction, finds every outcome of random programs', async () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 16) % n;
    };
    let fullRuns = 0;
    let reducedRuns = 0;
    for (let k = 0; k < 12; k++) {
      const model = randomModel(rand);
      const full = await explore(runner(model).run, { budgetMs: 60_000, reduce: false });
      const reduced = await explore(runner(model).run, { budgetMs: 60_000 });
      expect(full.complete && reduced.complete).toBe(true);
      fullRuns += full.runs;
      reducedRuns += reduced.runs;
      expect(outcomeSet(reduced), JSON.stringify(model, (_, v: unknown) => (typeof v === 'function' ? String(v) : v))).toEqual(outcomeSet(full));
    }
    expect(reducedRuns).toBeLessThan(fullRuns / 2);
  }, 120_000);

  it("an outcome's steps replay to that outcome", async () => {
    const report = await explore(runner(LOST_UPDATE).run, { budgetMs: 60_000 });
    for (const o of report.outcomes) expect(modelRun(LOST_UPDATE, o.steps).stdout).toEqual(o.stdout);
  });

  it('finds both the deadlock and the clean finish of two locks taken in opposite orders', async () => {
    const report = await explore(runner(LOCK_ORDER).run, { budgetMs: 60_000 });
    expect(report.complete).toBe(true);
    const states = report.outcomes.map((o) => `${o.state}:${o.stdout.join()}`).sort();
    expect(states).toEqual(['deadlock:', 'finished:done']);
    const deadlock = report.outcomes.find((o) => o.state === 'deadlock');
    expect(modelRun(LOCK_ORDER, deadlock?.steps ?? []).state).toBe('deadlock');
  });

  it('tries schedules with fewer preemptions first', async () => {
    const order: number[] = [];
    await explore(
      (forced) => {
        const rec = modelRun(LOST_UPDATE, forced);
        order.push(rec.decisions.filter((d) => d.choice !== d.tid && d.cands.includes(d.tid) && (d.flags & 2) === 0).length);
        return Promise.resolve(rec);
      },
      { budgetMs: 60_000 },
    );
    for (let k = 1; k < order.length; k++) expect(order[k]).toBeGreaterThanOrEqual(order[k - 1] ?? 0);
    // The default policy's run (no preemption) prints 4.
    expect(modelRun(LOST_UPDATE, []).stdout).toEqual(['4']);
  });

  it('stops at the budget and says it is not complete', async () => {
    let t = 0;
    const report = await explore(
      (forced) => {
        t += 10;
        return Promise.resolve(modelRun(LOST_UPDATE, forced));
      },
      { budgetMs: 50, now: () => t },
    );
    expect(report.complete).toBe(false);
    expect(report.runs).toBe(5);
    expect(report.bound).toBeLessThan(Infinity);
  });

  it('stops when asked', async () => {
    let runs = 0;
    const report = await explore(
      (forced) => {
        runs++;
        return Promise.resolve(modelRun(LOST_UPDATE, forced));
      },
      { budgetMs: 60_000, stopped: () => runs >= 3 },
    );
    expect(report).toMatchObject({ complete: false, runs: 3 });
  });

  it('does not branch off a run whose given decisions did not replay', async () => {
    let first = true;
    const report = await explore(
      (forced) => {
        const rec = modelRun(LOST_UPDATE, forced);
        // A program that behaves differently on its second run: every replay diverges.
        if (!first && forced.length > 0) {
          const k = forced.length - 1;
          const d = rec.decisions[k];
          if (d) rec.decisions[k] = { ...d, choice: d.cands.find((t) => t !== d.choice) ?? d.choice };
        }
        first = false;
        return Promise.resolve(rec);
      },
      { budgetMs: 60_000 },
    );
    expect(report.diverged).toBe(report.runs - 1);
    expect(report.complete).toBe(true);
  });
});
