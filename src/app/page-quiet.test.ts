import { describe, expect, it } from 'vitest';
import { whenQuiet, type QuietSignals } from './page-quiet';

/** Signals driven by the test: `busy` is set by hand, sleeps and idle callbacks resolve when released. */
function fakeSignals() {
  let busy = false;
  const listeners = new Set<() => void>();
  const log: string[] = [];
  const pending: { what: string; resolve: () => void }[] = [];
  const s: QuietSignals = {
    busy: () => busy,
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    loaded: () => new Promise((resolve) => pending.push({ what: 'loaded', resolve })),
    sleep: (ms) => new Promise((resolve) => pending.push({ what: `sleep ${ms}`, resolve })),
    idle: (ms) => new Promise((resolve) => pending.push({ what: `idle ${ms}`, resolve })),
  };
  return {
    s,
    log,
    listeners,
    setBusy(b: boolean) {
      busy = b;
      for (const l of [...listeners]) l();
    },
    /** Resolves the oldest pending wait, which must be `what`. */
    async release(what: string) {
      const p = pending.shift();
      expect(p?.what).toBe(what);
      p!.resolve();
      await flush();
    },
    pendingWaits: () => pending.map((p) => p.what),
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

function track(p: Promise<void>) {
  const t = { done: false };
  void p.then(() => (t.done = true));
  return t;
}

describe('whenQuiet', () => {
  it('waits for the editor, then the settle time, then idle time, and resolves when no run is going on', async () => {
    const f = fakeSignals();
    const t = track(whenQuiet(f.s, 4000));
    await flush();
    expect(f.pendingWaits()).toEqual(['loaded']);
    await f.release('loaded');
    expect(f.pendingWaits()).toEqual(['sleep 4000']);
    await f.release('sleep 4000');
    expect(t.done).toBe(false);
    await f.release('idle 3000');
    expect(t.done).toBe(true);
  });

  it('holds while a run goes on, and waits for idle time again after it ends', async () => {
    const f = fakeSignals();
    f.setBusy(true);
    const t = track(whenQuiet(f.s, 10));
    await f.release('loaded');
    await f.release('sleep 10');
    expect(f.pendingWaits()).toEqual([]);
    expect(f.listeners.size).toBe(1);
    f.setBusy(true); // another state change while still running: still waiting
    await flush();
    expect(f.pendingWaits()).toEqual([]);
    f.setBusy(false);
    await flush();
    expect(f.listeners.size).toBe(0);
    expect(t.done).toBe(false);
    await f.release('idle 3000');
    expect(t.done).toBe(true);
  });

  it('a run that starts while it waits for idle time sends it back to waiting for that run', async () => {
    const f = fakeSignals();
    const t = track(whenQuiet(f.s, 10));
    await f.release('loaded');
    await f.release('sleep 10');
    f.setBusy(true);
    await f.release('idle 3000');
    expect(t.done).toBe(false);
    expect(f.listeners.size).toBe(1);
    f.setBusy(false);
    await flush();
    await f.release('idle 3000');
    expect(t.done).toBe(true);
  });
});
