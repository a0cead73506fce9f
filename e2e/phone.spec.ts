/**
 * The narrow-screen layout (≤ 760 px: app/phone-layout.ts): one pane at a time behind tabs,
 * the toolbar fits without sideways scrolling, Run shows the console at once, and a step run's
 * controls stay on screen, thumb-sized. The wide layout keeps its side-by-side panes.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { PlaygroundPage } from './pages';
import { LOST_UPDATE } from './helpers';

const PHONE = { width: 390, height: 844 };

const HELLO = `print('hello from a phone');
print('second line');
`;


const tab = (page: Page, name: string): Locator => page.locator(`[data-testid="phone-tab"][data-tab="${name}"]`);

/** The element is on screen as the page first shows (no scrolling of the page or sideways). */
async function expectOnScreen(l: Locator): Promise<void> {
  await expect(l).toBeVisible();
  const box = await l.boundingBox();
  expect(box, 'bounding box').not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width + 0.5);
  expect(box!.y + box!.height).toBeLessThanOrEqual(PHONE.height + 0.5);
}

async function overflow(page: Page): Promise<{ x: number; y: number }> {
  return page.evaluate(() => ({
    x: document.documentElement.scrollWidth - window.innerWidth,
    y: document.documentElement.scrollHeight - window.innerHeight,
  }));
}

test.describe('phone layout', () => {
  test.use({ viewport: PHONE, hasTouch: true });

  test('the toolbar fits: Run, Stop, the mode select and Share on screen, no sideways scrolling', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/#example=race');
    for (const l of [app.run, app.stop, app.sched, app.share]) await expectOnScreen(l);
    expect(await overflow(page)).toEqual({ x: 0, y: 0 });
    // The rest of the document's controls are one tap away, in the "more" menu.
    await expect(app.reset).toBeHidden();
    await page.getByTestId('more').click();
    for (const l of [app.reset, app.exportTrace, page.getByTestId('lang')]) await expectOnScreen(l);
    await page.getByTestId('lang').selectOption('zh');
    await expect(app.run).toContainText('运行');
    await page.keyboard.press('Escape');
    await expect(app.reset).toBeHidden();
    expect((await overflow(page)).x).toBe(0);
  });

  test('Run switches to the console, which shows the output without scrolling', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/#example=race');
    await app.load(HELLO);
    await expect(tab(page, 'code')).toHaveAttribute('aria-selected', 'true');
    await expect(app.editor).toBeVisible();
    await expect(app.console).toBeHidden();
    await app.run.tap();
    await expect(tab(page, 'console')).toHaveAttribute('aria-selected', 'true');
    await expect(app.consoleLines).toHaveText(['hello from a phone', 'second line']);
    await expectOnScreen(app.consoleLines.last());
    await expect(app.editor).toBeHidden();
    await expect(app.timeline).toBeHidden();
    await expect(app.status).toHaveAttribute('data-state', 'finished');
    // The timeline is the next tab; a run started from it stays on it.
    await tab(page, 'timeline').tap();
    await expect(app.timeline).toBeVisible();
    await expect(app.timeline).toHaveAttribute('data-ready', 'ready');
    const box = await app.timeline.boundingBox();
    expect(box!.height).toBeGreaterThan(300);
    await app.run.tap();
    await app.waitForEnd();
    await expect(tab(page, 'timeline')).toHaveAttribute('aria-selected', 'true');
    expect(await overflow(page)).toEqual({ x: 0, y: 0 });
  });

  test('each pane has its tab: pick an example, read its notes, arrow keys move between tabs', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/#example=race');
    await tab(page, 'examples').tap();
    await expect(app.picker).toBeVisible();
    await expect(app.editor).toBeHidden();
    await app.pickerItem('lock').tap();
    await expect(page).toHaveURL(/#example=lock$/);
    // The example picked is shown at once.
    await expect(tab(page, 'code')).toHaveAttribute('aria-selected', 'true');
    await expect(app.editor).toBeVisible();
    await expect.poll(() => app.editorText()).toContain('Lock');
    await tab(page, 'notes').tap();
    const notes = page.getByTestId('notes');
    await expect(notes).toBeVisible();
    await expect(page.getByTestId('notes-modes')).toBeVisible();
    await expect(app.editor).toBeHidden();
    await tab(page, 'notes').focus();
    await page.keyboard.press('ArrowLeft');
    await expect(tab(page, 'console')).toHaveAttribute('aria-selected', 'true');
    await expect(tab(page, 'console')).toBeFocused();
    await expect(app.console).toBeVisible();
    await page.keyboard.press('Home');
    await expect(app.picker).toBeVisible();
  });

  test('a step run: the step controls sit on screen, 44 px tall, and stepping to the end prints', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/?sched=step#example=race');
    await app.load(LOST_UPDATE, { sched: 'step', seed: 1 });
    await app.run.tap();
    const threads = page.getByTestId('step-thread');
    await expect(threads.first()).toBeVisible();
    // The code shows where each thread stands.
    await expect(tab(page, 'code')).toHaveAttribute('aria-selected', 'true');
    for (const l of [threads.first(), page.getByTestId('step-back'), page.getByTestId('step-finish')]) {
      await expectOnScreen(l);
      expect((await l.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    }
    // The controls stay put whichever pane is shown.
    for (const name of ['timeline', 'console', 'examples', 'code']) {
      await tab(page, name).tap();
      await expectOnScreen(threads.first());
    }
    for (let k = 0; k < 200 && (await app.state()) === 'running'; k++) {
      const n = await threads.count();
      if (n === 0) {
        await page.waitForTimeout(20);
        continue;
      }
      await threads.last().tap().catch(() => undefined);
    }
    await app.waitForEnd();
    await tab(page, 'console').tap();
    await expect(app.consoleLines.last()).toHaveText(/^[12]$/);
    expect(await overflow(page)).toEqual({ x: 0, y: 0 });
  });
});

test.describe('wide layout', () => {
  test('no tabs: every pane side by side, and turning to a narrow width keeps the code', async ({ page }) => {
    await page.setViewportSize({ width: 1400, height: 900 });
    const app = new PlaygroundPage(page);
    await app.goto('/#example=race');
    await expect(page.getByTestId('phone-tabs')).toHaveCount(0);
    for (const l of [app.picker, app.editor, app.timeline, app.console, app.run, app.reset, app.exportTrace]) await expect(l).toBeVisible();
    await app.load(HELLO);
    await app.runViaApi();
    await page.setViewportSize(PHONE);
    await expect(page.getByTestId('phone-tabs')).toBeVisible();
    // The run was started wide: the narrow screen opens on its output.
    await expect(app.consoleLines.first()).toHaveText('hello from a phone');
    await tab(page, 'code').click();
    await expect.poll(() => app.editorText()).toContain('hello from a phone');
  });
});
