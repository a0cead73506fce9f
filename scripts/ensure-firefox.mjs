#!/usr/bin/env node
// The Firefox suite (e2e-firefox/) drives Debian's Firefox ESR: find it, install it, or say
// exactly how.
import { FIREFOX_PATH } from './firefox.mjs';
import { ensureDebianBrowser } from './ensure-browser.mjs';

ensureDebianBrowser({ path: FIREFOX_PATH, pkg: 'firefox-esr', what: 'Firefox', envVar: 'FIREFOX_PATH', example: '/usr/bin/firefox' });
