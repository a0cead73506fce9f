/**
 * Issue 13 §6: the app works offline after a first visit, cross-origin isolated, through its one
 * service worker (src/sw/sw.ts: Workbox precache + COOP/COEP/CSP on what it serves).
 *
 * Every other spec blocks service workers (playwright.config.ts): here they are allowed. Two
 * hosts: `vite preview` (sends the headers itself) and a plain static server (e2e/static-host.ts)
 * that sends none, as GitHub Pages, which the worker must make up for online and offline; that
 * server is shut down to take the network away for real, on top of `context.setOffline(true)`.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { PlaygroundPage } from './pages';
import { serveStatic } from './static-host';
import { SETTLE_MS } from '../src/app/page-quiet';

test.use({ serviceWorkers: 'allow' });
test.describe.configure({ mode: 'serial' });

const DIST = join(import.meta.dirname, '..', 'dist');

/** Every file of the build the worker must have precached: all of dist/ but sw.js itself. */
async function distFiles(): Promise<string[]> {
  const entries = await readdir(DIST, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(DIST.length + 1))
    .filter((f) => f !== 'sw.js')
    .sort();
}

/**
 * Waits until the service worker is activated and controls the page, and returns the paths its
 * precache holds (Workbox's install completes only once every file is in the cache).
 */
async function precached(page: Page): Promise<string[]> {
  await expect
    .poll(
      () =>
        page
          .evaluate(async () => {
            const reg = await navigator.serviceWorker.getRegistration();
            return reg?.active?.state === 'activated' && !reg.installing && !reg.waiting && navigator.serviceWorker.controller !== null;
          })
          .catch(() => false), // the page may be reloading
      { timeout: 90_000, intervals: [250] },
    )
    .toBe(true);
  return page.evaluate(async () => {
    const paths: string[] = [];
    const scope = new URL('./', document.baseURI).pathname;
    for (const name of await caches.keys()) {
      if (!name.includes('precache')) continue;
      for (const req of await (await caches.open(name)).keys()) paths.push(new URL(req.url).pathname.slice(scope.length));
    }
    return paths.sort();
  });
}

async function isolated(page: Page): Promise<boolean> {
  return page.evaluate(() => globalThis.crossOriginIsolated === true).catch(() => false);
}

/** Runs the open example `id` with the Run button to its end; its state and stdout. */
async function runExample(page: Page, id: string): Promise<{ state: string; lines: string[] }> {
  const app = new PlaygroundPage(page);
  await expect(app.pickerItem(id)).toHaveAttribute('aria-current', 'page');
  await expect(app.run).toBeEnabled();
  await app.run.click();
  const state = await app.waitForEnd(30_000);
  return { state, lines: (await app.consoleTexts()).filter((l) => l.stream === 'stdout').map((l) => l.text) };
}

/**
 * Requests the page makes from now on that fail (with the network off: anything not precached).
 * Attached once a reload has loaded: the previous document's requests still in flight when it
 * went are reported as failed (aborted) too.
 */
function failedRequests(page: Page): string[] {
  const failed: string[] = [];
  page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
  return failed;
}

test('offline after a first visit: reload with the network off, isolated, Monaco loads, lock runs', async ({ page, context }) => {
  test.setTimeout(180_000);
  await page.goto('/#example=lock');
  expect(await isolated(page)).toBe(true);
  expect(await precached(page)).toEqual(await distFiles());

  await context.setOffline(true);
  await page.reload();
  const failed = failedRequests(page);
  const app = new PlaygroundPage(page);
  await expect(app.run).toBeVisible();
  expect(await isolated(page)).toBe(true);
  await app.waitForMonaco();
  const { state, lines } = await runExample(page, 'lock');
  expect(state).toBe('finished');
  expect(lines).toEqual(['2000000']);
  expect(failed).toEqual([]);
  await context.setOffline(false);
});

test('a static host without COOP/COEP: one reload into isolation, then offline with the host gone', async ({ page, context }) => {
  test.setTimeout(180_000);
  const host = await serveStatic(DIST, { isolationHeaders: false });
  try {
    let navigations = 0;
    page.on('framenavigated', (f) => f === page.mainFrame() && navigations++);
    await page.goto(`${host.url}?speed=20#example=create-task`);
    // the first load cannot be isolated: the worker installs, takes control, the page reloads once
    await expect.poll(() => isolated(page), { timeout: 90_000 }).toBe(true);
    expect(await precached(page)).toEqual(await distFiles());
    await page.waitForTimeout(1500); // a reload loop would show here
    expect(navigations).toBe(2);

    // what the worker serves carries the headers the host did not send, and the worker CSP
    const workerScript = (await distFiles()).find((f) => /^assets\/worker-[\w-]+\.js$/.test(f));
    expect(workerScript).toBeDefined();
    const headers = await page.evaluate(async (url) => {
      const r = await fetch(url);
      return { coep: r.headers.get('cross-origin-embedder-policy'), csp: r.headers.get('content-security-policy') };
    }, workerScript!);
    expect(headers.coep).toBe('require-corp');
    expect(headers.csp).toContain("connect-src 'none'");

    let run = await runExample(page, 'create-task');
    expect(run).toEqual({ state: 'finished', lines: ['Waiting:  2', 'Task ret:  Done after 2s'] });

    await host.close();
    await context.setOffline(true);
    await page.reload();
    const failed = failedRequests(page);
    await expect(new PlaygroundPage(page).run).toBeVisible();
    expect(await isolated(page)).toBe(true);
    await new PlaygroundPage(page).waitForMonaco();
    run = await runExample(page, 'create-task');
    expect(run).toEqual({ state: 'finished', lines: ['Waiting:  2', 'Task ret:  Done after 2s'] });
    expect(failed).toEqual([]);
    expect(navigations).toBe(3);
  } finally {
    await context.setOffline(false);
    await host.close();
  }
});

test('a new build is picked up on the next visit, and is what works offline afterwards', async ({ page, context }) => {
  test.setTimeout(180_000);
  const root = await mkdtemp(join(tmpdir(), 'cp-offline-'));
  await cp(DIST, root, { recursive: true });
  const host = await serveStatic(root, { isolationHeaders: true });
  try {
    await page.goto(`${host.url}#example=lock`);
    await precached(page);
    await new PlaygroundPage(page).waitForMonaco();
    const build = () => page.locator('meta[name="x-build"]').getAttribute('content', { timeout: 3000 }).catch(() => null);
    expect(await build()).toBeNull();

    // "deploy" a new build: a changed index.html, and the worker that lists its new revision
    const html = await readFile(join(root, 'index.html'), 'utf8');
    await writeFile(join(root, 'index.html'), html.replace('<head>', '<head><meta name="x-build" content="two">'));
    const sw = await readFile(join(root, 'sw.js'), 'utf8');
    const withRevision = sw.replace(/("revision":")[0-9a-f]+(","url":"index\.html")/, '$1two$2');
    expect(withRevision).not.toBe(sw);
    await writeFile(join(root, 'sw.js'), withRevision);

    // The next visit: the page comes from the network and the new worker installs. The worker
    // falls back to the cached page when the network takes over 4 s (sw.ts), which a loaded
    // machine's server can: then it is the visit after that one.
    await expect
      .poll(
        async () => {
          await page.reload();
          return build();
        },
        { timeout: 90_000, intervals: [0] },
      )
      .toBe('two');
    expect(await isolated(page)).toBe(true);
    await expect
      .poll(async () => (await precached(page)).includes('index.html') && (await page.evaluate(async () => {
        for (const name of await caches.keys()) {
          for (const req of await (await caches.open(name)).keys()) if (req.url.includes('__WB_REVISION__=two')) return true;
        }
        return false;
      })), { timeout: 90_000 })
      .toBe(true);

    await host.close();
    await context.setOffline(true);
    await page.reload();
    expect(await build()).toBe('two');
    expect(await isolated(page)).toBe(true);
    const run = await runExample(page, 'lock');
    expect(run).toEqual({ state: 'finished', lines: ['2000000'] });
  } finally {
    await context.setOffline(false);
    await host.close();
    await rm(root, { recursive: true, force: true });
  }
});

test('the worker installs once the page is quiet: never while a run is going on', async ({ page }) => {
  test.setTimeout(180_000);
  // When the page calls register() and when the editor became ready, on the page's clock
  // (src/app/page-quiet.ts: the install compiles every cached script, seconds of CPU that a run
  // would share its cores with, so it waits for the editor and then SETTLE_MS).
  await page.addInitScript(() => {
    const w = window as unknown as { __registeredAt: number; __editorReadyAt: number };
    const register = ServiceWorkerContainer.prototype.register;
    ServiceWorkerContainer.prototype.register = function (...args) {
      w.__registeredAt = performance.now();
      return register.apply(this, args);
    };
    new MutationObserver(() => {
      if (w.__editorReadyAt === undefined && document.querySelector('[data-monaco=ready]')) w.__editorReadyAt = performance.now();
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-monaco'], childList: true });
  });
  await page.goto('/#example=lock');
  const app = new PlaygroundPage(page);
  await expect(app.run).toBeEnabled();
  await app.load("import * as time from 'time';\ntime.sleep(3);\nprint('slept');\n", { speed: 1 });
  const run = await page.evaluate(async () => {
    const startedAt = performance.now();
    const r = await window.__playground!.run();
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return { state: r.state, startedAt, endedAt: performance.now(), loadedAt: nav.loadEventEnd };
  });
  expect(run.state).toBe('finished');
  const registeredAt = () => page.evaluate(() => (window as unknown as { __registeredAt?: number }).__registeredAt ?? null);
  await expect.poll(registeredAt, { timeout: 30_000 }).not.toBeNull();
  const at = (await registeredAt())!;
  const readyAt = await page.evaluate(() => (window as unknown as { __editorReadyAt?: number }).__editorReadyAt ?? null);
  expect(readyAt, 'the editor became ready').not.toBeNull();
  const when = `registered at ${at} ms, loaded at ${run.loadedAt}, editor ready at ${readyAt}, run ${run.startedAt}–${run.endedAt}`;
  expect(at, when).toBeGreaterThan(Math.max(run.loadedAt, readyAt!) + SETTLE_MS);
  // A run started within the settle time holds the registration until it ends; one started
  // later (a page slower to show Run than that) may find the worker registered already.
  if (run.startedAt < readyAt! + SETTLE_MS) expect(at, when).toBeGreaterThan(run.endedAt);
  else expect(at < run.startedAt || at > run.endedAt, when).toBe(true);
  expect(await precached(page)).toEqual(await distFiles());
});
