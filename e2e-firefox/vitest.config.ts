// The Firefox suite runs on its own (`npm run test:firefox`): node environment, one file, one
// browser, tests in order. It needs `npm run build` first (it serves dist/).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e-firefox/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // A failure says which scenario and shows its console. One retry in CI, as playwright.config.ts.
    retry: process.env.CI ? 1 : 0,
    reporters: ['default'],
  },
});
