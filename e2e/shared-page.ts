/**
 * One page shared by the tests of a spec file. The runtime specs (sharedPlayground) load and run
 * many small programs through `window.__playground` (docs/urls-and-automation.md); the scenario
 * spec (pageSharingTest) opens each scenario's link and presses its buttons.
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

/**
 * One page for the calling spec file's tests: made before the first (`setup` then runs on it),
 * closed after the last. When a test fails Playwright ends its worker, and the tests after it
 * start in a new one, on a new page.
 */
function declareSharedPage(setup: (page: Page) => Promise<void> = async () => {}): () => Page {
  let page: Page | null = null;
  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage();
    await setup(page);
  });
  test.afterAll(async () => {
    await page?.close();
    page = null;
  });
  return (): Page => {
    if (!page) throw new Error('the shared page exists only inside tests');
    return page;
  };
}

/** Declares the serial mode and the shared page's setup and teardown for the calling spec. */
export function sharedPlayground(): SharedPlayground {
  test.describe.configure({ mode: 'serial' });
  const current = declareSharedPage(async (page) => {
    await page.goto('/');
    await page.waitForFunction(() => window.__playground !== undefined, null, { timeout: 30_000 });
  });
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

/**
 * `test` whose `page` is one page for all the calling spec file's tests (not serial: a failure
 * does not skip the tests after it, which start on a new page): a fresh page costs seconds of
 * loading on a small machine. Call it at the top of the spec file.
 */
export function pageSharingTest(): typeof test {
  const current = declareSharedPage();
  return test.extend({
    // `browser` only because a fixture must name what it uses; the page outlives each test.
    page: async ({ browser }, provide) => {
      void browser;
      await provide(current());
    },
  });
}
