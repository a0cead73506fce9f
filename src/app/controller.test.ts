/**
 * The controller's document logic (URL → program, autosave, fallbacks) in a fake browser:
 * node has no location/history, so a minimal one is installed per test.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../state/store';
import type { StorageLike } from '../share/autosave';
import { encodeCodeHash } from '../share/permalink';
import { getScenario } from './deps';
import { Controller, DEFAULT_SCENARIO } from './controller';

class MemStorage implements StorageLike {
  m = new Map<string, string>();
  getItem = (k: string) => this.m.get(k) ?? null;
  setItem = (k: string, v: string) => void this.m.set(k, v);
  removeItem = (k: string) => void this.m.delete(k);
}

function installFakeBrowser(href: string) {
  let url = new URL(href);
  const fakeLocation = {
    get href() {
      return url.href;
    },
    get search() {
      return url.search;
    },
    get hash() {
      return url.hash;
    },
    get pathname() {
      return url.pathname;
    },
    get origin() {
      return url.origin;
    },
  };
  const nav = (_: unknown, __: string, to: string) => {
    url = new URL(to, url);
  };
  vi.stubGlobal('location', fakeLocation);
  vi.stubGlobal('history', { pushState: nav, replaceState: nav });
  vi.stubGlobal('window', { addEventListener: () => {} });
  vi.stubGlobal('document', { addEventListener: () => {}, visibilityState: 'visible' });
  return {
    go(to: string) {
      url = new URL(to, url);
    },
  };
}

describe('Controller documents', () => {
  let storage: MemStorage;
  beforeEach(() => {
    storage = new MemStorage();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const make = () => {
    const store = createAppStore();
    const c = new Controller(store, storage);
    return { store, c };
  };

  it('opens #example=<id> with the query speed', () => {
    installFakeBrowser('https://h/pg/?speed=10#example=lock');
    const { store, c } = make();
    c.openFromLocation();
    const s = store.getState();
    expect(s.scenarioId).toBe('lock');
    expect(s.source).toBe(getScenario('lock')!.source);
    expect(s.speed).toBe(10);
    expect(s.notice).toBeNull();
    expect(s.runState).toBe('idle');
  });

  it('opens a permalink with its example and keeps unknown options for Share', () => {
    const code = "print('from a link');\n";
    installFakeBrowser(`https://h/pg/?example=race&speed=2&utm=x${encodeCodeHash(code)}`);
    const { store, c } = make();
    c.openFromLocation();
    expect(store.getState()).toMatchObject({ source: code, scenarioId: 'race', speed: 2, dirty: false });
    const link = new URL(c.permalink());
    expect(link.search).toBe('?example=race&speed=2&sched=parallel&utm=x');
    expect(link.hash).toBe(encodeCodeHash(code));
  });

  it('falls back to the default scenario with a message for a broken link', () => {
    for (const hash of ['#code/AAAA', '#code/%%', '#what', '#example=nope']) {
      installFakeBrowser(`https://h/pg/${hash}`);
      const { store, c } = make();
      c.openFromLocation();
      const s = store.getState();
      expect(s.scenarioId, hash).toBe(DEFAULT_SCENARIO);
      expect(s.notice?.kind, hash).toBe('error');
      expect(s.runState).toBe('idle');
    }
  });

  it('autosaves edits per document and restores them; reset forgets them', () => {
    const fake = installFakeBrowser('https://h/pg/#example=lock');
    const { store, c } = make();
    c.openFromLocation();
    c.edit('// edited lock');
    c.openFromLocation(); // a reload flushes the pending save first
    expect(store.getState().source).toBe('// edited lock');
    expect(store.getState().dirty).toBe(true);

    fake.go('#example=rlock');
    c.openFromLocation();
    expect(store.getState().source).toBe(getScenario('rlock')!.source);

    fake.go('#example=lock');
    c.openFromLocation();
    c.resetToOriginal();
    expect(store.getState().dirty).toBe(false);
    c.openFromLocation();
    expect(store.getState().source).toBe(getScenario('lock')!.source);
  });

  it('edits to an opened permalink survive a reload of that link only', () => {
    const code = "print('shared');\n";
    const fake = installFakeBrowser(`https://h/pg/${encodeCodeHash(code)}`);
    const { store, c } = make();
    c.openFromLocation();
    c.edit("print('shared, then edited');\n");
    c.openFromLocation();
    expect(store.getState().source).toBe("print('shared, then edited');\n");
    fake.go(encodeCodeHash("print('another');\n"));
    c.openFromLocation();
    expect(store.getState().source).toBe("print('another');\n");
  });

  it('load() behaves like opening a permalink and updates the address', () => {
    installFakeBrowser('https://h/pg/#example=lock');
    const { store, c } = make();
    c.openFromLocation();
    c.load("print('x');\n", { example: 'semaphore', speed: 20 });
    expect(store.getState()).toMatchObject({ source: "print('x');\n", scenarioId: 'semaphore', speed: 20 });
    expect(location.search).toBe('?example=semaphore&speed=20');
    expect(location.hash).toBe(encodeCodeHash("print('x');\n"));
    c.load('y', {});
    expect(store.getState().scenarioId).toBe('');
    expect(store.getState().speed).toBe(1);
  });

  it('the picker pushes #example=<id> and drops the old example and speed', () => {
    installFakeBrowser('https://h/pg/?example=lock&speed=5&keep=1#code/abc');
    const { store, c } = make();
    c.openFromLocation();
    c.selectScenario('barrier');
    expect(location.search).toBe('?keep=1');
    expect(location.hash).toBe('#example=barrier');
    expect(store.getState().scenarioId).toBe('barrier');
    expect(store.getState().notice).toBeNull();
  });

  it('opens sched and seed from a link with #example=<id>, the seed pinned, and Share writes them back', () => {
    installFakeBrowser('https://h/pg/?sched=seeded&seed=42&speed=10#example=race');
    const { store, c } = make();
    c.openFromLocation();
    expect(store.getState()).toMatchObject({ scenarioId: 'race', sched: 'seeded', seed: 42, seedPinned: true, speed: 10 });
    expect(store.getState().notice).toBeNull();
    expect(store.getState().seedForRun()).toBe(42);
    // The example as it ships: named in the fragment, not carried as code.
    expect(new URL(c.permalink()).hash).toBe('#example=race');
    expect(new URL(c.permalink()).search).toBe('?speed=10&sched=seeded&seed=42');
    // Unpinned, the link still carries the seed the last run used, in a deterministic mode.
    c.toggleSeedPin();
    expect(new URL(c.permalink()).search).toBe('?speed=10&sched=seeded&seed=42');
    // In parallel an unpinned seed means nothing: the link leaves it out.
    c.setSched('parallel');
    expect(new URL(c.permalink()).search).toBe('?speed=10&sched=parallel');
    c.toggleSeedPin();
    expect(new URL(c.permalink()).search).toBe('?speed=10&sched=parallel&seed=42');
    // Edited, the code goes into the link, with the example it came from.
    c.edit('print(1);\n');
    expect(new URL(c.permalink()).search).toBe('?example=race&speed=10&sched=parallel&seed=42');
    expect(new URL(c.permalink()).hash).toMatch(/^#code\//);
  });

  it('a link with an unknown mode or a bad seed opens in the default mode and says why', () => {
    installFakeBrowser('https://h/pg/?sched=chaos&seed=4294967296&speed=max#example=race');
    const { store, c } = make();
    c.openFromLocation();
    const s = store.getState();
    expect(s).toMatchObject({ scenarioId: 'race', sched: 'parallel', seed: null, seedPinned: false, speed: Infinity });
    expect(s.source).toBe(getScenario('race')!.source);
    expect(s.notice?.text('en')).toContain('Ignored sched “chaos”');
    expect(s.notice?.text('en')).toContain('Ignored seed “4294967296”');
    expect(s.notice?.text('zh')).toContain('已忽略调度模式“chaos”');
  });

  it('a scenario’s default mode applies when the link does not say, and only then', () => {
    const sem = getScenario('semaphore')!;
    sem.sched = 'gil';
    try {
      installFakeBrowser('https://h/pg/#example=semaphore');
      const { store, c } = make();
      c.openFromLocation();
      expect(store.getState().sched).toBe('gil');
      c.setSched('seeded');
      c.selectScenario('lock');
      expect(store.getState().sched).toBe('parallel');
      c.selectScenario('semaphore');
      expect(store.getState().sched).toBe('gil');
      c.load("print('x');\n", { example: 'semaphore' });
      expect(store.getState().sched).toBe('gil');
      c.load("print('x');\n", { example: 'semaphore', sched: 'step' });
      expect(store.getState().sched).toBe('step');
      installFakeBrowser('https://h/pg/?sched=parallel#example=semaphore');
      c.openFromLocation();
      expect(store.getState().sched).toBe('parallel');
      installFakeBrowser(`https://h/pg/?example=semaphore${encodeCodeHash('print(1);')}`);
      c.openFromLocation();
      expect(store.getState().sched).toBe('gil');
    } finally {
      delete sem.sched;
    }
  });

  it('load() takes detectors: false (not in the address) and refuses anything but a boolean', () => {
    installFakeBrowser('https://h/pg/#example=lock');
    const { store, c } = make();
    c.openFromLocation();
    c.load("print('x');\n", { detectors: false, sched: 'gil' });
    expect(location.search).toBe('?sched=gil');
    const before = location.href;
    expect(() => c.load('z', { detectors: 'off' as unknown as boolean })).toThrow('load(): detectors must be true or false, not "off"');
    expect(location.href).toBe(before);
    expect(store.getState().source).toBe("print('x');\n");
  });

  it('load() takes sched, seed and speed max, writes them in the address, and refuses bad ones untouched', () => {
    installFakeBrowser('https://h/pg/#example=lock');
    const { store, c } = make();
    c.openFromLocation();
    c.load("print('x');\n", { speed: 'max', sched: 'gil', seed: 7 });
    expect(store.getState()).toMatchObject({ speed: Infinity, sched: 'gil', seed: 7, seedPinned: true });
    expect(location.search).toBe('?speed=max&sched=gil&seed=7');
    c.load("print('y');\n", { speed: Infinity, sched: 'seeded' });
    expect(store.getState()).toMatchObject({ speed: Infinity, sched: 'seeded', seed: null, seedPinned: false });
    expect(location.search).toBe('?speed=max&sched=seeded');
    const before = location.href;
    expect(() => c.load('z', { sched: 'chaos' })).toThrow(/sched must be one of parallel, seeded, gil, step/);
    expect(() => c.load('z', { seed: -1 })).toThrow(/seed must be an integer from 0 to 4294967295/);
    expect(() => c.load('z', { seed: 2 ** 32 })).toThrow(RangeError);
    expect(location.href).toBe(before);
    expect(store.getState().source).toBe("print('y');\n");
  });
});
