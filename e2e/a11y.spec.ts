/**
 * Accessibility (issue 16, part 9; ARCHITECTURE.md "Accessibility"): an axe-core scan of the page
 * finds nothing, in every state a learner sees (a fresh page, after a run, a step run paused, in
 * 中文, on a phone), in the light and the dark theme; and every control works from the keyboard:
 * Tab reaches Run and the step controls, Enter presses them, the splitters move with the arrow
 * keys, and the timeline takes the focus and answers its keys.
 *
 * The scan runs axe's default rule set: every rule tagged WCAG 2.0, 2.1 and 2.2 A and AA
 * (`wcag2a`, `wcag2aa`, …) plus its best practices (landmarks, one `main`, content inside
 * landmarks). Nothing is excluded: Monaco's DOM passes once its themes and options are ours
 * (src/editor/monaco-editor.ts).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { PlaygroundPage } from './pages';
import { LOST_UPDATE } from './helpers';

type Violations = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'];

/** One line per failing node: the rule, its impact, where, and axe's advice. */
function report(violations: Violations): string {
  return violations
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact ?? 'no impact'}) at ${n.target.join(' ')}: ${v.help}\n    ${(n.failureSummary ?? '').replace(/\n\s*/g, ' ')}`))
    .join('\n');
}

async function expectNoViolations(page: Page, state: string): Promise<void> {
  const r = await new AxeBuilder({ page }).analyze();
  // The WCAG A and AA rules are in the default set: make sure a newer axe has not dropped them.
  const checked = new Set([...r.passes, ...r.violations, ...r.incomplete, ...r.inapplicable].flatMap((rule) => rule.tags));
  for (const tag of ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']) expect(checked, `rules tagged ${tag} ran`).toContain(tag);
  expect(r.violations.length, `axe found in the ${state} state:\n${report(r.violations)}`).toBe(0);
}

/** The page is drawn: Monaco and the timeline have loaded. */
async function ready(app: PlaygroundPage): Promise<void> {
  await app.waitForMonaco();
  await expect(app.timeline).toHaveAttribute('data-ready', 'ready');
}

/** A step run of LOST_UPDATE, paused at its first stop. */
async function pausedStepRun(app: PlaygroundPage): Promise<void> {
  await app.goto('/?sched=step#example=race');
  await ready(app);
  await app.load(LOST_UPDATE, { sched: 'step', seed: 1 });
  await app.run.click();
  await expect(app.page.getByTestId('step-thread').first()).toBeVisible();
}

// A scan of the whole page takes seconds, and a few of them share each test.
test.describe.configure({ timeout: 120_000 });

/**
 * Scans the page in the light theme and then in the dark one (the system setting changed under
 * the open page, which the app follows), and leaves it light: one page and one run serve both.
 */
async function expectNoViolationsInBothThemes(page: Page, state: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await expectNoViolations(page, `${state}, ${theme} theme`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
}

test.describe('axe, light and dark theme', () => {
  test.use({ colorScheme: 'light' });

  test('a fresh page, then after running race', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/?speed=10#example=race');
    await ready(app);
    await expectNoViolationsInBothThemes(page, 'fresh');
    await app.run.click();
    expect(await app.waitForEnd()).toBe('finished');
    await expect(app.consoleLines.first()).toBeVisible();
    await expectNoViolationsInBothThemes(page, 'after a run');
  });

  test('a step run, paused: the step bar and the editor’s marks', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await pausedStepRun(app);
    // One step taken: Back is enabled, and the thread's line is marked in the editor.
    await page.getByTestId('step-thread').first().click();
    await expect(page.getByTestId('step-back')).toBeEnabled();
    await expect(page.getByTestId('step-thread').first()).toBeVisible();
    await expectNoViolationsInBothThemes(page, 'step');
  });

  test('in 中文, after a run', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/?speed=10#example=race');
    await ready(app);
    await page.getByTestId('lang').selectOption('zh');
    await expect(app.run).toContainText('运行');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await app.run.click();
    await app.waitForEnd();
    await expectNoViolationsInBothThemes(page, '中文');
  });

  test('on a phone: after Run, and with the "more" menu open', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const app = new PlaygroundPage(page);
    await app.goto('/?speed=10#example=race');
    await expect(page.getByTestId('phone-tabs')).toBeVisible();
    await app.run.click();
    await app.waitForEnd();
    await expect(app.consoleLines.first()).toBeVisible();
    await expectNoViolationsInBothThemes(page, 'phone, console');
    await page.getByTestId('more').click();
    await expect(app.reset).toBeVisible();
    await expectNoViolationsInBothThemes(page, 'phone, more menu');
  });
});

/** What has the focus, for messages: its test hook, role or tag, and name. */
function focusedName(page: Page): Promise<{ name: string; inMonaco: boolean }> {
  return page.evaluate(() => {
    const a = document.activeElement;
    if (!a) return { name: '(none)', inMonaco: false };
    const name = a.getAttribute('data-testid') ?? a.getAttribute('role') ?? a.tagName.toLowerCase();
    const label = a.getAttribute('aria-label') ?? a.textContent ?? '';
    return { name: `${name} “${label.trim().slice(0, 30)}”`, inMonaco: a.closest('.monaco-editor') !== null };
  });
}

/**
 * Presses Tab until `target` has the focus, as a keyboard user would. In Monaco Tab indents;
 * Ctrl+M (the key its accessible name tells) makes Tab move on, so the editor is no trap.
 */
async function tabTo(page: Page, target: Locator, max = 150): Promise<void> {
  const seen: string[] = [];
  let escaped = false;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
    const f = await focusedName(page);
    seen.push(f.name);
    if (f.inMonaco && !escaped) {
      await page.keyboard.press('Control+M');
      escaped = true;
    }
  }
  throw new Error(`Tab did not reach the target in ${max} presses; it went ${seen.join(' → ')}`);
}

test.describe('keyboard', () => {
  test('Tab reaches Run and Enter runs; the editor’s tabs switch with the arrows', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/?speed=10#example=race');
    await ready(app);
    await tabTo(page, app.run);
    await page.keyboard.press('Enter');
    expect(await app.waitForEnd()).toBe('finished');
    await tabTo(page, page.getByTestId('tab-ts'));
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('tab-py')).toBeFocused();
    await expect(page.getByTestId('tab-py')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('python-view')).toBeVisible();
    await page.keyboard.press('ArrowLeft');
    await expect(app.editor).toBeVisible();
  });

  test('step mode: Tab reaches the step buttons, Enter steps, goes back and finishes, and the focus stays on the bar', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await pausedStepRun(app);
    const threads = page.getByTestId('step-thread');
    const title = page.locator('.step-title');
    await tabTo(page, threads.first());
    await page.keyboard.press('Enter');
    await expect(title).toHaveText(/· 1$/);
    // The buttons were replaced while the thread ran; the focus came back to one of them.
    await expect(page.locator('[data-testid="step-thread"]:focus')).toHaveCount(1);
    await page.keyboard.press('Enter');
    await expect(title).toHaveText(/· 2$/);
    await tabTo(page, page.getByTestId('step-back'));
    await page.keyboard.press('Enter');
    await expect(title).toHaveText(/· 1$/);
    await expect(page.getByTestId('step-back')).toBeFocused();
    await tabTo(page, page.getByTestId('step-finish'));
    await page.keyboard.press('Enter');
    expect(await app.waitForEnd()).toBe('finished');
    await expect(app.consoleLines.last()).toHaveText(/^[12]$/);
  });

  test('the splitters are focusable separators with a value; the arrows, Home and End move them', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/#example=race');
    await ready(app);
    const left = page.getByRole('separator', { name: /examples and the code/ });
    await expect(left).toHaveAttribute('aria-orientation', 'vertical');
    await expect(left).toHaveAttribute('aria-valuemin', '140');
    await expect(left).toHaveAttribute('aria-valuemax', '520');
    await tabTo(page, left);
    const now = async (l: Locator) => Number(await l.getAttribute('aria-valuenow'));
    const width = async () => (await app.picker.boundingBox())!.width;
    const v0 = await now(left);
    const w0 = await width();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => now(left)).toBe(v0 + 20);
    expect(await width()).toBeCloseTo(w0 + 20, 0);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => now(left)).toBe(v0 - 20);
    expect(await width()).toBeCloseTo(w0 - 20, 0);
    await page.keyboard.press('Home');
    await expect.poll(() => now(left)).toBe(140);
    // The timeline/console splitter is horizontal: ↓ gives the timeline more room.
    const rows = page.getByRole('separator', { name: /timeline and the console/ });
    await expect(rows).toHaveAttribute('aria-orientation', 'horizontal');
    const h0 = (await app.timeline.boundingBox())!.height;
    const r0 = await now(rows);
    await rows.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => now(rows)).toBe(r0 + 5);
    await expect.poll(async () => (await app.timeline.boundingBox())!.height).toBeGreaterThan(h0);
  });

  test('the timeline takes the focus: ↑/↓ go from lane to lane, 0, + and → change the time window', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/?speed=10#example=race');
    await ready(app);
    await app.run.click();
    expect(await app.waitForEnd()).toBe('finished');
    const canvas = app.timeline.getByRole('application');
    await expect(canvas).toHaveAccessibleName(/Timeline of threads and tasks/);
    await tabTo(page, canvas);
    const said = app.timeline.locator('[aria-live="polite"]');
    await page.keyboard.press('ArrowDown');
    await expect(said).toHaveText(/^MainThread\. /);
    await page.keyboard.press('ArrowDown');
    await expect(said).toHaveText(/^Thread-1 \(\w+\)\. /);
    await page.keyboard.press('0');
    await expect(said).toHaveText(/^showing /);
    const fitted = await said.textContent();
    await page.keyboard.press('+');
    await expect(said).toHaveText(/^showing /);
    await expect(said).not.toHaveText(fitted ?? '');
    const zoomed = await said.textContent();
    await page.keyboard.press('ArrowRight');
    await expect(said).not.toHaveText(zoomed ?? '');
    // The console is next: ↓ chooses its first line, Enter shows that moment on the timeline,
    // which says what every thread was doing then.
    const log = app.console.getByRole('log');
    await tabTo(page, log);
    await page.keyboard.press('ArrowDown');
    await expect(app.console.locator('.console-row.selected')).toHaveCount(1);
    await page.keyboard.press('Enter');
    await expect(said).toHaveText(/^\S+ m?s\. MainThread: /);
  });
});
