/**
 * docs/scenarios.md: `race` loses updates (final count below 2,000,000) on a 2-core machine in at least
 * 9 runs of 10. Ten runs of the scenario in one page, pressing Run each time.
 */
import { expect, test } from '@playwright/test';
import { PlaygroundPage } from './pages';

test('race loses updates in at least 9 of 10 runs', async ({ page }) => {
  test.setTimeout(60_000);
  const app = new PlaygroundPage(page);
  await app.goto('/#example=race');
  await expect(app.pickerItem('race')).toHaveAttribute('aria-current', 'page');
  const finals: number[] = [];
  for (let i = 0; i < 10; i++) {
    await app.run.click();
    expect(await app.waitForEnd()).toBe('finished');
    const all = await app.consoleTexts();
    // The race detector's warning names the race every time (docs/diagnostics.md); the count is stdout.
    expect(all.filter((l) => l.stream === 'warning').map((l) => l.text)).toEqual([expect.stringMatching(/^data race on g\.num: /)]);
    const lines = all.filter((l) => l.stream === 'stdout');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.thread).toBe('MainThread');
    const n = Number(lines[0]?.text);
    expect(Number.isInteger(n)).toBe(true);
    // a read-modify-write can overwrite any number of the other thread's increments, so a
    // lossy run may even end below 1000000; it never ends at 0
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThanOrEqual(2_000_000);
    finals.push(n);
  }
  const lost = finals.filter((n) => n < 2_000_000).length;
  expect(lost, `final counts: ${finals.join(', ')}`).toBeGreaterThanOrEqual(9);
});
