/**
 * The Firefox run of `npm test` (issue 13 §5): Debian's Firefox ESR driven over WebDriver BiDi by
 * puppeteer-core, against the production build served by `vite preview` (COOP/COEP). One browser
 * and one page for the whole file, as a user who opens the app and tries the examples one after
 * the other: every built-in scenario's smoke run (./smoke.ts), then the share/permalink path.
 * The app's service worker is allowed here and controls the page before the first run, so every
 * program worker is served through it (with its worker CSP), as on a user's second visit.
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firefoxLaunchOptions } from '../scripts/firefox.mjs';
import { startPreview } from '../scripts/preview.mjs';
import { SMOKE, type Smoke } from './smoke';

interface Line {
  thread: string;
  stream: string;
  text: string;
}
interface RunOutcome {
  state: string;
  lines: Line[];
  message?: string;
  /** Set when the run did not end (by itself or by Stop) within the time limit. */
  hung?: string;
}

let preview: { base: string; stop: () => void } | undefined;
let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
  preview = await startPreview();
  browser = await puppeteer.launch(firefoxLaunchOptions());
  page = await browser.newPage();
  await page.goto(`${preview.base}/#example=thread-target`);
  await page.waitForFunction(() => window.__playground !== undefined, { timeout: 60_000 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  preview?.stop();
});

/** Opens `?speed=…#example=id` in the open page as a link the app handles itself (popstate). */
async function openExample(s: Smoke): Promise<void> {
  const url = `${s.speed === undefined ? '' : `?speed=${s.speed}`}#example=${s.id}`;
  await page.evaluate((u) => {
    history.pushState(null, '', u);
    dispatchEvent(new PopStateEvent('popstate'));
  }, url);
  await page.waitForFunction(
    (id) => document.querySelector(`[data-testid="example-item"][data-id="${id}"]`)?.getAttribute('aria-current') === 'page',
    { timeout: 10_000 },
    s.id,
  );
}

/**
 * Runs the open example through `window.__playground.run()` (the Run button's path). For `stop`
 * and `stuck` runs, presses Stop once the console shows `until` (unless the run ended first).
 */
function runInPage(s: Smoke, limitMs: number, tab: Page = page): Promise<RunOutcome> {
  return tab.evaluate(
    async ({ end, until, limitMs }) => {
      const api = window.__playground!;
      const run = api.run() as Promise<RunOutcome>;
      let ended = false;
      void run.then(() => (ended = true), () => (ended = true));
      const shown = () => {
        const lines = [...document.querySelectorAll('[data-testid="console-line"]')];
        return (until?.lines !== undefined && lines.length >= until.lines) || (until?.text !== undefined && lines.some((l) => l.textContent === until.text));
      };
      const t0 = performance.now();
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      // The console shows the previous run's lines until the run's first render clears it.
      const status = () => document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state');
      while (!ended && status() !== 'running' && performance.now() - t0 < limitMs) await sleep(10);
      if (end === 'stop' || end === 'stuck') {
        while (!ended && !shown() && performance.now() - t0 < limitMs) await sleep(50);
        if (!ended) {
          await sleep(end === 'stuck' ? 300 : 0); // a stuck program may be reported as deadlock
          api.stop();
        }
      }
      const timeout = sleep(limitMs).then(() => 'timeout' as const);
      const outcome = await Promise.race([run, timeout]);
      if (outcome === 'timeout') {
        api.stop();
        const lines = [...document.querySelectorAll('[data-testid="console-line"]')].map((l) => ({ thread: '', stream: '', text: l.textContent ?? '' }));
        return { state: 'running', lines, hung: `no end after ${limitMs} ms` };
      }
      return { state: outcome.state, lines: outcome.lines, message: outcome.message };
    },
    { end: s.end, until: s.until, limitMs },
  );
}

function describeRun(r: RunOutcome): string {
  const shown = r.lines.slice(0, 40).map((l) => `  [${l.thread}|${l.stream}] ${l.text}`);
  if (r.lines.length > 40) shown.push(`  … ${r.lines.length - 40} more`);
  return `state ${r.state}${r.hung ? ` (${r.hung})` : ''}${r.message ? `: ${r.message}` : ''}\n${shown.join('\n')}`;
}

describe('Firefox ESR', () => {
  it('the page is cross-origin isolated: SharedArrayBuffer, Atomics.wait in a worker, the service worker in control', async () => {
    const probe = await page.evaluate(async () => {
      const worker = new Worker(
        URL.createObjectURL(
          new Blob(['const a = new Int32Array(new SharedArrayBuffer(4)); postMessage(Atomics.wait(a, 0, 0, 10));'], { type: 'text/javascript' }),
        ),
      );
      const waited = await new Promise((resolve) => (worker.onmessage = (e) => resolve(e.data)));
      worker.terminate();
      return { isolated: crossOriginIsolated, sab: typeof SharedArrayBuffer, waited };
    });
    expect(probe).toEqual({ isolated: true, sab: 'function', waited: 'timed-out' });
    // the service worker precaches the build, then takes control of the page (clientsClaim)
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, { timeout: 120_000 });
  }, 150_000);

  for (const [i, s] of SMOKE.entries()) {
    it(`${i + 1} ${s.id}${s.speed ? ` at speed ${s.speed}` : ''}: ${s.end}`, async () => {
      await openExample(s);
      const r = await runInPage(s, 45_000);
      const expected = { finished: ['finished'], deadlock: ['deadlock'], stop: ['stopped'], stuck: ['deadlock', 'stopped'] }[s.end];
      expect(expected, describeRun(r)).toContain(r.state);
      const stdout = r.lines.filter((l) => l.stream === 'stdout').map((l) => l.text);
      if (Array.isArray(s.stdout)) {
        expect(stdout, describeRun(r)).toEqual(s.stdout);
      } else {
        for (const line of s.stdout.includes ?? []) expect(stdout, `${describeRun(r)}\nmissing: ${line}`).toContain(line);
        if (s.stdout.count !== undefined) expect(stdout.length, describeRun(r)).toBe(s.stdout.count);
        if (s.stdout.min !== undefined) expect(stdout.length, describeRun(r)).toBeGreaterThanOrEqual(s.stdout.min);
      }
    }, 60_000);
  }

  it('Share: the permalink restores the code and speed without running, and the restored program runs', async () => {
    await openExample({ id: 'lock', end: 'finished', stdout: [] });
    const source = `// shared program ✓ 你好\nprint('shared', 6 * 7);\n`;
    await page.evaluate((src) => window.__playground!.load(src, { example: 'lock', speed: 5 }), source);
    await page.click('[data-testid="share"]');
    await page.waitForSelector('[data-testid="share-url"]');
    const url = await page.$eval('[data-testid="share-url"]', (e) => (e as HTMLInputElement).value);
    expect(url).toMatch(/\?example=lock&speed=5&sched=parallel#code\//);
    await page.click('[data-testid="share-close"]');

    // a fresh load of the link in another tab, as from a chat message (in this tab the app has
    // already put the link in the address bar: going there would only change the fragment)
    const tab = await browser!.newPage();
    await tab.goto(url);
    await tab.waitForFunction(() => window.__playground !== undefined, { timeout: 60_000 });
    const restored = await tab.waitForFunction(
      () => {
        const ta = document.querySelector<HTMLTextAreaElement>('[data-testid="editor"] textarea.fallback-editor');
        const text = ta ? ta.value : [...document.querySelectorAll('[data-testid="editor"] .view-line')].map((l) => l.textContent).join('\n');
        const plain = text.replace(/\u00a0/g, ' ');
        return plain.includes('shared program ✓ 你好') && plain;
      },
      { timeout: 30_000 },
    );
    expect(await restored.jsonValue()).toContain("print('shared', 6 * 7);");
    const ui = await tab.evaluate(() => ({
      speed: (document.querySelector('[data-testid="speed"]') as HTMLSelectElement).value,
      state: document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state'),
      lines: document.querySelectorAll('[data-testid="console-line"]').length,
    }));
    expect(ui).toEqual({ speed: '5', state: 'idle', lines: 0 });
    const r = await runInPage({ id: 'lock', end: 'finished', stdout: [] }, 30_000, tab);
    expect(r.state, describeRun(r)).toBe('finished');
    expect(r.lines.map((l) => l.text)).toEqual(['shared 42']);
    await tab.close();
  }, 120_000);
});
