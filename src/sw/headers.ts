/**
 * The response headers the app needs, in one place for the two things that send them: the
 * preview server (vite.config.ts) and the service worker (sw.ts), which adds them to what it
 * serves from its precache or fetches for a host that cannot set headers.
 */

/** SharedArrayBuffer and Atomics.wait need cross-origin isolation (ARCHITECTURE.md). */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

/**
 * Content-Security-Policy of the built app (docs/quality-bars.md: user code never reaches the network).
 *
 * The page runs no user code and evaluates nothing: no 'unsafe-eval'. Monaco injects <style>
 * elements and inline style attributes, hence style-src 'unsafe-inline' (styles cannot run
 * script). `worker-src 'self'` also admits the service worker (sw.js, same origin).
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/**
 * Workers: the program workers compile the program with `new Function` and instantiate the
 * runtime's small WebAssembly module, which needs 'unsafe-eval' and 'wasm-unsafe-eval', so a
 * worker script (any bundled .js) carries its own policy that allows exactly that, and no network
 * at all: `fetch`, XHR, WebSocket and dynamic `import()` of another origin are refused by the
 * browser even if a program found a way past the runtime's sandbox. A CSP header on a script only
 * takes effect when that script is a worker.
 */
export const WORKER_CSP = [
  "default-src 'none'",
  "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'",
  "worker-src 'none'",
  "connect-src 'none'",
].join('; ');

/**
 * The CSP for a path of the built app: bundled scripts (`assets/*.js`, which may be workers) get
 * the worker policy; other scripts none (the service worker at the root must keep its network);
 * everything else (HTML above all) the page policy.
 */
export function cspFor(pathname: string): string | undefined {
  if (/\/assets\/[^/]+\.m?js$/.test(pathname)) return WORKER_CSP;
  if (/\.m?js$/.test(pathname)) return undefined;
  return PAGE_CSP;
}

/** Statuses whose response must have no body (`new Response(body, …)` throws otherwise). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * `response` as served with the isolation headers and, when it has none of its own, the CSP for
 * `url` (only for the app's own `origin`). COOP/COEP are always set: a precached copy made while online may come from a host that
 * sent neither. Opaque responses (cross-origin no-cors) cannot be re-wrapped and pass as they are.
 */
export function withAppHeaders(url: URL, response: Response, origin: string): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', ISOLATION_HEADERS['Cross-Origin-Opener-Policy']);
  headers.set('Cross-Origin-Embedder-Policy', ISOLATION_HEADERS['Cross-Origin-Embedder-Policy']);
  if (!headers.has('Cross-Origin-Resource-Policy')) {
    headers.set('Cross-Origin-Resource-Policy', ISOLATION_HEADERS['Cross-Origin-Resource-Policy']);
  }
  const csp = url.origin === origin ? cspFor(url.pathname) : undefined;
  if (csp && !headers.has('Content-Security-Policy')) headers.set('Content-Security-Policy', csp);
  return new Response(NULL_BODY.has(response.status) ? null : response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
