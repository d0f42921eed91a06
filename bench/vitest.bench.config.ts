/**
 * Benchmarks (`npm run bench`, see bench/run.mjs): bench/*.bench-run.ts, one file at a time in
 * one forked Node process with `--expose-gc` (heap figures are taken after a full collection).
 * Not part of `npm test`: vitest.config.ts and vitest.e2e.config.ts do not include these files.
 * No timing assertions: scenarios record figures and check only that the data arrived complete.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['bench/**/*.bench-run.ts'],
    // bench/.tmp holds scratch copies of source trees (`--commit`, `--alt` builds): never their benchmarks.
    exclude: ['bench/.tmp/**', '**/node_modules/**'],
    environment: 'node',
    pool: 'forks',
    execArgv: ['--expose-gc', '--max-old-space-size=6144'],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 15 * 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
    retry: 0,
  },
});
