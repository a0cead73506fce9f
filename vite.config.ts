import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { cspFor, ISOLATION_HEADERS, PAGE_CSP } from './src/sw/headers';

/*
 * SharedArrayBuffer and Atomics.wait need cross-origin isolation (ARCHITECTURE.md): every response
 * carries COOP/COEP (ISOLATION_HEADERS). The page and worker CSPs (docs/quality-bars.md) are explained in
 * src/sw/headers.ts, shared with the service worker. The CSPs are delivered as response headers by `vite preview` (HTML gets the page policy, scripts
 * the worker policy), by the service worker for what it serves (src/sw/sw.ts), and as a <meta> in
 * the built index.html for static hosts that cannot set headers.
 */
function contentSecurityPolicy(): Plugin {
  const middleware = (req: { url?: string }, res: { setHeader(k: string, v: string): void }, next: () => void) => {
    const csp = cspFor((req.url ?? '/').split('?')[0] ?? '/');
    if (csp) res.setHeader('Content-Security-Policy', csp);
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

/**
 * Installable offline app: the web app manifest, and the service worker `src/sw/sw.ts` built with
 * the list of every file of the build to precache (Workbox's injectManifest). Registered by
 * src/app/register-service-worker.ts, in the production build only: in dev there is no sw.js.
 */
function offlineApp() {
  return VitePWA({
    strategies: 'injectManifest',
    srcDir: 'src/sw',
    filename: 'sw.ts',
    injectRegister: false,
    // The glob below already lists them (the plugin would list them a second time).
    includeManifestIcons: false,
    manifestFilename: 'manifest.webmanifest',
    manifest: {
      name: 'Concurrency Playground · 并发游乐场',
      short_name: 'Concurrency',
      description: 'Python threads, processes and asyncio, run for real in the browser, with a live timeline.',
      start_url: './',
      scope: './',
      display: 'standalone',
      background_color: '#ffffff',
      theme_color: '#2563eb',
      icons: [
        { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
        { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    injectManifest: {
      // Every file: Monaco's language chunks and workers included, whatever the editor loads.
      globPatterns: ['**/*'],
      globIgnores: ['manifest.webmanifest'], // the plugin adds it itself
      // Monaco's TypeScript worker is ~8 MB.
      maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
    },
  });
}

export default defineConfig({
  base: './',
  plugins: [react(), contentSecurityPolicy(), offlineApp()],
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS, port: 4173, strictPort: false },
  // Class and function names are user-visible (Python reprs, exception names, tracebacks):
  // the minifier must not shorten them.
  worker: { format: 'es', rolldownOptions: { output: { keepNames: true } } },
  optimizeDeps: { include: ['monaco-editor'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 8000, rolldownOptions: { output: { keepNames: true } } },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bench/**/*.test.ts'],
    testTimeout: 20000,
    hookTimeout: 20000,
  },
});
