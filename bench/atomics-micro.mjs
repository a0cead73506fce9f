#!/usr/bin/env node
/**
 * Micro-benchmarks behind bench/README.md "lock in Firefox", in a bare worker (no app) of Firefox
 * ESR and of Chromium: the lock's uncontended take / +1 / give through the runtime's wasm fast
 * path (src/runtime/core/fastpath.wat) and through JS Atomics (fastpath.ts's fallback), with and
 * without the shared field's barrier, 4M iterations × 5; then what Atomics.wait with a 50 µs
 * timeout (the lock's poll nap) really takes, and Atomics.notify with nobody waiting.
 *   node bench/atomics-micro.mjs
 */
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { BENCH, launchChromium } from './common.mjs';
import { firefoxLaunchOptions } from '../scripts/firefox.mjs';

const wasm = /'([A-Za-z0-9+/=]+)'/.exec(readFileSync(join(BENCH, '..', 'src/runtime/core/fastpath-wasm.ts'), 'utf8'))[1];
const worker = `
const bytes = Uint8Array.from(atob('${wasm}'), (c) => c.charCodeAt(0));
const memory = new WebAssembly.Memory({ initial: 16, maximum: 65536, shared: true });
const W = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { mem: memory } }).exports;
const i32 = new Int32Array(memory.buffer), f64 = new Float64Array(memory.buffer);
const J = {
  take(state, tid) { if (Atomics.compareExchange(i32, state >> 2, 0, 1) !== 0) return 0; i32[(state >> 2) + 1] = tid; return 1; },
  give(state) { i32[(state >> 2) + 1] = 0; return Atomics.sub(i32, state >> 2, 1); },
  getF(addr) { Atomics.load(i32, 0); return f64[addr >> 3]; },
  setF(addr, v) { f64[addr >> 3] = v; },
};
function loop(fp, n, barrier) {
  for (let i = 0; i < n; i++) {
    if (fp.take(64, 7) !== 1) throw new Error('held');
    try {
      if (barrier) fp.setF(128, fp.getF(128) + 1); else f64[16] = f64[16] + 1;
    } finally {
      fp.give(64);
    }
  }
}
const out = {};
for (const [name, fp, barrier] of [['wasm_ns', W, false], ['js_ns', J, false], ['wasmBarrier_ns', W, true], ['jsBarrier_ns', J, true]]) {
  out[name] = [];
  for (let r = 0; r < 5; r++) { const t0 = performance.now(); loop(fp, 4e6, barrier); out[name].push(Math.round((performance.now() - t0) / 4e6 * 1e7) / 10); }
}
{ const t0 = performance.now(); for (let k = 0; k < 2000; k++) Atomics.wait(i32, 0, 0, 0.05); out.wait50us_us = Math.round((performance.now() - t0) / 2000 * 1000); }
{ const t0 = performance.now(); for (let k = 0; k < 1e6; k++) Atomics.notify(i32, 1, 1); out.notifyNoWaiter_ns = Math.round((performance.now() - t0) / 1e6 * 1e6); }
postMessage(out);
`;
// A bare isolated page (COOP/COEP, no CSP: the worker compiles wasm from a blob).
const html = `<!doctype html><script>window.go = () => new Promise((res) => { const w = new Worker(URL.createObjectURL(new Blob([${JSON.stringify(worker)}], { type: 'text/javascript' }))); w.onmessage = (e) => res(e.data); w.onerror = (e) => res(String(e.message)); });</script>`;
const server = createServer((_req, res) =>
  res.writeHead(200, { 'Content-Type': 'text/html', 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }).end(html),
);
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;
try {
  const out = {};
  const firefox = await puppeteer.launch(firefoxLaunchOptions());
  try {
    const page = await firefox.newPage();
    await page.goto(url);
    out.firefox = await page.evaluate(() => window.go());
  } finally {
    await firefox.close();
  }
  const chromium = await launchChromium();
  try {
    const page = await chromium.newPage();
    await page.goto(url);
    out.chromium = await page.evaluate(() => window.go());
  } finally {
    await chromium.close();
  }
  console.log(JSON.stringify(out, null, 2));
} finally {
  server.close();
}
