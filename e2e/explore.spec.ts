/**
 * The outcome explorer in real Chromium (docs/diagnostics.md, "Outcome explorer"): the program
 * runs over its schedules in step mode on reused Workers, each distinct outcome is listed with
 * how many schedules gave it and a step link that replays one, and the result says whether every
 * schedule was tried.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { LOST_UPDATE_TWICE as TWICE } from './helpers';
import { PlaygroundPage } from './pages';

interface Outcome {
  stdout: string[];
  state: string;
  count: number;
  link: string;
}
interface Explored {
  complete: boolean;
  runs: number;
  outcomes: Outcome[];
}

/** The `deadlock` scenario without its sleeps: whether it deadlocks depends on the schedule. */
const DEADLOCK = readFileSync('src/scenarios/deadlock/port.ts', 'utf8').replace(/^\s*time\.sleep\(0\.5\);\n/gm, '');

async function open(page: Page, source: string): Promise<PlaygroundPage> {
  const app = new PlaygroundPage(page);
  await app.goto('/#example=race');
  await page.waitForFunction(() => !!window.__playground);
  await app.load(source);
  return app;
}

const explore = (page: Page, options: { budgetMs: number; reduce?: boolean }): Promise<Explored> =>
  page.evaluate((o) => window.__playground!.explore(o), options) as Promise<Explored>;

/** Opens an outcome's link in a fresh page: the step run replays the schedule to its end. */
async function replay(page: Page, link: string): Promise<{ state: string; stdout: string[] }> {
  const app = new PlaygroundPage(page);
  await page.goto(link);
  const state = await app.waitForEnd(30_000);
  const stdout = (await app.consoleTexts()).filter((l) => l.stream === 'stdout').map((l) => l.text);
  return { state, stdout };
}

test.describe('outcome explorer', () => {
  test('two threads incrementing twice: exactly 2, 3 and 4, every schedule tried; a link replays its outcome', async ({ page, browser }) => {
    test.setTimeout(240_000);
    await open(page, TWICE);
    const r = await explore(page, { budgetMs: 180_000 });
    expect(r.complete).toBe(true);
    expect(r.outcomes.map((o) => o.stdout).sort()).toEqual([['2'], ['3'], ['4']]);
    expect(r.outcomes.every((o) => o.state === 'finished' && o.count >= 1)).toBe(true);
    expect(r.outcomes.reduce((n, o) => n + o.count, 0)).toBe(r.runs);
    // The lost update's link, opened anew, replays to the same output.
    const lost = r.outcomes.find((o) => o.stdout[0] === '2') as Outcome;
    expect(lost.link).toMatch(/[?&]sched=step&/);
    expect(lost.link).toMatch(/[?&]steps=[0-9x.]+/);
    const fresh = await browser.newPage();
    expect(await replay(fresh, lost.link)).toEqual({ state: 'finished', stdout: ['2'] });
    await fresh.close();
  });

  test('the deadlock scenario without its sleeps: the explorer finds the deadlock and the clean finish', async ({ page, browser }) => {
    test.setTimeout(180_000);
    await open(page, DEADLOCK);
    // The Explore button, the results panel, and the button again to stop once both are listed.
    await page.getByTestId('explore').click();
    const panel = page.getByTestId('explore-results');
    await expect(panel).toBeVisible();
    await expect(panel.locator('[data-testid=explore-outcome][data-state=deadlock]').first()).toBeVisible({ timeout: 120_000 });
    await expect(panel.locator('[data-testid=explore-outcome][data-state=finished]').first()).toBeVisible({ timeout: 120_000 });
    await page.getByTestId('explore').click();
    await expect(panel).toHaveAttribute('data-running', 'false', { timeout: 30_000 });
    await expect(panel).toHaveAttribute('data-complete', 'false');
    const clean = panel.locator('[data-testid=explore-outcome][data-state=finished]').first();
    await expect(clean.getByTestId('explore-stdout')).toContainText('done');
    // The deadlock's replay link deadlocks again, after the same lines.
    const deadlock = panel.locator('[data-testid=explore-outcome][data-state=deadlock]').first();
    const link = (await deadlock.getByTestId('explore-replay').getAttribute('href')) as string;
    const printed = ((await deadlock.getByTestId('explore-stdout').textContent()) ?? '').split('\n');
    const fresh = await browser.newPage();
    expect(await replay(fresh, link)).toEqual({ state: 'deadlock', stdout: printed });
    await fresh.close();
  });

  test('a budget too small for every schedule says the exploration is not complete', async ({ page }) => {
    await open(page, DEADLOCK);
    const r = await explore(page, { budgetMs: 300 });
    expect(r.complete).toBe(false);
    expect(r.runs).toBeGreaterThanOrEqual(1);
    const total = r.outcomes.reduce((n, o) => n + o.count, 0);
    expect(total).toBe(r.runs);
  });

  test('with and without the reduction, the same outcomes, a runtime call between two points included', async ({ page }) => {
    test.setTimeout(240_000);
    // Thread-1's step after its read clears the event (no scheduling point of its own): the
    // reduction must keep it ordered with Thread-2's set(), or one of the two ends is lost.
    const src = `import { Thread, Event } from 'threading';
const g = shared({ n: 0 });
const ev = new Event();
function one() {
  const v = g.n;
  ev.clear();
  g.n = v + 1;
}
function two() {
  ev.set();
}
const a = new Thread({ target: one });
const b = new Thread({ target: two });
a.start();
b.start();
a.join();
b.join();
print(ev.wait(0));
`;
    await open(page, src);
    const full = await explore(page, { budgetMs: 120_000, reduce: false });
    const reduced = await explore(page, { budgetMs: 120_000 });
    expect(full.complete && reduced.complete).toBe(true);
    const outs = (r: Explored) => r.outcomes.map((o) => `${o.state}:${o.stdout.join('|')}`).sort();
    expect(outs(full)).toEqual(['finished:False', 'finished:True']);
    expect(outs(reduced)).toEqual(outs(full));
    expect(reduced.runs).toBeLessThan(full.runs);
  });

  test('bad options are refused before anything runs', async ({ page }) => {
    await open(page, TWICE);
    const error = (o: unknown) => page.evaluate((x) => window.__playground!.explore(x as { budgetMs: number }).then(() => 'ok', (e: Error) => `${e.name}: ${e.message}`), o);
    expect(await error({ budgetMs: -1 })).toMatch(/^RangeError: explore\(\): budgetMs/);
    expect(await error({ budgetMs: 'soon' })).toMatch(/^TypeError: explore\(\): budgetMs/);
    expect(await error({ budgetMs: 1000, reduce: 'yes' })).toMatch(/^TypeError: explore\(\): reduce/);
  });
});
