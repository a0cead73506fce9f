/**
 * The learner's language everywhere: with 中文 selected, what the playground itself says about a
 * run (a deadlock, a limit, Stop, the step bar's words, a link's warnings) is in Chinese, while
 * `window.__playground.run()` keeps reporting it in English (the API's words,
 * docs/urls-and-automation.md) and thread, object and exception names stay as they are.
 */
import { expect, test, type Page } from '@playwright/test';
import { PlaygroundPage } from './pages';

async function withSettings(page: Page, settings: Record<string, string>): Promise<void> {
  await page.addInitScript((s) => {
    for (const [k, v] of Object.entries(s)) localStorage.setItem(k, v);
  }, settings);
}

const CYCLE_EN = /^Deadlock: Thread-\d \(task\d\) waits Lock#\d held by Thread-\d \(task\d\), which waits Lock#\d held by Thread-\d \(task\d\)\.$/;
const CYCLE_ZH = /^死锁：Thread-\d \(task\d\) 在等待 Lock#\d（由 Thread-\d \(task\d\) 持有），后者又在等待 Lock#\d（由 Thread-\d \(task\d\) 持有）。$/;

test.describe('中文', () => {
  test('a deadlock is reported in Chinese on the page, in English by run(); switching back shows English', async ({ page }) => {
    await withSettings(page, { 'cp:lang': 'zh' });
    const app = new PlaygroundPage(page);
    await app.goto('/?sched=gil#example=deadlock');
    await expect(app.run).toContainText('运行');
    const result = await app.runViaApi();
    expect(result.state).toBe('deadlock');
    expect(result.message).toMatch(CYCLE_EN);
    expect(result.lines.at(-1)?.text).toMatch(CYCLE_EN);
    await expect(app.status).toHaveText('死锁');
    await expect(page.getByTestId('run-message')).toHaveText(CYCLE_ZH);
    await expect(app.consoleLines.last()).toHaveText(CYCLE_ZH);
    // What the program printed is its own.
    await expect(app.consoleLines.first()).toHaveText(/^task\d: got [AB], waiting for [AB]$/);
    await page.getByTestId('lang').selectOption('en');
    await expect(page.getByTestId('run-message')).toHaveText(CYCLE_EN);
    await expect(app.consoleLines.last()).toHaveText(CYCLE_EN);
  });

  test('Stop and the run-time limit say so in Chinese', async ({ page }) => {
    await withSettings(page, { 'cp:lang': 'zh', 'cp:time-limit-s': '1', 'cp:time-limit-grace-s': '1' });
    const app = new PlaygroundPage(page);
    await app.goto('/');
    await app.load(`print('looping');\nwhile (true) {}\n`);
    const result = await app.runViaApi();
    expect(result.state).toBe('limit');
    expect(result.message).toMatch(/^Run time limit: the program ran for \d+ s/);
    await expect(page.getByTestId('run-message')).toHaveText(/^运行时间限制：程序运行了 \d+ 秒，没有人选择“继续运行”，所以游乐场结束了它。$/);
    await expect(app.consoleLines.last()).toHaveText(/^运行时间限制：/);
    await app.run.click();
    await expect(app.consoleLines.first()).toHaveText('looping');
    await app.stop.click();
    await expect(app.status).toHaveAttribute('data-state', 'stopped');
    await expect(page.getByTestId('run-message')).toHaveText('已停止。');
  });

  test('a link’s ignored options are explained in Chinese, and the notice follows the language select', async ({ page }) => {
    await withSettings(page, { 'cp:lang': 'zh' });
    const app = new PlaygroundPage(page);
    await app.goto('/?sched=chaos&seed=4294967296#example=race');
    await expect(app.notice).toContainText('已忽略调度模式“chaos”');
    await expect(app.notice).toContainText('已忽略种子“4294967296”');
    await expect(app.notice).not.toContainText('Ignored');
    await page.getByTestId('lang').selectOption('en');
    await expect(app.notice).toContainText('Ignored sched “chaos”');
  });

  test('the step bar says what each thread does next in Chinese; runnable() keeps the English', async ({ page }) => {
    await withSettings(page, { 'cp:lang': 'zh' });
    const app = new PlaygroundPage(page);
    await app.goto('/?sched=step#example=race');
    await page.evaluate(() => {
      window.__playground!.load(
        `import { Thread } from 'threading';\nconst g = shared({ n: 0 });\nfunction work() {\n  g.n = g.n + 1;\n}\nconst a = new Thread({ target: work });\na.start();\na.join();\nprint(g.n);\n`,
        { sched: 'step', seed: 1 },
      );
      void window.__playground!.run();
    });
    // Step Thread-1 (else whoever can move) until it is about to read the counter.
    const read = { thread: 'Thread-1 (work)', line: 4, op: 'read g.n' };
    for (let k = 0; k < 50; k++) {
      const r = await page.evaluate(() => window.__playground!.runnable());
      if (r.length === 0 || r.some((t) => t.op === read.op)) break;
      await page.evaluate((t) => window.__playground!.step(t), (r.find((t) => t.thread === read.thread) ?? r[0]!).thread);
    }
    expect(await page.evaluate(() => window.__playground!.runnable())).toContainEqual(read);
    await expect(page.locator(`[data-testid="step-thread"][data-thread="${read.thread}"]`)).toContainText('第 4 行: 读取 g.n');
    await page.getByTestId('step-finish').click();
    await app.waitForEnd();
  });
});
