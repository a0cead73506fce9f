/**
 * The page side of deterministic runs (docs/deterministic-runs.md): the mode select and the seed
 * button, `sched`/`seed`/`speed=max` in links and Share, bad links, and `run()`'s `schedule`.
 * These check the plumbing, not the scheduler: runs here are `parallel`, or deterministic runs
 * that are stopped, so they hold whatever the scheduler in the workers does.
 */
import { expect, test } from '@playwright/test';
import { PlaygroundPage, type RunResultJson } from './pages';

const HELLO = `print('hello');\nprint('world');\n`;
/** Never ends by itself in any mode: only Stop ends it. */
const SPIN = `print('spinning');\nwhile (true) {}\n`;
const SEED = /^[0-9]{1,10}$/;

/** Presses Run, reads the seed the toolbar shows for that run, then stops it. */
async function runAndStop(app: PlaygroundPage): Promise<string> {
  await app.run.click();
  await expect(app.status).toHaveAttribute('data-state', 'running');
  await expect(app.seed).toHaveText(SEED);
  const seed = (await app.seed.textContent()) ?? '';
  await app.stopIfRunning();
  return seed;
}

test.describe('deterministic runs: page side', () => {
  test('the mode select offers the four modes, each explained; parallel disables the seed', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/#example=race');
    await expect(app.sched).toHaveValue('parallel');
    await expect(app.sched.locator('option')).toHaveCount(4);
    expect(await app.sched.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual([
      'parallel',
      'seeded',
      'gil',
      'step',
    ]);
    const title = (await app.sched.locator('xpath=..').getAttribute('title')) ?? '';
    for (const word of ['Parallel:', 'Seeded:', 'GIL:', 'Step:']) expect(title).toContain(word);
    await expect(app.seed).toBeDisabled();
    await expect(app.seed).toHaveText('—');
    await app.sched.selectOption('seeded');
    await expect(app.seed).toBeEnabled();
    await expect(app.seed).toHaveAttribute('data-pinned', 'false');
  });

  test('a link with sched, seed and speed=max selects them, and Share round-trips them', async ({ page, context }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/?sched=seeded&seed=42&speed=max#example=race');
    await expect(app.sched).toHaveValue('seeded');
    await expect(app.seed).toHaveText('42');
    await expect(app.seed).toHaveAttribute('data-pinned', 'true');
    await expect(app.seed).toHaveAttribute('aria-pressed', 'true');
    await expect(app.speed).toHaveValue('max');
    await expect(app.notice).toHaveCount(0);

    const url = new URL(await app.shareUrl());
    expect(url.searchParams.get('sched')).toBe('seeded');
    expect(url.searchParams.get('seed')).toBe('42');
    expect(url.searchParams.get('speed')).toBe('max');
    // The example as it ships: the link names it instead of carrying its code.
    expect(url.searchParams.get('example')).toBeNull();
    expect(url.hash).toBe('#example=race');

    const other = new PlaygroundPage(await context.newPage());
    await other.goto(url.pathname + url.search + url.hash);
    await expect(other.sched).toHaveValue('seeded');
    await expect(other.seed).toHaveText('42');
    await expect(other.seed).toHaveAttribute('data-pinned', 'true');
    await expect(other.speed).toHaveValue('max');
    await expect.poll(() => other.editorText()).toContain('g.num += 1');
    await expect(other.status).toHaveAttribute('data-state', 'idle');
  });

  test('load() with sched and seed, then Share, opens the same mode and pinned seed', async ({ page, context }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/');
    await app.load(HELLO, { sched: 'gil', seed: 4294967295, speed: 5 });
    await expect(app.sched).toHaveValue('gil');
    await expect(app.seed).toHaveText('4294967295');
    const url = await app.shareUrl();
    expect(url).toMatch(/\?speed=5&sched=gil&seed=4294967295#code\//);
    const other = new PlaygroundPage(await context.newPage());
    await other.goto(url);
    await expect.poll(() => other.editorText()).toContain("print('world');");
    await expect(other.sched).toHaveValue('gil');
    await expect(other.seed).toHaveText('4294967295');
    await expect(other.seed).toHaveAttribute('data-pinned', 'true');
  });

  test('each example opens in its own default mode, and its notes say what the modes change', async ({ page }) => {
    const app = new PlaygroundPage(page);
    const modes = page.getByTestId('notes-modes');
    // [example, default mode, words its notes use about the modes]
    for (const [id, mode, words] of [
      ['race', 'parallel', ['2000000', 'Seeded']],
      ['semaphore', 'gil', ['GIL mode', 'Parallel mode']],
      ['gather-main', 'seeded', ['virtual time']],
    ] as const) {
      await app.goto(`/#example=${id}`);
      await expect(app.sched, id).toHaveValue(mode);
      for (const w of words) await expect(modes, id).toContainText(w);
    }
    // The picker opens an example in its default mode, whatever the last one used.
    await page.getByTestId('example-item').filter({ hasText: 'Using Lock' }).first().click();
    await expect(app.sched).toHaveValue('parallel');
  });

  test('a link with an unknown mode or a bad seed says so and opens in the default mode', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/?sched=chaos&seed=4294967296&speed=10#example=race');
    await expect(app.notice).toContainText('Ignored sched “chaos”');
    await expect(app.notice).toContainText('parallel, seeded, gil, step');
    await expect(app.notice).toContainText('Ignored seed “4294967296”');
    // Nothing else is lost: the example and the speed open as the link says.
    await expect(app.sched).toHaveValue('parallel');
    await expect(app.seed).toHaveText('—');
    await expect(app.speed).toHaveValue('10');
    await expect.poll(() => app.editorText()).toContain('g.num += 1');
    await expect(app.run).toBeEnabled();
  });

  test('run() resolves with schedule: mode, seed, decisions and a hash of the lines', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/');
    await app.load(HELLO);
    const a = await app.runViaApi();
    expect(a.state).toBe('finished');
    expect(a.schedule).toMatchObject({ mode: 'parallel', seed: 0, decisions: 0 });
    expect(a.schedule.hash).toMatch(/^[0-9a-f]{16}$/);
    const b = await app.runViaApi();
    expect(b.schedule.hash).toBe(a.schedule.hash);
    await app.load(`print('hello');\nprint('World');\n`);
    const c = await app.runViaApi();
    expect(c.schedule.hash).not.toBe(a.schedule.hash);

    // A compile error never starts, and still reports its mode and seed.
    await app.load(`const x = ;\n`, { sched: 'seeded', seed: 9 });
    const d = await app.runViaApi();
    expect(d.state).toBe('error');
    expect(d.schedule).toMatchObject({ mode: 'seeded', seed: 9, decisions: 0 });

    // A deterministic run, stopped: the result carries the mode and the pinned seed.
    await app.load(SPIN, { sched: 'gil', seed: 42 });
    const pending = page.evaluate(() => window.__playground!.run()) as Promise<RunResultJson>;
    await expect(app.consoleLines.first()).toHaveText('spinning');
    await app.stopIfRunning();
    const e = await pending;
    expect(e.schedule).toMatchObject({ mode: 'gil', seed: 42 });
    expect(e.schedule.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  test('speed=max in parallel runs at the speed control’s highest number', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/');
    await app.load(HELLO, { speed: 'max' });
    await expect(app.speed).toHaveValue('max');
    expect((await app.runViaApi()).state).toBe('finished');
    const trace = (await page.evaluate(() => window.__playground!.trace())) as { metadata?: { speed?: number } };
    expect(trace.metadata?.speed).toBe(50);
  });

  test('an unpinned seed is drawn fresh for each Run; a pinned one stays', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/');
    await app.load(SPIN);
    await app.sched.selectOption('seeded');
    await expect(app.seed).toHaveText('—');

    const first = await runAndStop(app);
    const second = await runAndStop(app);
    expect(second).not.toBe(first);
    await expect(app.seed).toHaveAttribute('data-pinned', 'false');

    await app.seed.click();
    await expect(app.seed).toHaveAttribute('data-pinned', 'true');
    await expect(app.seed).toHaveClass(/pinned/);
    await expect(app.seed).toHaveText(second);
    expect(await runAndStop(app)).toBe(second);
    await app.sched.selectOption('gil');
    expect(await runAndStop(app)).toBe(second);

    await app.seed.click();
    await expect(app.seed).toHaveAttribute('data-pinned', 'false');
    expect(await runAndStop(app)).not.toBe(second);

    // In parallel the seed means nothing: the control is disabled and shows none.
    await app.sched.selectOption('parallel');
    await expect(app.seed).toBeDisabled();
    await expect(app.seed).toHaveText('—');
  });
});
