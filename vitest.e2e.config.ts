/**
 * E2E tests: tests/e2e/**\/*.e2e.ts against the built extension (dist/) in a real browser.
 * One browser per run, picked by FRAMELINE_BROWSER_UNDER_TEST=chromium|firefox (default chromium);
 * scripts/test.mjs runs this config once per browser.
 *
 * Files run one at a time: each launches a browser, and the machines have 2 cores.
 * Timeouts are long because a Firefox launch alone takes about 4 s.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    // A flaky browser start should show as a failure, not be papered over.
    retry: 0,
  },
});
