/**
 * The timeline in real Chromium (issue 5, docs/timeline.md and docs/urls-and-automation.md): run `semaphore`, `barrier`, `event`
 * and `asyncio-queue` from the picker's URLs with the Run button, then check
 *
 * - the exported trace (`window.__playground.trace()`, Chrome trace-event JSON): lanes named by
 *   `M thread_name`, state spans as `X`, wake arrows as `s`/`f` flow pairs, asyncio tasks as
 *   `b`/`e` async events, object gauges as `C` counters (a Semaphore(3) never has more than 3
 *   permits in use);
 * - that the canvas is drawn: a screenshot of `[data-testid=timeline]` is not blank (PNG decoded
 *   here with zlib, no image library) and differs between two moments of a live run;
 * - replay: clicking a console line moves the playhead, and scrubbing on the time axis highlights
 *   the threads' lines in Monaco (the `cp-hl-*` decoration classes of src/editor/monaco-editor.ts).
 *
 * Speeds are high (`?speed=10`) so the whole file takes well under a minute and a half.
 */
import { inflateSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { PlaygroundPage } from './pages';

// ---- Chrome trace helpers ---------------------------------------------------------------------

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  id?: string;
  bp?: string;
  args?: Record<string, unknown>;
}

async function exportedTrace(page: Page): Promise<TraceEvent[]> {
  const trace = (await page.evaluate(() => window.__playground!.trace())) as { traceEvents?: TraceEvent[] };
  expect(Array.isArray(trace.traceEvents), 'trace() returns {traceEvents: [...]}').toBe(true);
  return trace.traceEvents ?? [];
}

/** tid → lane name, from the `M thread_name` metadata. */
function laneNames(events: TraceEvent[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') out.set(e.tid, String(e.args?.['name']));
  }
  return out;
}

/** `X` state spans per lane name. */
function spansByLane(events: TraceEvent[]): Map<string, TraceEvent[]> {
  const names = laneNames(events);
  const out = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X') continue;
    const lane = names.get(e.tid) ?? `?${e.tid}`;
    out.set(lane, [...(out.get(lane) ?? []), e]);
  }
  return out;
}

/**
 * Wake arrows: every `s` has exactly one `f` with its id (and vice versa), bound to the enclosing
 * slice, not before its tail (worker clocks may disagree by a little).
 */
function flows(events: TraceEvent[]): { name: string; from: number; to: number }[] {
  const starts = new Map<string, TraceEvent>();
  const ends = new Map<string, TraceEvent>();
  for (const e of events) {
    if (e.ph === 's') {
      expect(starts.has(e.id!), `flow id ${e.id} starts once`).toBe(false);
      starts.set(e.id!, e);
    } else if (e.ph === 'f') {
      expect(ends.has(e.id!), `flow id ${e.id} ends once`).toBe(false);
      ends.set(e.id!, e);
    }
  }
  expect([...ends.keys()].sort()).toEqual([...starts.keys()].sort());
  return [...starts].map(([id, s]) => {
    const f = ends.get(id)!;
    expect(f.bp).toBe('e');
    expect(f.name).toBe(s.name);
    expect(f.ts!).toBeGreaterThanOrEqual(s.ts! - 2_000);
    return { name: s.name, from: s.tid, to: f.tid };
  });
}

/** Values of series `series` of the `C` counter named `name`. */
function counterValues(events: TraceEvent[], name: string, series: string): number[] {
  return events.filter((e) => e.ph === 'C' && e.name === name).map((e) => Number(e.args?.[series]));
}

// ---- screenshots: a tiny PNG decoder (8-bit RGB/RGBA, non-interlaced: what Chromium writes) ---

interface Pixels {
  width: number;
  height: number;
  /** Bytes per pixel (3 or 4). */
  bpp: number;
  data: Uint8Array;
}

function decodePng(buf: Buffer): Pixels {
  expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let off = 8;
  let width = 0;
  let height = 0;
  let bpp = 0;
  const idat: Buffer[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    const body = buf.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const depth = body[8];
      const colorType = body[9];
      expect(depth, 'PNG bit depth').toBe(8);
      expect(body[12], 'PNG interlace').toBe(0);
      bpp = colorType === 6 ? 4 : colorType === 2 ? 3 : 0;
      expect(bpp, `PNG colour type ${colorType}`).toBeGreaterThan(0);
    } else if (type === 'IDAT') {
      idat.push(body);
    } else if (type === 'IEND') {
      break;
    }
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const data = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] ?? 0;
    const src = y * (stride + 1) + 1;
    const dst = y * stride;
    for (let x = 0; x < stride; x++) {
      const v = raw[src + x] ?? 0;
      const a = x >= bpp ? (data[dst + x - bpp] ?? 0) : 0;
      const b = y > 0 ? (data[dst - stride + x] ?? 0) : 0;
      const c = x >= bpp && y > 0 ? (data[dst - stride + x - bpp] ?? 0) : 0;
      let p = 0;
      if (filter === 1) p = a;
      else if (filter === 2) p = b;
      else if (filter === 3) p = (a + b) >> 1;
      else if (filter === 4) {
        const pa = Math.abs(b - c);
        const pb = Math.abs(a - c);
        const pc = Math.abs(a + b - 2 * c);
        p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      data[dst + x] = (v + p) & 0xff;
    }
  }
  return { width, height, bpp, data };
}

/** Distinct colours, and the share of pixels that are not the most common (background) colour. */
function pixelStats(png: Buffer): { distinct: number; nonBackground: number; width: number; height: number } {
  const px = decodePng(png);
  const counts = new Map<number, number>();
  const n = px.width * px.height;
  for (let i = 0; i < n; i++) {
    const o = i * px.bpp;
    const key = ((px.data[o] ?? 0) << 16) | ((px.data[o + 1] ?? 0) << 8) | (px.data[o + 2] ?? 0);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const top = Math.max(...counts.values());
  return { distinct: counts.size, nonBackground: 1 - top / n, width: px.width, height: px.height };
}

/** Share of pixels that differ between two same-size screenshots. */
function pixelDiff(a: Buffer, b: Buffer): number {
  const pa = decodePng(a);
  const pb = decodePng(b);
  if (pa.width !== pb.width || pa.height !== pb.height || pa.bpp !== pb.bpp) return 1;
  let diff = 0;
  const n = pa.width * pa.height;
  for (let i = 0; i < n; i++) {
    const o = i * pa.bpp;
    if (pa.data[o] !== pb.data[o] || pa.data[o + 1] !== pb.data[o + 1] || pa.data[o + 2] !== pb.data[o + 2]) diff++;
  }
  return diff / n;
}

function expectDrawn(png: Buffer, what: string): void {
  const s = pixelStats(png);
  // A blank canvas is one colour; the header column, axis, legend and state spans give dozens.
  expect(s.distinct, `${what}: distinct colours`).toBeGreaterThan(12);
  expect(s.nonBackground, `${what}: share of non-background pixels`).toBeGreaterThan(0.15);
}

// ---- the app ---------------------------------------------------------------------------------

/** Opens a scenario at `speed` and waits for the timeline chunk (and Monaco when asked). */
/** Opens an example at `speed`, in its default mode or the one `query` names (`sched=…&seed=…`). */
async function openScenario(page: Page, id: string, speed: number, monaco = false, query = ''): Promise<PlaygroundPage> {
  const app = new PlaygroundPage(page);
  await app.goto(`/?speed=${speed}${query ? `&${query}` : ''}#example=${id}`);
  await expect(app.timeline).toHaveAttribute('data-ready', 'ready', { timeout: 20_000 });
  await expect(app.timeline.locator('canvas')).toBeVisible();
  if (monaco) await app.waitForMonaco();
  await expect(app.run).toBeEnabled();
  return app;
}

const HIGHLIGHTS = '[data-testid="editor"] .monaco-editor .view-overlays [class*="cp-hl-"]';

test.describe('timeline', () => {
  test('semaphore: lanes, permits never above 3, release→acquire arrows; live canvas; replay', async ({ page }) => {
    // Parallel: permits change hands between threads that really run at once (in `gil`, the
    // default, a thread that releases takes its permit straight back, as under CPython's GIL).
    const app = await openScenario(page, 'semaphore', 10, true, 'sched=parallel');
    await app.run.click();
    await expect(app.status).toHaveAttribute('data-state', 'running');
    await expect(app.consoleLines.first()).toBeVisible();
    const early = await app.timeline.screenshot();
    // The first batch sleeps 2 program s (0.2 s wall); let a few batches hand permits over.
    await page.waitForTimeout(1_500);
    const later = await app.timeline.screenshot();
    expectDrawn(early, 'live, early');
    expectDrawn(later, 'live, later');
    expect(pixelDiff(early, later), 'the live timeline moves').toBeGreaterThan(0.01);
    expect(await app.stopIfRunning()).toBe('stopped');

    const events = await exportedTrace(page);
    const names = [...laneNames(events).values()];
    expect(names).toContain('MainThread');
    for (let i = 1; i <= 9; i++) expect(names).toContain(`Thread-${i} (fun)`);

    const spans = spansByLane(events);
    expect(spans.get('MainThread')?.map((e) => e.name)).toEqual(expect.arrayContaining(['running', 'sleeping']));
    const all = [...spans.values()].flat();
    for (const e of all) expect(e.dur!).toBeGreaterThanOrEqual(0);
    const blocked = all.filter((e) => e.name === 'blocked on Semaphore#1');
    expect(blocked.length, 'threads blocked on the semaphore').toBeGreaterThanOrEqual(6);
    expect(blocked[0]?.args?.['object']).toBe('Semaphore#1');
    expect(all.filter((e) => e.name === 'sleeping').length).toBeGreaterThanOrEqual(6);

    const inUse = counterValues(events, 'Semaphore#1', 'in use');
    expect(inUse.length).toBeGreaterThan(6);
    expect(Math.max(...inUse), 'permits in use').toBe(3);
    expect(Math.min(...inUse)).toBeGreaterThanOrEqual(0);

    const arrows = flows(events);
    const handOvers = arrows.filter((a) => a.name === 'release → acquire Semaphore#1');
    expect(handOvers.length, 'release → acquire arrows').toBeGreaterThanOrEqual(2);
    for (const a of handOvers) expect(a.from).not.toBe(a.to);

    // After the run: clicking a console line moves the playhead to its moment (the canvas
    // changes) and, as with any scrub, the editor highlights the line each thread was on.
    await page.waitForTimeout(300);
    const ended = await app.timeline.screenshot();
    expectDrawn(ended, 'after the run');
    await app.consoleLines.first().click();
    await expect(page.locator(HIGHLIGHTS).first()).toBeAttached();
    await page.waitForTimeout(200);
    const jumped = await app.timeline.screenshot();
    expect(pixelDiff(ended, jumped), 'the playhead moved').toBeGreaterThan(0.001);

    // Scrubbing: drag the playhead along the time axis; the highlights follow.
    const box = (await app.timeline.locator('canvas').boundingBox())!;
    const axisY = box.y + 12;
    await page.mouse.move(box.x + box.width * 0.5, axisY);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, axisY, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.9, axisY, { steps: 5 });
    await page.mouse.up();
    await expect(page.locator(HIGHLIGHTS).first()).toBeAttached();
    const lines = await page.locator('[data-testid="editor"] .monaco-editor .margin-view-overlays [class*="cp-hl-"]').count();
    expect(lines, 'one gutter mark per highlighted line').toBeGreaterThan(0);
    const scrubbed = await app.timeline.screenshot();
    expect(pixelDiff(jumped, scrubbed), 'the scrubber moved').toBeGreaterThan(0.001);
  });

  test('barrier: groups of 3 released together, barrier arrows, arrivals counter', async ({ page }) => {
    const app = await openScenario(page, 'barrier', 10);
    await app.run.click();
    expect(await app.waitForEnd(30_000)).toBe('finished');
    expectDrawn(await app.timeline.screenshot(), 'barrier');

    const events = await exportedTrace(page);
    const names = [...laneNames(events).values()];
    for (let i = 1; i <= 9; i++) expect(names).toContain(`Thread-${i} (fun)`);
    const all = [...spansByLane(events).values()].flat();
    expect(all.filter((e) => e.name === 'blocked on Barrier#1').length).toBeGreaterThanOrEqual(6);

    const arrivals = counterValues(events, 'Barrier#1', 'arrivals');
    expect(Math.max(...arrivals)).toBe(3);
    expect(arrivals).toContain(0);

    // Each release wakes the two threads that were waiting: 3 groups × 2 arrows.
    const arrows = flows(events).filter((a) => a.name === 'barrier Barrier#1');
    expect(arrows.length).toBe(6);
    for (const a of arrows) expect(a.from).not.toBe(a.to);
  });

  test('event: set → wait arrows from MainThread to the waiting thread, flag counter', async ({ page }) => {
    const app = await openScenario(page, 'event', 10);
    await app.run.click();
    await expect(app.consoleLines.filter({ hasText: '********' })).toHaveCount(1, { timeout: 20_000 });
    // The waiting thread loops forever: stop it (or the deadlock detector already ended the run).
    expect(['stopped', 'deadlock']).toContain(await app.stopIfRunning());
    expectDrawn(await app.timeline.screenshot(), 'event');

    const events = await exportedTrace(page);
    const byName = new Map([...laneNames(events)].map(([tid, n]) => [n, tid]));
    expect(byName.has('MainThread')).toBe(true);
    expect(byName.has('Thread-1 (fun)')).toBe(true);
    const spans = spansByLane(events);
    expect(spans.get('Thread-1 (fun)')?.map((e) => e.name)).toContain('blocked on Event#1');
    expect(spans.get('MainThread')?.map((e) => e.name)).toContain('sleeping');

    const sets = flows(events).filter((a) => a.name === 'set → wait Event#1');
    expect(sets.length).toBeGreaterThanOrEqual(4);
    for (const a of sets) {
      expect(a.from).toBe(byName.get('MainThread'));
      expect(a.to).toBe(byName.get('Thread-1 (fun)'));
    }
    const flag = counterValues(events, 'Event#1', 'set');
    expect(flag).toContain(1);
    expect(flag).toContain(0);
  });

  test('asyncio-queue: tasks as async slices on the loop thread, with their states', async ({ page }) => {
    const app = await openScenario(page, 'asyncio-queue', 1);
    await app.run.click();
    expect(await app.waitForEnd()).toBe('finished');
    expectDrawn(await app.timeline.screenshot(), 'asyncio-queue');

    const events = await exportedTrace(page);
    const names = laneNames(events);
    expect([...names.values()]).toEqual(['MainThread']);
    const mainTid = [...names.keys()][0];

    const asyncEvents = events.filter((e) => e.cat === 'asyncio');
    expect(asyncEvents.length).toBeGreaterThan(20);
    // Every task slice (and every nested state slice) that begins also ends, on the loop thread.
    const depth = new Map<string, number>();
    const taskNames = new Set<string>();
    const states = new Set<string>();
    for (const e of asyncEvents) {
      expect(['b', 'e']).toContain(e.ph);
      expect(e.tid).toBe(mainTid);
      expect(e.id).toMatch(/^task-\d+$/);
      const d = depth.get(e.id!) ?? 0;
      if (e.ph === 'b') {
        if (d === 0) taskNames.add(e.name);
        else states.add(e.name);
      }
      depth.set(e.id!, d + (e.ph === 'b' ? 1 : -1));
      expect(depth.get(e.id!)!).toBeGreaterThanOrEqual(0);
    }
    for (const [id, d] of depth) expect(d, `task slice ${id} is closed`).toBe(0);
    // main + 2 consumers + the producer.
    expect([...taskNames].sort()).toEqual(['Task-1', 'Task-2', 'Task-3', 'Task-4']);
    const stateList = [...states];
    expect(stateList).toContain('running');
    expect(stateList.some((s) => s.startsWith('waiting:') && s.endsWith(' get'))).toBe(true);
    expect(stateList.some((s) => s.startsWith('waiting:') && s.endsWith(' put'))).toBe(true);
    expect(stateList.some((s) => s.startsWith('waiting: sleep'))).toBe(true);
    expect(spansByLane(events).get('MainThread')?.length ?? 0).toBeGreaterThan(0);
  });
});
