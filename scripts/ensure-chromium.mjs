#!/usr/bin/env node
// The e2e tests drive Debian's Chromium (Playwright's own browser download is not reachable from
// this project's machines). Find it, or install it on Debian when we may, or say exactly how.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { CHROMIUM_PATH as path } from './chromium.mjs';
if (existsSync(path)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (isRoot && hasApt) {
  console.log(`Chromium not found at ${path}: installing Debian's chromium package…`);
  try {
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
      stdio: 'inherit',
    });
  } catch {
    /* reported below */
  }
  if (existsSync(path)) process.exit(0);
}
console.error(
  [
    `The end-to-end tests need Chromium at ${path}, and it is not there.`,
    hasApt
      ? '  Install it with:  sudo apt-get update && sudo apt-get install -y chromium'
      : '  Install Chromium with your package manager,',
    '  or point CHROMIUM_PATH at an existing Chromium/Chrome binary, e.g.',
    '  CHROMIUM_PATH=/usr/bin/google-chrome npm test',
  ].join('\n'),
);
process.exit(1);
