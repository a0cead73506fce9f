/**
 * Whether this page can run programs: real threads need SharedArrayBuffer and Atomics.wait, which
 * browsers give only to cross-origin isolated pages. The one check, for the page (its banner and
 * Run) and the supervisor alike; it is its own small module so that the page asks before the
 * supervisor's chunk has loaded. Isolation does not change while a page lives.
 */
export interface Isolation {
  ok: boolean;
  /** Why not, and what to do about it (shown in the banner and in `run()`'s message). */
  reason?: string;
}

export function isolationStatus(): Isolation {
  if (typeof SharedArrayBuffer === 'undefined' || globalThis.crossOriginIsolated !== true) {
    return {
      ok: false,
      reason:
        'This page is not cross-origin isolated, so the browser disables SharedArrayBuffer and Atomics.wait, ' +
        'which the playground needs for real threads. Serve it with the headers ' +
        '"Cross-Origin-Opener-Policy: same-origin" and "Cross-Origin-Embedder-Policy: require-corp" ' +
        '(npm run dev / npm run preview do), or over HTTPS so the bundled service worker can add them.',
    };
  }
  return { ok: true };
}
