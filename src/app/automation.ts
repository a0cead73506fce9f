/**
 * `window.__playground` (docs/urls-and-automation.md): the same actions as the buttons, for tests and power
 * users. Nothing here has its own logic; it all goes through the controller.
 */
import type { Controller, LoadOptions } from './controller';
import type { RunResult } from './deps';
import type { RunnableThread } from './stepper';
import type { ExploreResult } from '../state/store';
import type { ExploreOptions } from './outcome-explorer';

export interface PlaygroundApi {
  /** Opens `source` as a permalink would; `sched`/`seed` as the URL's (a seed given is pinned). */
  load(source: string, options?: LoadOptions): void;
  /** Resolves when the run ends, however it ends, with its `schedule` (docs/deterministic-runs.md). */
  run(): Promise<RunResult>;
  stop(): void;
  trace(): object;
  /** Step mode: the threads that can take the next step, once the run has stopped for it. */
  runnable(): Promise<RunnableThread[]>;
  /** Step mode: `thread` runs to its next scheduling point. */
  step(thread: string): Promise<void>;
  /** Step mode: the run as it was one step earlier (replayed). */
  back(): Promise<void>;
  /** Step mode: the seeded policy runs the rest. */
  finish(): Promise<RunResult>;
  /** The outcome explorer: every distinct outcome of the program's schedules within `budgetMs`. */
  explore(options?: ExploreOptions): Promise<ExploreResult>;
}

declare global {
  interface Window {
    __playground?: PlaygroundApi;
  }
}

export function installAutomation(controller: Controller): PlaygroundApi {
  const api: PlaygroundApi = {
    load: (source, options) => {
      controller.load(source, options ?? {});
      // Monaco shows the store's text on its next sync; do it now so a caller reading the
      // editor right after load() sees the new program.
      controller.editor?.setValue(source);
    },
    run: () => controller.run(),
    stop: () => controller.stop(),
    trace: () => controller.traceJson(),
    runnable: () => controller.stepper.runnable(),
    step: (thread) => controller.stepper.step(thread),
    back: () => controller.stepper.back(),
    finish: () => controller.stepper.finish(),
    explore: (options) => controller.explorer.explore(options ?? {}),
  };
  Object.defineProperty(window, '__playground', { value: Object.freeze(api), configurable: true });
  return api;
}
