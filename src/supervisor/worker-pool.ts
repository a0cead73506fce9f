/**
 * Warm program workers. Creating a module worker and loading the runtime takes tens of
 * milliseconds; a thread's `start()` takes one from here instead and a replacement is created
 * in the background. A worker serves one run (a thread, and then the run's next threads as it
 * parks between them: runtime/worker.ts) and is then terminated: program code may have changed
 * its globals. All are made at once: loading them one or two at a time past the first five
 * (tried, bench/README.md "The warm pool at page load") had Monaco ready sooner but made the
 * first Run after load wait on workers still loading.
 */
import { WORKER_LOADED } from '../protocol/messages';

/** Workers kept loaded between runs: a run takes 1 + STANDBY at once, and bursts of starts (the
 * `process` scenario starts 10 processes) take the rest without waiting for a worker to load. */
export const WARM_WORKERS = 14;
/** While a run goes, the pool refills only to this many: loading workers costs CPU the run's
 * threads would feel on a small machine. The rest is refilled when the run ends. */
export const RUNNING_REFILL = 4;

export type WorkerFactory = () => Worker;

/**
 * The supervisor's one reference to runtime code: the URL of the program worker's bundle, which
 * Vite builds from src/runtime/worker.ts apart from the page's (no runtime module is in the page).
 * eslint.config.js allows `new URL(…, import.meta.url)` here only, and only for this file.
 */
export const defaultWorkerFactory: WorkerFactory = () =>
  new Worker(new URL('../runtime/worker.ts', import.meta.url), { type: 'module', name: 'program' });

export class WorkerPool {
  private readonly idle: Worker[] = [];
  /** Idle workers whose bundle has loaded (they said WORKER_LOADED). */
  private readonly loaded = new WeakSet<Worker>();

  constructor(
    private readonly make: WorkerFactory = defaultWorkerFactory,
    private size = WARM_WORKERS,
  ) {}

  /** Fills the pool (call early: the first Run should not wait for a worker to load). */
  warm(n = this.size): void {
    this.size = Math.max(this.size, n);
    while (this.idle.length < this.size) this.idle.push(this.create());
  }

  /**
   * A worker to start, loaded if any is: runs back to back (Run pressed again as one ends) take
   * the pool down to workers made moments ago, and a thread handed one still loading began its
   * code up to 0.7 s after its start() on an idle 2-core machine (the `race` scenario then lost
   * no update). The oldest idle worker otherwise. Refills the pool (to RUNNING_REFILL)
   * asynchronously.
   */
  take(): Worker {
    const i = Math.max(0, this.idle.findIndex((x) => this.loaded.has(x)));
    const w = this.idle.length > 0 ? (this.idle.splice(i, 1)[0] as Worker) : this.create();
    setTimeout(() => this.refill(RUNNING_REFILL), 0);
    return w;
  }

  /** Tops the pool up to `n` idle workers (at most `size`). */
  refill(n: number): void {
    const target = Math.min(n, this.size);
    while (this.idle.length < target) this.idle.push(this.create());
  }

  /**
   * A worker back from a run in which no program code ran (a standby that was handed no thread):
   * loaded, so the next take() hands it out first. Past the pool's size it replaces a worker
   * still loading, else it is ended.
   */
  giveBack(w: Worker): void {
    this.loaded.add(w);
    if (this.idle.length >= this.size) {
      const i = this.idle.findIndex((x) => !this.loaded.has(x));
      if (i < 0) {
        w.terminate();
        return;
      }
      (this.idle.splice(i, 1)[0] as Worker).terminate();
    }
    this.idle.push(w);
  }

  private create(): Worker {
    const w = this.make();
    const onLoaded = (e: MessageEvent): void => {
      if ((e.data as { type?: unknown } | null)?.type !== WORKER_LOADED) return;
      w.removeEventListener('message', onLoaded);
      this.loaded.add(w);
    };
    w.addEventListener('message', onLoaded);
    return w;
  }

  /** Idle workers, for tests and benchmarks. */
  get idleCount(): number {
    return this.idle.length;
  }

  dispose(): void {
    for (const w of this.idle) w.terminate();
    this.idle.length = 0;
  }
}
