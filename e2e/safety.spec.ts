/**
 * Share, limits and safety (issue 6; docs/urls-and-automation.md and §8 "Reliability and safety"). What
 * e2e/app.spec.ts already covers (share round-trip in the same profile, autosave across reload,
 * a few broken links, printed HTML) is not repeated here.
 *
 * Timing bars (Stop within 300 ms) are measured by bench/stop.mjs, not asserted here: the machine
 * is shared and Playwright's own polling would dominate the numbers.
 */
import { expect, test, type Page } from '@playwright/test';
import LZString from 'lz-string';
import { PlaygroundPage } from './pages';

/** Sets run-limit knobs (read by the controller at each Run) before the app boots. */
async function withSettings(page: Page, settings: Record<string, string>): Promise<void> {
  await page.addInitScript((s) => {
    for (const [k, v] of Object.entries(s)) localStorage.setItem(k, v);
  }, settings);
}

test.describe('share and links', () => {
  test('a link copied from Share opens the same scenario in a fresh browser profile', async ({ page, browser }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/#example=semaphore');
    const source = `// edited semaphore ✓ 信号量\nprint('from a shared link');\n`;
    await app.load(source, { example: 'semaphore', speed: 10 });
    const url = await app.shareUrl();
    expect(url).toContain('example=semaphore');
    const fresh = await browser.newContext();
    try {
      const other = await fresh.newPage();
      const app2 = new PlaygroundPage(other);
      await app2.goto(url);
      await expect.poll(() => app2.editorText()).toContain('edited semaphore ✓ 信号量');
      await expect(app2.pickerItem('semaphore')).toHaveAttribute('aria-current', 'page');
      await expect(app2.speed).toHaveValue('10');
      // Opening a link never runs it.
      await expect(app2.status).toHaveAttribute('data-state', 'idle');
      await expect(app2.consoleLines).toHaveCount(0);
      // The visitor presses Run.
      await app2.run.click();
      expect(await app2.waitForEnd()).toBe('finished');
      await expect(app2.consoleLines.first()).toHaveText('from a shared link');
    } finally {
      await fresh.close();
    }
  });

  test('Share warns when the link is longer than chat apps accept, and the long link still opens', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/');
    // Pseudo-random text compresses poorly: the link ends up well past 2,000 characters.
    let x = 7;
    const words = Array.from({ length: 600 }, () => {
      x = (x * 48271) % 2147483647;
      return x.toString(36);
    });
    const source = `// ${words.join(' ')}\nprint('long link');\n`;
    await app.load(source, { example: 'lock' });
    await app.share.click();
    await expect(page.getByTestId('share-long')).toBeVisible();
    const url = await page.getByTestId('share-url').inputValue();
    expect(url.length).toBeGreaterThan(2000);
    await page.getByTestId('share-close').click();
    await page.goto(url);
    await page.reload();
    const result = await app.runViaApi();
    expect(result.lines.map((l) => l.text)).toEqual(['long link']);
    await expect(app.pickerItem('lock')).toHaveAttribute('aria-current', 'page');
  });

  test('1,000 random and mutated #code/ links: the page always recovers', async ({ page }) => {
    test.setTimeout(120_000);
    const app = new PlaygroundPage(page);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await app.goto('/#example=thread-target');
    await expect(app.pickerItem('thread-target')).toHaveAttribute('aria-current', 'page');

    // Deterministic: a failure can be replayed.
    let seed = 0x5eed1e;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x80000000;
    };
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const programs = [
      `print('hello')\n`,
      `import { Thread } from 'threading';\nfunction f() { print('x'); }\nnew Thread({ target: f }).start();\n`,
      `print('<img src=x onerror=alert(1)>')\n`,
      `// 你好 ✓ \u0000 \u{1F600}\n`.repeat(20),
      'x'.repeat(3000),
    ];
    const valid = programs.map((p) => LZString.compressToEncodedURIComponent(p));
    const junk = ['%', '%%', '%E0%A4%A', '<script>', '"', "'", '#', '/', '\\', '\u0000', '😀', ' ', '+', '-', '$', '..', '%00'];
    const hashes: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const base = pick(valid);
      const r = rnd();
      let payload: string;
      if (r < 0.15) payload = base.slice(0, Math.floor(rnd() * base.length)); // truncated
      else if (r < 0.35) {
        // a few characters flipped
        const chars = [...base];
        for (let k = 0; k < 1 + Math.floor(rnd() * 4); k++) chars[Math.floor(rnd() * chars.length)] = pick([...'ABCxyz019+-$', ...junk]);
        payload = chars.join('');
      } else if (r < 0.5) payload = base + pick(junk) + base.slice(0, 10); // appended junk
      else if (r < 0.65) {
        // random bytes
        const n = Math.floor(rnd() * 200);
        payload = Array.from({ length: n }, () => String.fromCharCode(32 + Math.floor(rnd() * 95))).join('');
      } else if (r < 0.7) payload = 'A'.repeat(300_000 + Math.floor(rnd() * 200_000)); // oversized
      else if (r < 0.8) payload = encodeURIComponent(pick(junk)) + base;
      else if (r < 0.85) payload = '';
      else payload = base; // some valid links among them
      const prefix = pick(['#code/', '#code/', '#code/', '#code', '#CODE/', '#code//', '#example=', '#']);
      hashes.push(prefix + payload);
    }

    const outcome = await page.evaluate(async (list) => {
      const nextFrame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      let notices = 0;
      let opened = 0;
      const bad: string[] = [];
      for (const h of list) {
        location.hash = h;
        await nextFrame();
        const run = document.querySelector<HTMLButtonElement>('[data-testid="run"]');
        const status = document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state');
        const notice = document.querySelector('[data-testid="notice"]');
        const current = document.querySelector('[data-testid="example-item"][aria-current="page"]')?.getAttribute('data-id');
        if (!run || run.disabled || status !== 'idle') bad.push(`${h.slice(0, 60)}: page not usable (${status})`);
        if (notice?.classList.contains('error')) {
          notices++;
          // An error notice means the app fell back to the built-in scenario.
          if (current !== 'thread-target') bad.push(`${h.slice(0, 60)}: no fallback (${current})`);
        } else opened++;
        if (document.querySelector('[data-testid="console"] img, [data-testid="notice"] img')) bad.push(`${h.slice(0, 60)}: HTML rendered`);
      }
      return { notices, opened, bad };
    }, hashes);
    expect(outcome.bad).toEqual([]);
    expect(errors).toEqual([]);
    expect(dialogs).toBe(0);
    // The mix has both: links that open and links that are refused with a message.
    expect(outcome.notices).toBeGreaterThan(300);
    expect(outcome.opened).toBeGreaterThan(20);
    // And after all that, a valid program still runs.
    await app.load(`print('still fine')\n`);
    const result = await app.runViaApi();
    expect(result.state).toBe('finished');
    expect(result.lines.map((l) => l.text)).toEqual(['still fine']);
  });

  test('nothing typed is lost to a bad link', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/#example=thread-target');
    await app.waitForMonaco();
    await app.typeAtEnd('// typed before the bad link');
    await expect.poll(() => app.editorText()).toContain('typed before the bad link');
    await page.evaluate(() => {
      location.hash = '#code/%%%garbage';
    });
    await expect(app.notice).toBeVisible();
    await page.evaluate(() => {
      location.hash = '#example=lock';
    });
    await expect(app.pickerItem('lock')).toHaveAttribute('aria-current', 'page');
    await page.evaluate(() => {
      location.hash = '#example=thread-target';
    });
    await expect.poll(() => app.editorText()).toContain('typed before the bad link');
  });
});

test.describe('hostile text and sandbox', () => {
  test('HTML in thread names, tracebacks and link notices is shown as text', async ({ page }) => {
    const app = new PlaygroundPage(page);
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await app.goto('/#example=<img src=x onerror=alert(1)>');
    await expect(app.notice).toBeVisible();
    expect(await page.locator('[data-testid="notice"] img').count()).toBe(0);
    await app.load(
      [
        `import { Thread } from 'threading';`,
        `function f() { print('<b>bold?</b>'); throw new ValueError('<img src=x onerror=alert(2)>'); }`,
        `const t = new Thread({ target: f, name: '<img src=x onerror=alert(3)>' });`,
        `t.start();`,
        `t.join();`,
        ``,
      ].join('\n'),
    );
    const result = await app.runViaApi();
    expect(result.state).toBe('finished');
    await expect(app.consoleLines.first()).toHaveText('<b>bold?</b>');
    await expect(app.console).toContainText('ValueError: <img src=x onerror=alert(2)>');
    expect(await app.consoleLines.first().getAttribute('data-thread')).toBe('<img src=x onerror=alert(3)>');
    expect(await page.locator('[data-testid="console"] img, [data-testid="console"] b').count()).toBe(0);
    expect(dialogs).toBe(0);
  });

  test('user code has no network or storage: fetch, XHR, WebSocket, importScripts, indexedDB', async ({ page, context }) => {
    const app = new PlaygroundPage(page);
    const probes: string[] = [];
    context.on('request', (r) => {
      if (r.url().includes('sandbox-probe')) probes.push(r.url());
    });
    await app.goto('/');
    const program = [
      `import { Thread, current_thread } from 'threading';`,
      `function probe() {`,
      `  const where = current_thread().name;`,
      `  const g = globalThis as any;`,
      `  const attempts: [string, () => unknown][] = [`,
      `    ['fetch', () => g.fetch('/sandbox-probe-fetch')],`,
      `    ['XMLHttpRequest', () => { const x = new g.XMLHttpRequest(); x.open('GET', '/sandbox-probe-xhr'); x.send(); }],`,
      `    ['WebSocket', () => new g.WebSocket('ws://localhost:4173/sandbox-probe-ws')],`,
      `    ['importScripts', () => g.importScripts('/sandbox-probe-import.js')],`,
      `    ['indexedDB', () => g.indexedDB.open('sandbox-probe')],`,
      `    ['prototype fetch', () => {`,
      `      for (let o = g; o; o = Object.getPrototypeOf(o)) {`,
      `        const d = Object.getOwnPropertyDescriptor(o, 'fetch');`,
      `        if (d && typeof d.value === 'function') return d.value.call(g, '/sandbox-probe-proto');`,
      `      }`,
      `      throw new TypeError('fetch is nowhere in scope');`,
      `    }],`,
      `  ];`,
      `  for (const [name, attempt] of attempts) {`,
      `    try { attempt(); print(where, name, 'ALLOWED'); }`,
      `    catch (e) { print(where, name, 'refused:', String(e)); }`,
      `  }`,
      `}`,
      `probe();`,
      `const t = new Thread({ target: probe, name: 'Prober' });`,
      `t.start();`,
      `t.join();`,
      ``,
    ].join('\n');
    await app.load(program);
    const result = await app.runViaApi();
    expect(result.state).toBe('finished');
    const texts = result.lines.map((l) => l.text);
    expect(texts.filter((t) => t.includes('ALLOWED'))).toEqual([]);
    for (const where of ['MainThread', 'Prober']) {
      for (const name of ['fetch', 'XMLHttpRequest', 'WebSocket', 'importScripts', 'indexedDB', 'prototype fetch']) {
        // A clear error naming what is missing, e.g. "TypeError: g.fetch is not a function".
        const line = texts.find((t) => t.startsWith(`${where} ${name} refused:`));
        expect(line, `${where} ${name}`).toMatch(/TypeError: .*(not a function|not a constructor|Cannot read properties of undefined|nowhere in scope)/);
      }
    }
    await page.waitForTimeout(300);
    expect(probes).toEqual([]);
  });

  test('the built app carries a CSP without unsafe-eval for the page, and threads and Monaco work under it', async ({ page }) => {
    const violations: string[] = [];
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { __csp: string[] }).__csp ??= [];
        (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const response = await page.goto('/#example=lock');
    const header = response?.headers()['content-security-policy'] ?? '';
    expect(header).toContain("script-src 'self'");
    expect(header).not.toContain('unsafe-eval');
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(meta).toContain("object-src 'none'");
    expect(meta).not.toContain('unsafe-eval');
    const app = new PlaygroundPage(page);
    await app.waitForMonaco();
    await app.load(
      `import { Thread, Lock } from 'threading';\nconst lock = new Lock();\nconst g = shared({ n: 0 });\nfunction work() { for (let i = 0; i < 10000; i++) { using _ = lock.hold(); g.n += 1; } }\nconst ts = [new Thread({ target: work }), new Thread({ target: work })];\nfor (const t of ts) t.start();\nfor (const t of ts) t.join();\nprint(g.n);\n`,
    );
    const result = await app.runViaApi();
    expect(result.state).toBe('finished');
    expect(result.lines.map((l) => l.text)).toEqual(['20000']);
    expect(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])).toEqual([]);
    expect(violations).toEqual([]);
  });
});

test.describe('run limits', () => {
  test('live threads: the 257th is refused with a RuntimeError the program can catch', async ({ page }) => {
    test.setTimeout(180_000);
    // 256 workers take a while to load on a busy machine: not the run-time limit's business here.
    await withSettings(page, { 'cp:time-limit-s': '600' });
    const app = new PlaygroundPage(page);
    await app.goto('/');
    await app.load(
      [
        `import { Thread, Event } from 'threading';`,
        `const go = new Event();`,
        `function wait_for_go() { go.wait(); }`,
        `const threads: Thread[] = [];`,
        `try {`,
        `  for (let i = 0; i < 300; i++) { const t = new Thread({ target: wait_for_go }); t.start(); threads.push(t); }`,
        `} catch (e) {`,
        `  print('refused after', threads.length, String(e));`,
        `}`,
        `go.set();`,
        `for (const t of threads) t.join();`,
        `print('all joined');`,
        ``,
      ].join('\n'),
    );
    const result = await app.runViaApi();
    expect(result.state).toBe('finished');
    const texts = result.lines.map((l) => l.text);
    expect(texts[0]).toBe(
      "refused after 255 RuntimeError: can't start new thread: the playground allows at most 256 threads and processes alive at once",
    );
    expect(texts[1]).toBe('all joined');
  });

  test('shared memory: a full heap ends the run as `limit` with a MemoryError', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/');
    await app.load(
      [
        `import { Queue } from 'queue';`,
        `const q = new Queue();`,
        `const big = 'x'.repeat(1_000_000);`,
        `let n = 0;`,
        `while (true) { q.put(big); n += 1; }`,
        ``,
      ].join('\n'),
    );
    const result = await app.runViaApi();
    expect(result.state).toBe('limit');
    expect(result.message).toMatch(/^MemoryError: MainThread ran out of the run's \d+ MB of shared memory/);
    const texts = result.lines.map((l) => l.text);
    expect(texts).toContain('Traceback (most recent call last):');
    expect(texts.some((t) => /^MemoryError: shared memory is full/.test(t))).toBe(true);
    expect(texts.some((t) => t.includes('HeapFullError'))).toBe(false);
    await expect(app.status).toHaveAttribute('data-state', 'limit');
    await expect(app.console).toContainText('MemoryError: MainThread ran out of');
    // The same from a thread: its crash ends the run (the heap is shared by every thread).
    await app.load(
      [
        `import { Thread, Event } from 'threading';`,
        `import { Queue } from 'queue';`,
        `const q = new Queue();`,
        `const never = new Event();`,
        `function hog() { const big = 'y'.repeat(1_000_000); while (true) q.put(big); }`,
        `new Thread({ target: hog, name: 'Hog' }).start();`,
        `never.wait();`,
        ``,
      ].join('\n'),
    );
    const again = await app.runViaApi();
    expect(again.state).toBe('limit');
    expect(again.message).toMatch(/^MemoryError: Hog ran out of the run's \d+ MB of shared memory/);
    expect(again.lines.map((l) => l.text)).toContain('Exception in thread Hog:');
  });

  test('trace size: past the cap older detail is summarized and the timeline keeps up', async ({ page }) => {
    await withSettings(page, { 'cp:trace-cap': '2000' });
    const app = new PlaygroundPage(page);
    await app.goto('/');
    await app.load(
      [
        `import { Thread, Event } from 'threading';`,
        `const ping = new Event();`,
        `const pong = new Event();`,
        `function player() { for (let i = 0; i < 3000; i++) { ping.wait(); ping.clear(); pong.set(); } }`,
        `const t = new Thread({ target: player });`,
        `t.start();`,
        `for (let i = 0; i < 3000; i++) { ping.set(); pong.wait(); pong.clear(); }`,
        `t.join();`,
        `print('rallies done');`,
        ``,
      ].join('\n'),
    );
    const result = await app.runViaApi();
    expect(result.state).toBe('finished');
    expect(result.lines.map((l) => l.text)).toEqual(['rallies done']);
    const trace = (await page.evaluate(() => window.__playground!.trace())) as {
      traceEvents: { name?: string; args?: Record<string, unknown> }[];
      metadata: { 'dropped-events': number };
    };
    // The UI holds at most the cap (plus the summary), far below what 6,000 rallies produced,
    // and says how much older detail it summarized.
    expect(trace.traceEvents.length).toBeGreaterThan(100);
    expect(trace.traceEvents.length).toBeLessThan(12_000);
    expect(trace.metadata['dropped-events']).toBeGreaterThan(1_000);
    // Both lanes are still there.
    const names = JSON.stringify(trace.traceEvents.filter((e) => e.name === 'thread_name'));
    expect(names).toContain('MainThread');
    expect(names).toContain('Thread-1 (player)');
  });

  test('console size: the last 20,000 lines are kept and the drop is counted', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/');
    await app.load(`for (let i = 0; i < 25000; i++) print('line', i);\nprint('end');\n`);
    const result = await app.runViaApi();
    expect(result.state).toBe('finished');
    await expect(page.getByTestId('console-dropped')).toHaveText('5,001 earlier lines dropped');
    await expect(app.consoleLines.last()).toHaveText('end');
  });

  test('run time: the banner offers Stop / Keep running, and an unanswered one ends the run as `limit`', async ({ page }) => {
    // A grace long enough for the test to click Keep running on a busy machine.
    await withSettings(page, { 'cp:time-limit-s': '1', 'cp:time-limit-grace-s': '8' });
    const app = new PlaygroundPage(page);
    await app.goto('/');
    await app.load(`print('looping');\nwhile (true) {}\n`);
    const done = app.runViaApi();
    const banner = page.getByTestId('long-run-banner');
    // The limit counts from the run's start, which a busy machine may delay: wait for the run.
    await expect(app.consoleLines.first()).toHaveText('looping', { timeout: 30_000 });
    await expect(banner).toBeVisible({ timeout: 15_000 });
    await expect(app.status).toHaveAttribute('data-state', 'running');
    // Keep running: the question goes away and the run goes on (the next one comes 2 s later).
    await page.getByTestId('long-run-keep').click();
    await expect(banner).toBeHidden();
    await page.waitForTimeout(1_000);
    await expect(app.status).toHaveAttribute('data-state', 'running');
    await expect(banner).toBeVisible({ timeout: 15_000 });
    // No answer this time: the run ends as `limit` after the grace period, with a message.
    const result = await done;
    expect(result.state).toBe('limit');
    expect(result.message).toMatch(/^Run time limit: the program ran for \d+ s/);
    await expect(app.status).toHaveAttribute('data-state', 'limit');
    await expect(banner).toBeHidden();
    await expect(app.console).toContainText('Run time limit');
  });

  test('run time: Stop on the banner stops the run', async ({ page }) => {
    await withSettings(page, { 'cp:time-limit-s': '1', 'cp:time-limit-grace-s': '30' });
    const app = new PlaygroundPage(page);
    await app.goto('/');
    await app.load(`while (true) {}\n`);
    await app.run.click();
    await page.getByTestId('long-run-stop').click({ timeout: 30_000 });
    await expect(app.status).toHaveAttribute('data-state', 'stopped');
  });
});

test.describe('stop and deadlock', () => {
  test('Stop ends a run whose threads all spin, and a new run starts at once', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/');
    await app.load(
      `import { Thread } from 'threading';\nfunction spin() { while (true) {} }\nfor (let i = 0; i < 4; i++) new Thread({ target: spin }).start();\nprint('spinning');\nwhile (true) {}\n`,
    );
    for (let round = 0; round < 2; round++) {
      await app.run.click();
      await expect(app.consoleLines.first()).toHaveText('spinning');
      await app.stop.click();
      await expect(app.status).toHaveAttribute('data-state', 'stopped');
      await expect(app.run).toBeEnabled();
    }
    // Every thread flooding the console: the page keeps up and Stop still answers promptly
    // (run()'s result lines once cost a 100,000-element shift per line: Stop took seconds).
    await app.load(
      `import { Thread } from 'threading';\nfunction flood() { let i = 0; while (true) print('flood', i++); }\nfor (let i = 0; i < 4; i++) new Thread({ target: flood }).start();\nflood();\n`,
    );
    await app.run.click();
    await expect(app.consoleLines.first()).toBeVisible();
    await page.waitForTimeout(1_000);
    await app.stop.click();
    await expect(app.status).toHaveAttribute('data-state', 'stopped', { timeout: 5_000 });
    await expect(page.getByTestId('console-dropped')).toBeVisible();
    // The stopped runs' workers may spin on for a moment; the next run has its own buffers.
    await app.load(`import { Thread } from 'threading';\nfunction f() { print('fresh'); }\nconst t = new Thread({ target: f });\nt.start();\nt.join();\n`);
    const result = await app.runViaApi();
    expect(result.state).toBe('finished');
    expect(result.lines.map((l) => l.text)).toEqual(['fresh']);
  });

  test('the deadlock scenario ends as `deadlock`, naming the cycle on the console and timeline', async ({ page }) => {
    const app = new PlaygroundPage(page);
    await app.goto('/#example=deadlock');
    await expect(app.pickerItem('deadlock')).toHaveAttribute('aria-current', 'page');
    const result = await app.runViaApi();
    expect(result.state).toBe('deadlock');
    const cycle =
      /^Deadlock: (Thread-1 \(task1\) waits Lock#2 held by Thread-2 \(task2\), which waits Lock#1 held by Thread-1 \(task1\)|Thread-2 \(task2\) waits Lock#1 held by Thread-1 \(task1\), which waits Lock#2 held by Thread-2 \(task2\))\.$/;
    expect(result.message).toMatch(cycle);
    await expect(app.status).toHaveAttribute('data-state', 'deadlock');
    await expect(app.consoleLines.last()).toHaveText(cycle);
    // The timeline's trace names the cycle too.
    const trace = JSON.stringify(await page.evaluate(() => window.__playground!.trace()));
    expect(trace).toContain('Deadlock: Thread-');
  });
});
