import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// SharedArrayBuffer and Atomics.wait need cross-origin isolation (DESIGN.md §2).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Content-Security-Policy of the built app (DESIGN.md §8: user code never reaches the network).
 *
 * The page runs no user code and evaluates nothing: no 'unsafe-eval'. Monaco injects <style>
 * elements and inline style attributes, hence style-src 'unsafe-inline' (styles cannot run
 * script). Workers: the program workers compile the program with `new Function` and instantiate
 * the runtime's small WebAssembly module, which needs 'unsafe-eval' and 'wasm-unsafe-eval', so
 * a worker script (any .js served) carries its own policy that allows exactly that, and no
 * network at all: `fetch`, XHR, WebSocket and dynamic `import()` of another origin are refused
 * by the browser even if a program found a way past the runtime's sandbox.
 *
 * Delivered as response headers by `vite preview` (HTML gets the page policy, scripts the worker
 * policy: a CSP header on a script only takes effect when that script is a worker), and as a
 * <meta> in the built index.html for static hosts that cannot set headers (there the page policy
 * applies to the page; workers then rely on the runtime's sandbox()).
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

export const WORKER_CSP = [
  "default-src 'none'",
  "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'",
  "worker-src 'none'",
  "connect-src 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  const middleware = (req: { url?: string }, res: { setHeader(k: string, v: string): void }, next: () => void) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    // Bundled scripts may be worker scripts; the service worker (coi-serviceworker.js, at the
    // root) re-fetches every request and must keep its network.
    if (/\/assets\/[^/]+\.m?js$/.test(path)) res.setHeader('Content-Security-Policy', WORKER_CSP);
    else if (!/\.m?js$/.test(path)) res.setHeader('Content-Security-Policy', PAGE_CSP);
    next();
  };
  return {
    name: 'playground-csp',
    // The dev server keeps no CSP: HMR needs inline scripts and a WebSocket.
    apply: (_config, env) => env.command === 'build' || env.isPreview === true,
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: PAGE_CSP }, injectTo: 'head-prepend' },
    ],
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  server: { headers: isolation },
  preview: { headers: isolation, port: 4173, strictPort: false },
  // Class and function names are user-visible (Python reprs, exception names, tracebacks):
  // the minifier must not shorten them.
  worker: { format: 'es', rolldownOptions: { output: { keepNames: true } } },
  optimizeDeps: { include: ['monaco-editor'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 8000, rolldownOptions: { output: { keepNames: true } } },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20000,
    hookTimeout: 20000,
  },
});
