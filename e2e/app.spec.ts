import { expect, test } from '@playwright/test';
import { PlaygroundPage } from './pages';

const HELLO = `print('hello from main');
print('a', 1, [1, 'x'], true, null);
`;

test.describe('app shell', () => {
  test('the page is cross-origin isolated and Run is enabled', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/#example=thread-target');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await expect(page.getByTestId('isolation-banner')).toHaveCount(0);
    await expect(app.run).toBeEnabled();
    await expect(app.status).toHaveAttribute('data-state', 'idle');
  });

  test('the picker lists the scenarios by section and opens one', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/');
    for (const id of ['thread-target', 'lock', 'race', 'deadlock', 'asyncio-queue']) {
      await expect(app.pickerItem(id)).toHaveCount(1);
    }
    expect(await app.picker.locator('[data-testid="example-item"]').count()).toBeGreaterThanOrEqual(42);
    await app.pickerItem('lock').click();
    await expect(page).toHaveURL(/#example=lock$/);
    await expect.poll(() => app.editorText()).toContain('Lock');
    await page.getByTestId('example-search').fill('semaphore');
    await expect(app.pickerItem('semaphore')).toBeVisible();
    await expect(app.pickerItem('lock')).toHaveCount(0);
  });

  test('printed lines appear in the console tagged MainThread', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/');
    await app.load(HELLO);
    await app.run.click();
    expect(await app.waitForEnd()).toBe('finished');
    await expect(app.consoleLines.first()).toHaveText('hello from main');
    await expect(app.consoleLines.first()).toHaveAttribute('data-thread', 'MainThread');
    await expect(app.consoleLines.first()).toHaveAttribute('data-stream', 'stdout');
    await expect(app.consoleLines.nth(1)).toHaveText("a 1 [1, 'x'] True None");
  });

  test('a compile error is shown and nothing runs', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/');
    await app.load(`print('must not print');\nconst x = ;\n`);
    const result = await app.runViaApi();
    expect(result.state).toBe('error');
    await expect(app.status).toHaveAttribute('data-state', 'error');
    await expect(page.getByTestId('compile-errors')).toContainText('2:');
    await expect(app.console).not.toContainText('must not print');
    expect(result.lines.some((l) => l.text === 'must not print')).toBe(false);
  });

  test('Stop ends a busy loop and the page still answers', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/');
    await app.load(`print('spinning');\nwhile (true) {}\n`);
    await app.run.click();
    await expect(app.status).toHaveAttribute('data-state', 'running');
    await expect(app.consoleLines.first()).toHaveText('spinning');
    await app.stop.click();
    // How fast Stop answers is measured by bench/stop.mjs (a test on a busy machine cannot say).
    await expect(app.status).toHaveAttribute('data-state', 'stopped', { timeout: 15_000 });
    // The UI thread is free: a click is handled and a new run works.
    await app.load(`print('again');\n`);
    await app.run.click();
    expect(await app.waitForEnd()).toBe('finished');
    await expect(app.consoleLines.first()).toHaveText('again');
  });

  test('window.__playground.run() resolves with what the console shows', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/');
    await app.load(
      `import { Thread } from 'threading';\nfunction f(n: number) { print('child', n); }\nprint('start');\nconst t = new Thread({ target: f, args: [7] });\nt.start();\nt.join();\nprint('end');\n`,
    );
    const result = await app.runViaApi();
    expect(result.state).toBe('finished');
    expect(result.elapsedMs).toBeGreaterThan(0);
    expect(result.lines).toEqual(await app.consoleTexts());
    expect(result.lines.map((l) => l.text)).toEqual(['start', 'child 7', 'end']);
    expect(result.lines[1]?.thread).toBe('Thread-1 (f)');
    const trace = (await page.evaluate(() => window.__playground!.trace())) as { traceEvents: unknown[] };
    expect(trace.traceEvents.length).toBeGreaterThan(0);
  });

  test('trace() is empty before any run and Export downloads the same JSON', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/');
    expect(await page.evaluate(() => window.__playground!.trace())).toEqual({ traceEvents: [] });
    await app.load(HELLO);
    await app.runViaApi();
    const expected = await page.evaluate(() => window.__playground!.trace());
    const [download] = await Promise.all([page.waitForEvent('download'), app.exportTrace.click()]);
    const path = await download.path();
    const fs = await import('node:fs');
    expect(JSON.parse(fs.readFileSync(path, 'utf8'))).toEqual(expected);
  });

  test('share round-trip restores code and speed without running', async ({ page, context }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/#example=lock');
    const source = `// shared program ✓ 你好\nprint('shared');\n`;
    await app.load(source, { example: 'lock', speed: 5 });
    const url = await app.shareUrl();
    expect(url).toMatch(/\?example=lock&speed=5&sched=parallel#code\//);
    const other = await context.newPage();
    const app2 = new PlaygroundPage(other);
    await app2.goto(url);
    await expect.poll(() => app2.editorText()).toContain('shared program ✓ 你好');
    await expect(app2.speed).toHaveValue('5');
    await expect(app2.status).toHaveAttribute('data-state', 'idle');
    await expect(app2.consoleLines).toHaveCount(0);
  });

  test('edits autosave and survive a reload; Reset restores the original', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/#example=thread-target');
    await app.waitForMonaco();
    const original = (await app.editorText()).trim();
    await app.typeAtEnd('// my autosaved edit');
    await page.waitForTimeout(800);
    await page.reload();
    await app.waitForMonaco();
    await expect.poll(() => app.editorText()).toContain('my autosaved edit');
    await app.reset.click();
    await expect.poll(() => app.editorText()).not.toContain('my autosaved edit');
    await page.reload();
    await app.waitForMonaco();
    await expect.poll(async () => (await app.editorText()).trim()).toBe(original);
  });

  test('a broken permalink says so and falls back to thread-target', async ({ page }) => {
    const app = new PlaygroundPage(page);
    for (const hash of ['#code/N4Ig', '#code/%%%', '#code/<script>alert(1)</script>', '#nonsense', '#example=nope']) {
      await app.goto(`/${hash}`);
      await expect(app.notice).toBeVisible();
      await expect(app.pickerItem('thread-target')).toHaveAttribute('aria-current', 'page');
      await expect(app.status).toHaveAttribute('data-state', 'idle');
    }
  });

  test('printed HTML is shown as text', async ({ page }) => {
    const app = new PlaygroundPage(page);
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await app.goto('/');
    await app.load(`print('<img src=x onerror=alert(1)>');\n`);
    await app.runViaApi();
    await expect(app.consoleLines.first()).toHaveText('<img src=x onerror=alert(1)>');
    expect(await app.console.locator('img').count()).toBe(0);
    expect(dialogs).toBe(0);
  });
});
