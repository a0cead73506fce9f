// The production build (dist/) served by `vite preview` on a free port, with the COOP/COEP
// headers of vite.config.ts: for the benchmarks (bench/common.mjs) and the Firefox suite
// (e2e-firefox/). The Playwright e2e config starts its own on E2E_PORT.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const DIST = join(ROOT, 'dist');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/**
 * Serves `dist/` (or another build's output directory, for A/B benchmarks of two builds) with
 * `vite preview` on a free port; refuses a server without COEP.
 */
export async function startPreview(dist = DIST) {
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist} is missing: run \`npm run build\` first`);
  const port = await freePort();
  // Its own process group, so stopping it also stops the vite process npx starts.
  const child = spawn('npx', ['vite', 'preview', '--outDir', dist, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`vite preview exited: ${stderr}`);
    try {
      const r = await fetch(`${base}/`);
      if (r.ok) {
        // Without these headers the page is not cross-origin isolated and nothing runs.
        const coep = r.headers.get('cross-origin-embedder-policy');
        if (coep !== 'require-corp') throw new Error(`preview server sends no COEP header (got ${coep})`);
        return { base, stop };
      }
    } catch (e) {
      if (String(e.message).includes('COEP')) throw e;
    }
    await sleep(200);
  }
  stop();
  throw new Error(`vite preview did not answer on ${base}: ${stderr}`);
}
