/**
 * Page objects over the `data-testid` hooks of docs/urls-and-automation.md (tldraw's e2e style): specs say
 * what a user does, these say how to find it.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export interface RunResultJson {
  state: string;
  lines: { thread: string; stream: string; text: string }[];
  elapsedMs: number;
  message?: string;
  schedule: { mode: string; seed: number; decisions: number; hash: string };
  /** The run's shared heap in use when it ended (src/supervisor/types.ts). */
  heapUsedBytes?: number;
}

/** `window.__playground.load()`'s options (docs/urls-and-automation.md). */
export interface LoadOptionsJson {
  example?: string;
  speed?: number | 'max';
  sched?: string;
  seed?: number;
  detectors?: boolean;
}

export class PlaygroundPage {
  readonly run: Locator;
  readonly stop: Locator;
  readonly share: Locator;
  readonly speed: Locator;
  readonly sched: Locator;
  readonly seed: Locator;
  readonly exportTrace: Locator;
  readonly picker: Locator;
  readonly editor: Locator;
  readonly timeline: Locator;
  readonly console: Locator;
  readonly consoleLines: Locator;
  readonly status: Locator;
  readonly notice: Locator;
  readonly reset: Locator;

  constructor(readonly page: Page) {
    this.run = page.getByTestId('run');
    this.stop = page.getByTestId('stop');
    this.share = page.getByTestId('share');
    this.speed = page.getByTestId('speed');
    this.sched = page.getByTestId('sched');
    this.seed = page.getByTestId('seed');
    this.exportTrace = page.getByTestId('export-trace');
    this.picker = page.getByTestId('example-picker');
    this.editor = page.getByTestId('editor');
    this.timeline = page.getByTestId('timeline');
    this.console = page.getByTestId('console');
    this.consoleLines = page.getByTestId('console-line');
    this.status = page.getByTestId('run-status');
    this.notice = page.getByTestId('notice');
    this.reset = page.getByTestId('reset');
  }

  async goto(path = '/'): Promise<void> {
    await this.page.goto(path);
    await expect(this.run).toBeVisible();
  }

  /** Waits until Monaco has replaced the fallback text area. */
  async waitForMonaco(): Promise<void> {
    await expect(this.editor).toHaveAttribute('data-monaco', 'ready', { timeout: 30_000 });
  }

  pickerItem(id: string): Locator {
    return this.picker.locator(`[data-testid="example-item"][data-id="${id}"]`);
  }

  async state(): Promise<string | null> {
    return this.status.getAttribute('data-state');
  }

  async waitForEnd(timeout = 30_000): Promise<string> {
    await expect(this.status).not.toHaveAttribute('data-state', /^(running|idle)$/, { timeout });
    // The console re-renders at most once per animation frame (console-pane.tsx), the status at
    // once: the run's last lines reach the DOM up to a frame after its end state.
    await this.page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
          setTimeout(resolve, 500); // a page without frames (hidden) still goes on
        }),
    );
    return (await this.state()) ?? '';
  }

  /**
   * Presses Stop while the run is still going and returns the state it ended in. The run may end
   * on its own between reading the state and the click (the deadlock detector, a finished
   * program), which leaves Stop disabled: that is not a failure, so the click is retried only
   * while the state still says running.
   */
  async stopIfRunning(timeout = 30_000): Promise<string> {
    await expect
      .poll(
        async () => {
          if ((await this.state()) !== 'running') return true;
          await this.stop.click({ timeout: 1_000 }).catch(() => undefined);
          return (await this.state()) !== 'running';
        },
        { timeout, intervals: [100] },
      )
      .toBe(true);
    return this.waitForEnd(timeout);
  }

  /** Through `window.__playground`, the same code path as the buttons. */
  async load(source: string, options?: LoadOptionsJson): Promise<void> {
    await this.page.evaluate(([s, o]) => window.__playground!.load(s, o), [source, options] as const);
  }

  async runViaApi(): Promise<RunResultJson> {
    return this.page.evaluate(() => window.__playground!.run()) as Promise<RunResultJson>;
  }

  async consoleTexts(): Promise<{ thread: string; stream: string; text: string }[]> {
    return this.consoleLines.evaluateAll((els) =>
      els.map((e) => ({
        thread: e.getAttribute('data-thread') ?? '',
        stream: e.getAttribute('data-stream') ?? '',
        text: e.textContent ?? '',
      })),
    );
  }

  /** The program text as the app holds it (Monaco or the fallback text area). */
  async editorText(): Promise<string> {
    return this.page.evaluate(() => {
      const ta = document.querySelector<HTMLTextAreaElement>('[data-testid="editor"] textarea.fallback-editor');
      if (ta) return ta.value;
      // Monaco renders each visible line as a `.view-line` positioned by `top`, not in DOM
      // order; the short programs the specs use fit in the viewport.
      const lines = [...document.querySelectorAll<HTMLElement>('[data-testid="editor"] .view-line')];
      lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
      return lines.map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n');
    });
  }

  /** Types at the end of the program in whichever editor is showing. */
  async typeAtEnd(text: string): Promise<void> {
    const ta = this.editor.locator('textarea.fallback-editor');
    if (await ta.isVisible()) {
      await ta.focus();
      await ta.press('Control+End');
      await ta.pressSequentially(text);
    } else {
      await this.editor.locator('.monaco-editor').click();
      await this.page.keyboard.press('Control+End');
      await this.page.keyboard.type(text);
    }
  }

  async shareUrl(): Promise<string> {
    await this.share.click();
    const url = await this.page.getByTestId('share-url').inputValue();
    await this.page.getByTestId('share-close').click();
    return url;
  }
}
