/**
 * Imports parse in a worker (extension/panel/import-worker.ts): JSON.parse of a 100 MB HAR takes over
 * a second, which on the panel's thread froze it. The log comes back in parts; each part is a
 * short task here. Should the worker not start (it is a plain extension script, so it should),
 * the file is parsed here as before.
 */
import { createImportJoiner, isImportPart } from '../../src/logs/import-parts';
import type { ImportResult } from '../../src/logs/import';
import { parseImportHere, type ImportParser } from '../../src/panel/logs/ImportControl';

export const parseImportInWorker: ImportParser = (file, idPrefix) => {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return parseImportHere(file, idPrefix);
  }
  return new Promise<ImportResult>((resolve) => {
    const join = createImportJoiner();
    let started = false;
    const finish = (result: ImportResult) => {
      worker.terminate();
      resolve(result);
    };
    worker.onmessage = (event: MessageEvent<unknown>) => {
      started = true;
      if (!isImportPart(event.data)) return;
      join.add(event.data);
      const result = join.result();
      if (result) finish(result);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      // Not started at all: parse here. Failed midway: say so (the panel keeps what it had).
      if (!started) {
        worker.terminate();
        void parseImportHere(file, idPrefix).then(resolve);
      } else void import('../../src/logs/import').then(({ importFailure }) => finish(importFailure('logs.workerFailed', event.message)));
    };
    worker.postMessage({ file, idPrefix });
  });
};
