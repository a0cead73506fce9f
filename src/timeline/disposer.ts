/**
 * A stack of clean-ups, run last-in first-out: whatever the mount sets up (a listener, an
 * observer, a subscription, an element) registers its undoing right where it is set up, so
 * `destroy()` cannot forget one. The shape of TC39's `DisposableStack` (`defer`, `dispose`),
 * which Node 20 and the TypeScript lib in use do not have yet.
 */
export class Disposer {
  private readonly undo: (() => void)[] = [];

  /** Runs `fn` on dispose. */
  defer(fn: () => void): void {
    this.undo.push(fn);
  }

  /** `target.addEventListener(...)`, removed on dispose. */
  listen<E extends Event>(
    target: EventTarget,
    type: string,
    fn: (e: E) => void,
    options?: AddEventListenerOptions,
  ): void {
    const listener = fn as EventListener;
    target.addEventListener(type, listener, options);
    this.defer(() => target.removeEventListener(type, listener, options));
  }

  /** Undoes everything, newest first; later calls do nothing. */
  dispose(): void {
    for (let fn = this.undo.pop(); fn; fn = this.undo.pop()) fn();
  }
}
