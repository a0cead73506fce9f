/**
 * Warm program workers. Creating a module worker and loading the runtime takes tens of
 * milliseconds; a thread's `start()` takes one from here instead and a replacement is created
 * in the background. A worker serves one run (a thread, and then the run's next threads as it
 * parks between them: runtime/worker.ts) and is then terminated: program code may have changed
 * its globals. All are made at once: loading them one or two at a time past the first five
 * (tried, bench/README.md "The warm pool at page load") had Monaco ready sooner but made the
 * first Run after load wait on workers still loading.
 */
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

  constructor(
    private readonly make: WorkerFactory = defaultWorkerFactory,
    private size = WARM_WORKERS,
  ) {}

  /** Fills the pool (call early: the first Run should not wait for a worker to load). */
  warm(n = this.size): void {
    this.size = Math.max(this.size, n);
    while (this.idle.length < this.size) this.idle.push(this.make());
  }

  /** A worker ready to be started; refills the pool (to RUNNING_REFILL) asynchronously. */
  take(): Worker {
    const w = this.idle.shift() ?? this.make();
    setTimeout(() => this.refill(RUNNING_REFILL), 0);
    return w;
  }

  /** Tops the pool up to `n` idle workers (at most `size`). */
  refill(n: number): void {
    const target = Math.min(n, this.size);
    while (this.idle.length < target) this.idle.push(this.make());
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
