// Debian's Firefox ESR, driven over WebDriver BiDi by puppeteer-core (Playwright's own Firefox
// build cannot be downloaded here; BiDi works with the stock browser): one launch configuration
// for the Firefox suite (e2e-firefox/), the lock benchmark (bench/firefox-lock.mjs) and
// ensure-firefox.mjs.
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/**
 * puppeteer.launch() options. puppeteer-core makes a fresh profile in a temporary folder for each
 * launch (headless Firefox needs one: the user's default profile may be locked or carry state);
 * `extraPrefsFirefox` adds to its automation prefs.
 */
export function firefoxLaunchOptions(extraPrefsFirefox = {}) {
  return {
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX_PATH,
    headless: true,
    extraPrefsFirefox: {
      // No update checks, telemetry or first-run pages competing for the two cores.
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      ...extraPrefsFirefox,
    },
  };
}
