/**
 * Per-thread runtime state that a new thread or process takes over from the thread that starts
 * it, as module state in CPython is one per process and copied by fork: `threading.excepthook`
 * (set in the main thread, seen by threads started after), the `random` module's seed. Each
 * module registers what it hands over; `spawn()` captures it before the new thread exists (so a
 * value that cannot cross fails the `start()` cleanly) and the new thread restores it once its
 * module-level declarations exist (a function crosses by name).
 */
import { decodeValue, encodeValue } from './values';

export interface Inherited {
  /** What a value that cannot cross is called in the error `start()` raises. */
  label: string;
  /** The value handed to a new thread (`process`: a forked child); `null`/`undefined`: nothing. */
  capture(process: boolean): unknown;
  /** In the new thread: takes over the captured value (`undefined` when there was none). */
  restore(value: unknown): void;
}

const parts = new Map<string, Inherited>();

export function registerInherited(key: string, part: Inherited): void {
  parts.set(key, part);
}

/** The encoded state a new thread (or, with `process`, a forked child) starts with. */
export function captureInherited(process: boolean): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const [key, part] of parts) {
    const v = part.capture(process);
    if (v === null || v === undefined) continue;
    try {
      out[key] = encodeValue(v, process);
    } catch (e) {
      throw new TypeError(`${part.label}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return out;
}

/** In the new thread, after its module-level declarations ran: restores each part. */
export function restoreInherited(values: Record<string, Uint8Array> | undefined): void {
  for (const [key, part] of parts) {
    const bytes = values?.[key];
    part.restore(bytes ? decodeValue(bytes) : undefined);
  }
}
