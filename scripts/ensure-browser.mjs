// The browser suites drive Debian's browsers (Playwright's own browser downloads are not
// reachable from this project's machines). Find one, or install it on Debian when we may (root
// with apt-get, as in CI), or fail saying exactly what to install.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

/**
 * Exits 0 when `path` exists (after installing Debian's `pkg` if it was missing and we run as
 * root with apt-get); otherwise prints how to get it and exits 1.
 */
export function ensureDebianBrowser({ path, pkg, what, envVar, example }) {
  if (existsSync(path)) process.exit(0);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (isRoot && hasApt) {
    console.log(`${what} not found at ${path}: installing Debian's ${pkg} package…`);
    try {
      execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkg}`, { stdio: 'inherit' });
    } catch {
      /* reported below */
    }
    if (existsSync(path)) process.exit(0);
  }
  console.error(
    [
      `The ${what} tests need ${what} at ${path}, and it is not there.`,
      hasApt ? `  Install it with:  sudo apt-get update && sudo apt-get install -y ${pkg}` : `  Install ${what} with your package manager,`,
      `  or point ${envVar} at an existing binary, e.g.`,
      `  ${envVar}=${example} npm test`,
    ].join('\n'),
  );
  process.exit(1);
}
