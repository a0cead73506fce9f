#!/usr/bin/env node
// The e2e tests drive Debian's Chromium: find it, install it, or say exactly how.
import { CHROMIUM_PATH } from './chromium.mjs';
import { ensureDebianBrowser } from './ensure-browser.mjs';

ensureDebianBrowser({ path: CHROMIUM_PATH, pkg: 'chromium', what: 'Chromium', envVar: 'CHROMIUM_PATH', example: '/usr/bin/google-chrome' });
