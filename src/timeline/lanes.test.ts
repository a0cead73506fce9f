import { describe, expect, it } from 'vitest';
import type { LayoutInput } from './lanes';
import {
  AUTO_COLLAPSE_TASKS,
  COMPACT_FLOORS,
  computeLayout,
  fitMetrics,
  headerWidthFor,
  isCollapsed,
  DEFAULT_METRICS,
  laneCenters,
  layoutInputFrom,
  OBJECTS_SECTION_KEY,
  rowAt,
  rowsIn,
} from './lanes';
import { TraceModel } from './model';
import { asyncioScenario, semaphoreScenario } from './synthetic';

const m = DEFAULT_METRICS;

function input(collapsed: string[] = []): LayoutInput {
  return {
    lanes: [
      { key: 'lane:0', label: 'MainThread', color: '#111', ref: 0, children: [] },
      {
        key: 'lane:1',
        label: 'Thread-1',
        color: '#222',
        ref: 1,
        children: [
          { key: 'lane:2', label: 'Task-1', color: '#333', ref: 2 },
          { key: 'lane:3', label: 'Task-2', color: '#444', ref: 3 },
        ],
      },
    ],
    objects: [{ key: 'obj:7', label: 'Lock#1', ref: 7 }],
    collapsed: new Set(collapsed),
  };
}

describe('computeLayout', () => {
  it('stacks lanes, sub-lanes, then the objects section', () => {
    const l = computeLayout(input());
    expect(l.rows.map((r) => `${r.kind}:${r.label}`)).toEqual([
      'lane:MainThread',
      'lane:Thread-1',
      'task:Task-1',
      'task:Task-2',
      'section:Objects',
      'object:Lock#1',
    ]);
    let y = m.gap;
    for (const r of l.rows) {
      expect(r.y).toBe(y);
      y += r.h + m.gap;
    }
    expect(l.contentHeight).toBe(y);
    expect(l.rows[2]?.h).toBe(m.subLaneHeight);
    expect(l.rows[2]?.depth).toBe(1);
    expect(l.rows[1]?.collapsible).toBe(true);
    expect(l.rows[0]?.collapsible).toBe(false);
  });

  it('collapses a lane with tasks and the objects section', () => {
    const l = computeLayout(input(['lane:1', OBJECTS_SECTION_KEY]));
    expect(l.rows.map((r) => r.key)).toEqual(['lane:0', 'lane:1', OBJECTS_SECTION_KEY]);
    expect(l.rows[1]?.collapsed).toBe(true);
    expect(l.rows[1]?.hidden).toBe(2);
    expect(l.rows[2]?.hidden).toBe(1);
    expect(l.contentHeight).toBeLessThan(computeLayout(input()).contentHeight);
  });

  it('starts a lane with many tasks collapsed; toggling its key expands it', () => {
    const children = Array.from({ length: AUTO_COLLAPSE_TASKS + 1 }, (_, i) => ({
      key: `lane:${i + 1}`,
      label: `Task-${i}`,
      color: '#333',
      ref: i + 1,
    }));
    const many: LayoutInput = {
      lanes: [{ key: 'lane:0', label: 'MainThread', color: '#111', ref: 0, children }],
      objects: [],
      collapsed: new Set(),
    };
    const l = computeLayout(many);
    expect(l.rows).toHaveLength(1);
    expect(l.rows[0]?.collapsed).toBe(true);
    expect(l.rows[0]?.hidden).toBe(AUTO_COLLAPSE_TASKS + 1);
    expect(computeLayout({ ...many, collapsed: new Set(['lane:0']) }).rows).toHaveLength(AUTO_COLLAPSE_TASKS + 2);
    // The builder skips the hidden sub-lanes but keeps their count.
    expect(isCollapsed(new Set(), 'lane:0', AUTO_COLLAPSE_TASKS)).toBe(false);
    expect(computeLayout({ ...many, lanes: [{ key: 'lane:0', label: 'M', color: '#1', ref: 0, children: [], childCount: 50 }] }).rows[0]?.hidden).toBe(50);
  });

  it('ignores collapse for lanes without children', () => {
    const l = computeLayout(input(['lane:0']));
    expect(l.rows[0]?.collapsed).toBe(false);
  });

  it('has no objects section without objects', () => {
    const l = computeLayout({ ...input(), objects: [] });
    expect(l.rows.some((r) => r.kind === 'section')).toBe(false);
  });

  it('finds the row under a y and the rows in a band', () => {
    const l = computeLayout(input());
    const r3 = l.rows[3];
    expect(r3).toBeDefined();
    if (!r3) return;
    expect(rowAt(l, r3.y + 1)?.key).toBe(r3.key);
    expect(rowAt(l, r3.y + r3.h + m.gap / 2)).toBeUndefined(); // in the gap
    expect(rowAt(l, -5)).toBeUndefined();
    expect(rowAt(l, l.contentHeight + 10)).toBeUndefined();
    const [a, b] = rowsIn(l, r3.y, r3.y + r3.h + m.gap + 1);
    expect(l.rows.slice(a, b).map((r) => r.key)).toEqual(['lane:3', OBJECTS_SECTION_KEY]);
    expect(rowsIn(l, 0, l.contentHeight)).toEqual([0, l.rows.length]);
  });

  it('builds from a model: tasks under their thread, objects with data only', () => {
    const model = TraceModel.from(asyncioScenario().events);
    const l = computeLayout(layoutInputFrom(model, new Set()));
    const kinds = l.rows.map((r) => `${r.kind}:${r.label}`);
    expect(kinds).toEqual([
      'lane:MainThread',
      'task:Task-0 (main)',
      'task:Task-1',
      'task:Task-2',
      'task:Task-3',
      'section:Objects',
      'object:asyncio.Lock#1',
    ]);
    // A collapsed thread's tasks are drawn at the thread's centre (arrows still have an end).
    const collapsed = computeLayout(layoutInputFrom(model, new Set(['lane:0'])));
    const centers = laneCenters(collapsed, model);
    const main = collapsed.rows[0];
    expect(main).toBeDefined();
    if (!main) return;
    for (let i = 1; i < model.lanes.length; i++) expect(centers[i]).toBe(main.y + main.h / 2);
  });

  it('lays out the semaphore scenario with one object row', () => {
    const model = TraceModel.from(semaphoreScenario().events);
    const l = computeLayout(layoutInputFrom(model, new Set()));
    expect(l.rows.filter((r) => r.kind === 'lane')).toHaveLength(10);
    expect(l.rows.filter((r) => r.kind === 'object').map((r) => r.label)).toEqual(['Semaphore#1']);
  });
});

describe('fitting the pane', () => {
  it('keeps the name column on wide views and narrows it on a phone', () => {
    expect(headerWidthFor(1400)).toBe(m.headerWidth);
    expect(headerWidthFor(600)).toBe(m.headerWidth);
    expect(headerWidthFor(390)).toBe(109);
    expect(headerWidthFor(200)).toBe(96);
  });

  it('shrinks overflowing rows so the objects section is in view, down to readable floors', () => {
    const model = TraceModel.from(semaphoreScenario().events);
    const full = computeLayout(layoutInputFrom(model, new Set()));
    // A laptop-sized timeline pane: 10 lanes and the Semaphore row do not fit at full height.
    const visible = 264;
    expect(full.contentHeight).toBeGreaterThan(visible);
    const fm = fitMetrics(m, full, visible);
    const fitted = computeLayout(layoutInputFrom(model, new Set(), fm));
    expect(fitted.contentHeight).toBeLessThanOrEqual(visible);
    const obj = fitted.rows.find((r) => r.kind === 'object');
    expect(obj && obj.y + obj.h).toBeLessThanOrEqual(visible);
    expect(fm.laneHeight).toBeGreaterThanOrEqual(COMPACT_FLOORS.laneHeight);
    expect(fm.headerWidth).toBe(m.headerWidth);
    // Rows that fit are left alone; a tiny pane stops at the floors (and scrolls).
    expect(fitMetrics(m, full, full.contentHeight)).toBe(m);
    const floor = fitMetrics(m, full, 50);
    expect(floor.laneHeight).toBe(COMPACT_FLOORS.laneHeight);
    expect(floor.objectRowHeight).toBe(COMPACT_FLOORS.objectRowHeight);
    expect(floor.gap).toBe(COMPACT_FLOORS.gap);
  });
});
