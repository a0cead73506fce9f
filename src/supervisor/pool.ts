/**
 * Warm program workers. Creating a module worker and loading the runtime takes tens of
 * milliseconds; a thread's `start()` takes one from here instead and a replacement is created
 * in the background. A worker serves exactly one thread of one run and is then terminated:
 * program code may have changed its globals.
 */
export const WARM_WORKERS = 6;

export type WorkerFactory = () => Worker;

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

  /** A worker ready to be started; refills the pool asynchronously. */
  take(): Worker {
    const w = this.idle.shift() ?? this.make();
    setTimeout(() => this.warm(), 0);
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
