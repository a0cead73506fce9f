/**
 * Pure-Node micro-benchmark of the timeline's hot paths on 100,000 events: folding, visible-range
 * queries, `linesAt`, a renderer frame (against a recording stub context), Chrome-trace export.
 * It prints numbers and asserts only correctness: timings on a shared 2-core machine are noise
 * for a pass/fail gate. The in-browser fps benchmark is `bench-harness.ts`.
 */
import { describe, expect, it } from 'vitest';
import { toChromeTrace } from './chrome-trace';
import { computeLayout, layoutInputFrom } from './lanes';
import { TraceModel } from './model';
import { TimelineRenderer } from './renderer';
import { TimeScale } from './scale';
import { stubCanvas } from './stub-canvas.fixture';
import { bigScenario, TraceBuilder } from './synthetic';
import { LIGHT_THEME, resolveLabels } from './theme';

const N = 100_000;

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
}

describe(`timeline micro-benchmark (${N.toLocaleString('en-US')} events)`, () => {
  it('folds, queries, draws and exports', () => {
    const [{ events, info }, genMs] = time(() => bigScenario(N));
    const [model, foldMs] = time(() => {
      const m = new TraceModel();
      // Batches of 512, as a live drain would deliver them.
      for (let i = 0; i < events.length; i += 512) m.append(events.slice(i, i + 512));
      return m;
    });
    expect(model.eventCount).toBe(events.length);
    const spans = model.lanes.reduce((s, l) => s + l.spans.length, 0);

    // Visible-range queries: 10,000 random windows of 0.1%–10% of the run, on every lane.
    let seed = 1;
    const rnd = (): number => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const Q = 10_000;
    let visited = 0;
    const [, queryMs] = time(() => {
      for (let q = 0; q < Q; q++) {
        const w = model.endT * (0.001 + rnd() * 0.099);
        const t0 = rnd() * (model.endT - w);
        for (const lane of model.lanes) {
          const [a, b] = lane.spans.rangeIn(t0, t0 + w);
          visited += b - a;
        }
        const [pa, pb] = model.prints.index.candidates(t0, t0 + w);
        const [aa, ab] = model.arrows.index.candidates(t0, t0 + w);
        visited += pb - pa + ab - aa;
      }
    });
    const [, linesMs] = time(() => {
      for (let q = 0; q < 1000; q++) model.linesAt(rnd() * model.endT);
    });

    // Frames: whole run (everything sub-pixel, worst case), then a pan/zoom sweep.
    const layout = computeLayout(layoutInputFrom(model, new Set()));
    const c = stubCanvas();
    const r = new TimelineRenderer();
    const frame = (scale: TimeScale): number => {
      c.reset();
      return r.draw(c.ctx, {
        model,
        layout,
        scale,
        width: 1400,
        height: 700,
        dpr: 2,
        scrollY: 0,
        playhead: scale.t0 + scale.span / 2,
        live: false,
        speed: info.speed,
        endT: model.endT,
        theme: LIGHT_THEME,
        labels: resolveLabels(),
      }).ms;
    };
    const full = new TimeScale(0, model.endT, 150, 1400);
    for (let i = 0; i < 5; i++) frame(full); // warm-up (JIT)
    const fullMs: number[] = [];
    for (let i = 0; i < 20; i++) fullMs.push(frame(full));
    let s = full;
    const sweepMs: number[] = [];
    for (let i = 0; i < 120; i++) {
      s = i < 60 ? s.zoomAround(model.endT * 0.4, 1.08) : s.panBy(-25);
      sweepMs.push(frame(s));
    }
    const [trace, exportMs] = time(() => toChromeTrace(events, info));
    expect(trace.traceEvents.length).toBeGreaterThan(N / 2);

    const avg = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;
    const max = (a: number[]): number => Math.max(...a);
    const report = {
      events: events.length,
      lanes: model.lanes.length,
      spans,
      arrows: model.arrows.length,
      prints: model.prints.length,
      'generate ms': +genMs.toFixed(1),
      'fold ms': +foldMs.toFixed(1),
      'fold events/ms': Math.round(events.length / foldMs),
      'range query µs (all lanes + prints + arrows)': +((queryMs * 1000) / Q).toFixed(2),
      'candidates visited per query': Math.round(visited / Q),
      'linesAt µs': +((linesMs * 1000) / 1000).toFixed(2),
      'frame ms, whole run (avg/max)': `${avg(fullMs).toFixed(2)} / ${max(fullMs).toFixed(2)}`,
      'frame ms, zoom+pan sweep (avg/max)': `${avg(sweepMs).toFixed(2)} / ${max(sweepMs).toFixed(2)}`,
      'chrome trace export ms': +exportMs.toFixed(1),
    };
    console.log('[timeline bench]', JSON.stringify(report, null, 2));
    expect(spans).toBeGreaterThan(N / 4);
  });
});

describe('timeline micro-benchmark (100,000 asyncio tasks)', () => {
  it('folds 300,000 task events into 100,000 sub-lanes and lays them out collapsed', () => {
    const b = new TraceBuilder();
    b.thread(0, 1, 'MainThread', 'main', null);
    const TASKS = 100_000;
    for (let i = 1; i <= TASKS; i++) b.task(i, 1, i, `Task-${i}`, 'created', { parentTask: 0 });
    for (let i = 1; i <= TASKS; i++) {
      b.task(TASKS + 2 * i, 1, i, `Task-${i}`, 'running', { line: 3 });
      b.task(TASKS + 2 * i + 1, 1, i, `Task-${i}`, 'done');
    }
    const events = b.finish();
    const heap0 = process.memoryUsage();
    const [model, foldMs] = time(() => TraceModel.from(events));
    const heap1 = process.memoryUsage();
    const [layout, layoutMs] = time(() => computeLayout(layoutInputFrom(model, new Set())));
    const [expanded, expandedMs] = time(() => computeLayout(layoutInputFrom(model, new Set(['lane:0']))));
    expect(model.lanes).toHaveLength(TASKS + 1);
    expect(layout.rows).toHaveLength(1); // the thread, its 100,000 tasks folded away
    expect(layout.rows[0]?.hidden).toBe(TASKS);
    expect(expanded.rows).toHaveLength(TASKS + 1);
    const mb = (heap1.heapUsed + heap1.arrayBuffers - heap0.heapUsed - heap0.arrayBuffers) / 1e6;
    console.log(
      '[timeline bench: tasks]',
      JSON.stringify({
        events: events.length,
        'fold ms': +foldMs.toFixed(1),
        'model MB (approx.)': +mb.toFixed(1),
        'layout ms (collapsed)': +layoutMs.toFixed(2),
        'layout ms (expanded)': +expandedMs.toFixed(1),
      }),
    );
  });
});
