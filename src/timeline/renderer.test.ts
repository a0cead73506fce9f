import { describe, expect, it } from 'vitest';
import { describeHit, hitTest } from './hit';
import type { Layout } from './lanes';
import { computeLayout, DEFAULT_METRICS, layoutInputFrom } from './lanes';
import { TraceModel } from './model';
import type { Frame } from './renderer';
import { TimelineRenderer } from './renderer';
import { TimeScale } from './scale';
import { stubCanvas } from './stub-canvas.fixture';
import { asyncioScenario, bigScenario, semaphoreScenario } from './synthetic';
import { DARK_THEME, LIGHT_THEME, resolveLabels } from './theme';

function frameFor(model: TraceModel, scale: TimeScale, extra: Partial<Frame> = {}): Frame {
  const layout: Layout = computeLayout(layoutInputFrom(model, new Set()));
  return {
    model,
    layout,
    scale,
    width: 1200,
    height: 600,
    dpr: 2,
    scrollY: 0,
    playhead: null,
    live: false,
    speed: 1,
    endT: model.endT,
    theme: LIGHT_THEME,
    labels: resolveLabels(),
    ...extra,
  };
}

const W = 1200;
const H = DEFAULT_METRICS.headerWidth;

describe('TimelineRenderer', () => {
  const { events } = semaphoreScenario();
  const model = TraceModel.from(events);
  const scale = new TimeScale(0, model.endT, H, W);

  it('draws lanes, legend, axis, blocked labels and arrows', () => {
    const c = stubCanvas();
    const r = new TimelineRenderer();
    const stats = r.draw(c.ctx, frameFor(model, scale, { playhead: 1_000_000 }));
    expect(stats.rows).toBe(12); // 10 lanes, the section, Semaphore#1
    expect(stats.arrows).toBe(6);
    expect(stats.prints).toBe(10);
    expect(c.calls.get('setTransform')).toBeGreaterThan(0);
    for (const s of ['running', 'ready', 'blocked', 'sleeping', 'done', 'crashed']) expect(c.texts).toContain(s);
    expect(c.texts).toContain('MainThread');
    expect(c.texts).toContain('Objects');
    expect(c.texts.some((t) => t.endsWith(' s'))).toBe(true);
    expect(c.texts.some((t) => t.startsWith('Semaphore#1 · acquire'))).toBe(true);
    expect(c.fills).toContain(LIGHT_THEME.states.blocked);
    expect(c.fills).toContain(LIGHT_THEME.playhead);
  });

  it('uses the theme and the labels it is given', () => {
    const c = stubCanvas();
    new TimelineRenderer().draw(
      c.ctx,
      frameFor(model, scale, { theme: DARK_THEME, labels: resolveLabels({ blocked: '阻塞', nope: 'x' }) }),
    );
    expect(c.texts).toContain('阻塞');
    expect(c.fills[0]).toBe(DARK_THEME.background);
  });

  it('notes summarized events', () => {
    const m = TraceModel.from(asyncioScenario().events);
    const c = stubCanvas();
    new TimelineRenderer().draw(c.ctx, frameFor(m, new TimeScale(0, m.endT, H, W)));
    expect(c.texts).toContain('1,500 events summarized');
  });

  it('cuts the legend note to the room right of the entries, never over them', () => {
    const m = TraceModel.from(asyncioScenario().events);
    const noteAt = (width: number): string[] => {
      const c = stubCanvas();
      new TimelineRenderer().draw(c.ctx, frameFor(m, new TimeScale(0, m.endT, H, width), { width }));
      return c.texts.filter((t) => t.startsWith('1,500'));
    };
    expect(noteAt(1200)).toEqual(['1,500 events summarized']);
    // The stub measures 6 px a character: at 480 px the entries end at 390 px.
    const cut = noteAt(480);
    expect(cut).toHaveLength(1);
    expect(cut[0]?.endsWith('…')).toBe(true);
    expect((cut[0]?.length ?? 0) * 6).toBeLessThanOrEqual(480 - 8 - 394);
    // A phone: the six entries tighten up and the note is left out rather than overlapping.
    expect(noteAt(390)).toEqual([]);
  });

  it('fits a long lane name in a narrow name column with the small font before cutting it', () => {
    const narrow = { ...DEFAULT_METRICS, headerWidth: 109 };
    const layout = computeLayout(layoutInputFrom(model, new Set(), narrow));
    const c = stubCanvas();
    new TimelineRenderer().draw(c.ctx, { ...frameFor(model, new TimeScale(0, model.endT, 109, 390)), layout, width: 390 });
    // 'MainThread' fits at the lane font; 'Thread-1 (worker)' (102 px with the stub's 6 px a
    // character) does not fit 109 − 32, so it drops to the small font, then is cut.
    const at = (prefix: string): number => c.texts.findIndex((t) => t.startsWith(prefix));
    expect(c.fonts[at('MainThread')]).toBe(LIGHT_THEME.font);
    expect(c.fonts[at('Thread-1')]).toBe(LIGHT_THEME.smallFont);
    expect(c.texts[at('Thread-1')]?.endsWith('…')).toBe(true);
  });

  it('labels a count row with its value at the playhead', () => {
    const row = model.objectRows().find((o) => o.name === 'Semaphore#1');
    expect(row?.capacity).toBe(3);
    if (!row) return;
    const t = row.gauge.t(Math.min(3, row.gauge.length - 1));
    const c = stubCanvas();
    new TimelineRenderer().draw(c.ctx, frameFor(model, scale, { playhead: t }));
    expect(c.texts).toContain(`${row.gauge.valueAt(t, 0)} / 3`);
  });

  it('skips rows scrolled out of view', () => {
    const c = stubCanvas();
    const stats = new TimelineRenderer().draw(c.ctx, frameFor(model, scale, { height: 120 }));
    expect(stats.rows).toBeLessThan(5);
  });

  it('merges sub-pixel spans: rects are bounded by pixels, not events', () => {
    const big = TraceModel.from(bigScenario(100_000).events);
    const c = stubCanvas();
    const stats = new TimelineRenderer().draw(c.ctx, frameFor(big, new TimeScale(0, big.endT, H, W)));
    expect(stats.spans).toBeGreaterThan(30_000);
    // At most about one rect per pixel per lane (9 lanes), whatever the span count.
    expect(stats.rects).toBeLessThan(9 * (W - H) * 2 + 100);
  });
});

describe('hitTest and describeHit', () => {
  const { events, info } = semaphoreScenario();
  const model = TraceModel.from(events);
  const layout = computeLayout(layoutInputFrom(model, new Set()));
  const scale = new TimeScale(0, model.endT, H, W);
  const ctx = { model, layout, scale, scrollY: 0, height: 600, endT: model.endT };
  const m = DEFAULT_METRICS;
  const rowY = (key: string): number => {
    const r = layout.rows.find((row) => row.key === key);
    return m.axisHeight + (r ? r.y + r.h / 2 + 3 : 0);
  };
  const labels = resolveLabels();
  const source = Array.from({ length: 20 }, (_, i) => `line_${i + 1}()`).join('\n');

  it('finds the axis, the header, spans and objects', () => {
    expect(hitTest(ctx, 600, 5)?.kind).toBe('axis');
    expect(hitTest(ctx, 20, rowY('lane:0'))?.kind).toBe('header');
    const t = 1_500_000; // Thread-7 waits for the semaphore until the third round
    const hit = hitTest(ctx, scale.tToX(t), rowY('lane:7'));
    expect(hit?.kind).toBe('span');
    const d = hit && describeHit(hit, model, 1, source, labels, model.endT, false);
    expect(d?.title).toBe('Thread-7 (worker)');
    expect(d?.lines[0]).toBe('blocked on Semaphore#1 · acquire');
    expect(d?.lines[1]).toMatch(/ s$/);
    expect(d?.lines[2]).toBe('line 5: line_5()');
    const obj = hitTest(ctx, scale.tToX(500_000), rowY('obj:10'));
    expect(obj?.kind).toBe('object');
    const od = obj && describeHit(obj, model, 1, source, labels, model.endT, false);
    expect(od?.title).toBe('Semaphore#1 (Semaphore)');
    expect(od?.lines[0]).toBe('value 3 / 3');
  });

  it('lists counted fast paths in an object tooltip', () => {
    const m = TraceModel.from(asyncioScenario().events);
    const l = computeLayout(layoutInputFrom(m, new Set()));
    const row = l.rows.find((r) => r.kind === 'object');
    const c = { model: m, layout: l, scale: new TimeScale(0, m.endT, H, W), scrollY: 0, height: 600, endT: m.endT };
    const hit = row && hitTest(c, 500, DEFAULT_METRICS.axisHeight + row.y + 2);
    expect(hit?.kind).toBe('object');
    const d = hit && describeHit(hit, m, 1, '', resolveLabels(), m.endT, false);
    expect(d?.lines).toContain('acquire: 1,500 counted');
  });

  it('describes a wake arrow under the pointer', () => {
    const a = model.arrows;
    const to = a.toLane.at(0);
    const x = scale.tToX(a.t.at(0));
    const y = rowY(`lane:${to}`) - 3; // the row's centre (rowY adds 3)
    const hit = hitTest(ctx, x, y);
    expect(hit?.kind).toBe('arrow');
    const d = hit && describeHit(hit, model, 1, source, labels, model.endT, false);
    expect(d?.title).toBe('Semaphore#1 · release');
    expect(d?.lines[0]).toBe('Thread-1 (worker) → Thread-4 (worker)');
    expect(d?.lines[1]).toBe('woken after 40 µs');
  });

  it('finds print markers near the pointer', () => {
    const p = model.prints;
    const lane = model.lanes[p.lane.at(0)];
    const x = scale.tToX(p.t.at(0)) + 2;
    const y = rowY(`lane:${lane?.index ?? 0}`) - 8;
    const hit = hitTest(ctx, x, y);
    expect(hit?.kind).toBe('print');
    const d = hit && describeHit(hit, model, 1, source, labels, model.endT, false);
    expect(d?.lines[0]).toBe('Thread-1 got the semaphore');
    expect(info.endedAt).toBeGreaterThan(0);
  });
});
