/**
 * Autosave of the editor, per document, in localStorage.
 *
 * A document is what the URL opened: a built-in scenario (`ex:<id>`) or a permalink
 * (`link:<hash of its payload>`). Keying by document means reloading a permalink after editing
 * it brings back the edits, while opening a different link shows that link's code.
 */

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const PREFIX = 'cp:autosave:';

interface Saved {
  v: 1;
  source: string;
  savedAt: number;
}

export function exampleDocKey(id: string): string {
  return `ex:${id}`;
}

/** FNV-1a, enough to tell links apart without storing the whole payload in the key. */
export function linkDocKey(payload: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < payload.length; i++) {
    h ^= payload.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `link:${(h >>> 0).toString(36)}:${payload.length}`;
}

export function loadSaved(storage: StorageLike | null, docKey: string): string | null {
  if (!storage) return null;
  try {
    const raw = storage.getItem(PREFIX + docKey);
    if (raw === null) return null;
    const parsed = JSON.parse(raw) as Partial<Saved>;
    return parsed.v === 1 && typeof parsed.source === 'string' ? parsed.source : null;
  } catch {
    return null;
  }
}

export function clearSaved(storage: StorageLike | null, docKey: string): void {
  try {
    storage?.removeItem(PREFIX + docKey);
  } catch {
    /* storage disabled: nothing to clear */
  }
}

export function writeSaved(storage: StorageLike | null, docKey: string, source: string): boolean {
  if (!storage) return false;
  try {
    const rec: Saved = { v: 1, source, savedAt: Date.now() };
    storage.setItem(PREFIX + docKey, JSON.stringify(rec));
    return true;
  } catch {
    // Quota exceeded or storage disabled (private mode): autosave is best effort.
    return false;
  }
}

export interface Autosaver {
  /** Saves `source` under `docKey` after `delayMs` of quiet. */
  schedule(docKey: string, source: string): void;
  /** Writes the pending save now (page hide, before reload). */
  flush(): void;
  /** Drops a pending save (e.g. after "Reset to original"). */
  cancel(): void;
}

export function createAutosaver(
  storage: StorageLike | null,
  delayMs = 400,
  // Wrapped: browsers refuse `setTimeout` called as a method of another object.
  timers: { set: typeof setTimeout; clear: typeof clearTimeout } = {
    set: ((fn: () => void, ms: number) => setTimeout(fn, ms)) as typeof setTimeout,
    clear: ((id: ReturnType<typeof setTimeout>) => clearTimeout(id)) as typeof clearTimeout,
  },
): Autosaver {
  let pending: { docKey: string; source: string } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (): void => {
    if (timer !== null) timers.clear(timer);
    timer = null;
    if (pending) writeSaved(storage, pending.docKey, pending.source);
    pending = null;
  };
  return {
    schedule(docKey, source) {
      // A save for another document must not be lost when the user switches quickly.
      if (pending && pending.docKey !== docKey) flush();
      pending = { docKey, source };
      if (timer !== null) timers.clear(timer);
      timer = timers.set(flush, delayMs);
    },
    flush,
    cancel() {
      if (timer !== null) timers.clear(timer);
      timer = null;
      pending = null;
    },
  };
}

/** `localStorage`, or null where it is unavailable (sandboxed iframes, disabled storage). */
export function browserStorage(): StorageLike | null {
  try {
    const s = globalThis.localStorage;
    if (!s) return null;
    const k = '__cp_probe__';
    s.setItem(k, '1');
    s.removeItem(k);
    return s;
  } catch {
    return null;
  }
}
