/**
 * Unit tests: pure code from src/, run in Node (no browser). E2E tests have their own config,
 * vitest.e2e.config.ts, because they drive real browsers and must not run in parallel.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Panel component tests render Preact JSX, as the build does.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
    environment: 'node',
    // The panel's English texts (the extension gets them from browser.i18n).
    setupFiles: ['tests/unit/setup-english.ts'],
  },
});
