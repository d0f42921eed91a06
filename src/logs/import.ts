/**
 * Opening a saved log: Chrome HAR, Playwright HAR, any HAR with Chrome's WebSocket fields,
 * Frameline HAR and Frameline NDJSON. Never throws: bad files give one clear sentence naming
 * what is wrong and where, e.g.
 *   Not JSON: Unexpected token } at line 3 column 5
 *   Not JSON: Unexpected end of JSON input at line 9 column 1: the file seems truncated
 *   Not a HAR file: missing "log.entries"
 *   HAR has no WebSocket entries (12 entries, none with _resourceType "websocket" or _webSocketMessages)
 *   entries[3]._webSocketMessages[17].time is not a number
 *   File is 230 MB; the limit is 200 MB
 *
 * Imported connections get ids `import-<n>:<original id>` (never equal to a live id) and
 * `source: 'imported'`.
 */
import { utf8Length } from '../lib/bytes';
import { createImportPrefix, formatFileSize, ImportProblem, type ImportContext } from './import-common';
import { importHarDocument } from './import-har';
import { describeJsonError } from '../lib/json-error';
import { importNdjsonText, isNdjsonLog } from './ndjson';
import type { SessionLog } from './types';

export type ImportInput = string | { text: string; fileName?: string; /** `File.size`, when known. */ byteLength?: number };

export interface ImportOptions {
  /** Largest file accepted, in bytes. Default 200 MB (decimal). */
  maxBytes?: number;
  /** Overrides the `import-<n>:` id prefix (tests, or a caller keeping its own counter). */
  idPrefix?: string;
}

export type ImportResult = { ok: true; log: SessionLog; warnings: string[] } | { ok: false; error: string };

export const DEFAULT_MAX_IMPORT_BYTES = 200 * 1000 * 1000;

/**
 * The size check alone, for the UI to call with `File.size` before reading a file into memory.
 * Returns the message to show, or undefined when the size is fine.
 */
export function checkImportSize(byteLength: number, maxBytes = DEFAULT_MAX_IMPORT_BYTES): string | undefined {
  return byteLength > maxBytes ? `File is ${formatFileSize(byteLength)}; the limit is ${formatFileSize(maxBytes)}` : undefined;
}

function byteLengthOf(text: string, maxBytes: number): number {
  // UTF-8 takes 1 to 3 bytes per UTF-16 unit: skip the exact count when the answer is clear.
  if (text.length > maxBytes || text.length * 3 <= maxBytes) return text.length;
  return utf8Length(text);
}

export function importLog(input: ImportInput, options: ImportOptions = {}): ImportResult {
  try {
    const { text: rawText, fileName, byteLength } = typeof input === 'string' ? { text: input, fileName: undefined, byteLength: undefined } : input;
    if (typeof rawText !== 'string') return { ok: false, error: 'Nothing to import: the file has no text' };
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES;
    const tooBig = checkImportSize(byteLength ?? byteLengthOf(rawText, maxBytes), maxBytes);
    if (tooBig) return { ok: false, error: tooBig };

    const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText; // BOM from Windows editors
    if (text.trim() === '') return { ok: false, error: 'The file is empty' };

    const ctx: ImportContext = { prefix: options.idPrefix ?? createImportPrefix(), warnings: [] };
    const named = (log: SessionLog): SessionLog => (fileName ? { ...log, source: { kind: 'imported', ...log.source, fileName } } : log);

    if (isNdjsonLog(text.trimStart()) || /\.(ndjson|jsonl)$/i.test(fileName ?? '')) {
      return { ok: true, log: named(importNdjsonText(text, ctx)), warnings: ctx.warnings };
    }

    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      return { ok: false, error: `Not JSON: ${describeJsonError(text, (error as Error).message)}` };
    }
    return { ok: true, log: named(importHarDocument(document, ctx)), warnings: ctx.warnings };
  } catch (error) {
    if (error instanceof ImportProblem) return { ok: false, error: error.message };
    // A bug of ours must not take the viewer down with it; say so plainly.
    return { ok: false, error: `Could not import the file: ${error instanceof Error ? error.message : String(error)}` };
  }
}
