#!/usr/bin/env node
/**
 * Timeline fps only (bench/timeline-fps.md): pan and zoom a 100,000-event trace in headless
 * Chromium on the production build, at devicePixelRatio 1 and 2, and print the figures.
 * `npm run bench` (bench/run.mjs) measures the same thing among everything else; this script is
 * for working on the timeline: quicker, and it writes nothing (bench/results/ belongs to run.mjs).
 *
 * It uses the app's opt-in `?bench-timeline` switch (src/app/main.tsx), which lazily imports
 * `runTimelineFpsBench` from src/timeline/bench-harness.ts and exposes it as
 * `window.__timelineFpsBench`. It builds nothing: build `dist/` first. On the shared machine:
 *
 *   flock /tmp/e2e.lock sh -c 'npx vite build && node bench/timeline-fps.mjs --n=3'
 *
 * Options: --n=<rounds per pixel ratio> (3), --events=<count> (100000).
 */
import { loadavg } from 'node:os';
import { CONTEXT_OPTIONS, UNTHROTTLED_RAF, launchChromium, startPreview } from './common.mjs';

const arg = (name, dflt) => {
  const a = process.argv.find((s) => s.startsWith(`--${name}=`));
  return a ? Number(a.slice(name.length + 3)) : dflt;
};
const N = Math.max(1, arg('n', 3));
const EVENTS = Math.max(1000, arg('events', 100_000));
const TARGET_FPS = 50;

const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const r1 = (x) => Math.round(x * 10) / 10;

const server = await startPreview();
const browser = await launchChromium(UNTHROTTLED_RAF);
const rows = [];
try {
  for (const deviceScaleFactor of [1, 2]) {
    const context = await browser.newContext({ ...CONTEXT_OPTIONS, viewport: { width: 1440, height: 900 }, deviceScaleFactor });
    const page = await context.newPage();
    await page.goto(`${server.base}/?bench-timeline#example=thread-target`);
    await page.waitForFunction(() => typeof window.__timelineFpsBench === 'function', null, { timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    for (let i = 0; i < N; i++) {
      const r = await page.evaluate((events) => window.__timelineFpsBench({ events }), EVENTS);
      const row = {
        dpr: deviceScaleFactor,
        fps: r1(r.fps),
        p95FrameMs: r1(r.p95FrameMs),
        worstFrameMs: r1(r.worstFrameMs),
        avgDrawMs: r1(r.avgDrawMs),
        maxDrawMs: r1(r.maxDrawMs),
        events: r.events,
        spans: r.spans,
        foldMs: Math.round(r.foldMs),
      };
      rows.push(row);
      console.error('[timeline-fps]', JSON.stringify(row));
    }
    await context.close();
  }
} finally {
  await browser.close();
  server.stop();
}

const summary = {};
for (const dpr of [1, 2]) {
  const rs = rows.filter((r) => r.dpr === dpr);
  summary[`dpr${dpr}`] = {
    fpsMedian: r1(median(rs.map((r) => r.fps))),
    fpsMin: r1(Math.min(...rs.map((r) => r.fps))),
    p95FrameMsMedian: r1(median(rs.map((r) => r.p95FrameMs))),
    avgDrawMsMedian: r1(median(rs.map((r) => r.avgDrawMs))),
    target: `≥ ${TARGET_FPS} fps`,
    met: median(rs.map((r) => r.fps)) >= TARGET_FPS,
  };
}
console.log(JSON.stringify({ events: EVENTS, rounds: N, loadavg: loadavg().map(r1), ...summary }, null, 2));
