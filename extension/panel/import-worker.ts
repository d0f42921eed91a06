/**
 * Worker: reads and parses an imported file off the panel's main thread, and sends the log back
 * in parts (src/logs/import-parts.ts) so that no single message takes long to receive.
 */
import { importFailure, importLog, type ImportResult } from '../../src/logs/import';
import { importResultParts } from '../../src/logs/import-parts';

interface ImportRequest {
  file: File;
  idPrefix: string;
}

self.onmessage = async (event: MessageEvent<ImportRequest>) => {
  const { file, idPrefix } = event.data;
  let result: ImportResult;
  try {
    result = importLog({ text: await file.text(), fileName: file.name, byteLength: file.size }, { idPrefix });
  } catch (error) {
    result = importFailure('logs.readFailed', error instanceof Error ? error.message : String(error));
  }
  for (const part of importResultParts(result)) self.postMessage(part);
};
