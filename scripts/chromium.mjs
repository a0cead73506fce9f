// Debian's Chromium and the flags this project's sandboxed machines need: one list for the e2e
// config (playwright.config.ts), the benchmarks (bench/common.mjs) and ensure-chromium.mjs.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
