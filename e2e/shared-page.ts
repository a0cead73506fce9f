/**
 * One page shared by every test of a serial spec file, driven through `window.__playground`
 * (docs/urls-and-automation.md): the runtime specs load and run many small programs and need no fresh page each.
 */
import { test, type Page } from '@playwright/test';
import { loadOptions, texts, type TestSched } from './helpers';
import type { RunResultJson } from './pages';

export type Result = RunResultJson;

export interface SharedPlayground {
  /** The shared page (valid inside tests). */
  page(): Page;
  /** Loads `source` at `speed` (in `sched`, see TestSched) and runs it to its end. */
  run(source: string, speed?: number, sched?: TestSched): Promise<Result>;
}

/** Declares the serial mode and the shared page's setup and teardown for the calling spec. */
export function sharedPlayground(): SharedPlayground {
  let page: Page | null = null;
  test.describe.configure({ mode: 'serial' });
  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage();
    await page.goto('/');
    await page.waitForFunction(() => window.__playground !== undefined, null, { timeout: 30_000 });
  });
  test.afterAll(async () => {
    await page?.close();
  });
  const current = (): Page => {
    if (!page) throw new Error('the shared page exists only inside tests');
    return page;
  };
  return {
    page: current,
    async run(source, speed = 20, sched) {
      const p = current();
      const options = loadOptions(speed, sched);
      for (let attempt = 0; ; attempt++) {
        try {
          await p.evaluate(([s, o]) => window.__playground?.load(s, o), [source, options] as const);
          return (await p.evaluate(() => window.__playground?.run())) as Result;
        } catch (e) {
          // A dev server may reload the page once (dependency optimisation): run again on the new page.
          if (attempt > 0 || !String(e).includes('Execution context was destroyed')) throw e;
          await p.waitForFunction(() => window.__playground !== undefined, null, { timeout: 30_000 });
        }
      }
    },
  };
}

export const stdout = (r: Result): string[] => texts(r, 'stdout');
export const stderr = (r: Result): string[] => texts(r, 'stderr');
