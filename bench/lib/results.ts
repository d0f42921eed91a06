/** Each scenario writes one JSON file of results; `bench/report.mjs` turns them into tables. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchOptions } from './options';

export function writeResult(name: string, data: unknown): void {
  const { resultsDir } = benchOptions();
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `${name}.json`), JSON.stringify(data, null, 1));
}

/** Progress lines go to stderr so vitest shows them as they happen. */
export function progress(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}
