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
import { jsonErrorText } from '../lib/json-error';
import { rawText, type CodedText } from '../lib/coded-text';
import { logsTexts } from './texts';

const { text: said, english } = logsTexts;
import { importNdjsonText, isNdjsonLog } from './ndjson';
import type { SessionLog } from './types';

export type ImportInput = string | { text: string; fileName?: string; /** `File.size`, when known. */ byteLength?: number };

export interface ImportOptions {
  /** Largest file accepted, in bytes. Default 200 MB (decimal). */
  maxBytes?: number;
  /** Overrides the `import-<n>:` id prefix (tests, or a caller keeping its own counter). */
  idPrefix?: string;
}

/**
 * Errors and warnings are said in English (`error`, `warnings`) and as coded text (`problem`,
 * `warningTexts`: src/lib/coded-text.ts) for a UI to say in its language.
 */
export type ImportResult = { ok: true; log: SessionLog; warnings: string[]; warningTexts: CodedText[] } | { ok: false; error: string; problem: CodedText };

const failed = (problem: CodedText): ImportResult => ({ ok: false, error: english(problem), problem });

/** A failed import for what went wrong around the parser (reading the file, the worker), with the reason as data. */
export function importFailure(code: 'logs.readFailed' | 'logs.workerFailed', reason: string): ImportResult {
  return failed(said(code, { reason: rawText(reason) }));
}

export const DEFAULT_MAX_IMPORT_BYTES = 200 * 1000 * 1000;

/**
 * The size check alone, for the UI to call with `File.size` before reading a file into memory.
 * Returns the message to show, or undefined when the size is fine.
 */
export function checkImportSize(byteLength: number, maxBytes = DEFAULT_MAX_IMPORT_BYTES): string | undefined {
  const problem = importSizeProblem(byteLength, maxBytes);
  return problem && english(problem);
}

/** `checkImportSize` as coded text. */
export function importSizeProblem(byteLength: number, maxBytes = DEFAULT_MAX_IMPORT_BYTES): CodedText | undefined {
  return byteLength > maxBytes ? said('logs.tooBig', { size: formatFileSize(byteLength), limit: formatFileSize(maxBytes) }) : undefined;
}

function byteLengthOf(text: string, maxBytes: number): number {
  // UTF-8 takes 1 to 3 bytes per UTF-16 unit: skip the exact count when the answer is clear.
  if (text.length > maxBytes || text.length * 3 <= maxBytes) return text.length;
  return utf8Length(text);
}

export function importLog(input: ImportInput, options: ImportOptions = {}): ImportResult {
  try {
    const { text: fileText, fileName, byteLength } = typeof input === 'string' ? { text: input, fileName: undefined, byteLength: undefined } : input;
    if (typeof fileText !== 'string') return failed(said('logs.noText'));
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES;
    const tooBig = importSizeProblem(byteLength ?? byteLengthOf(fileText, maxBytes), maxBytes);
    if (tooBig) return failed(tooBig);

    const text = fileText.charCodeAt(0) === 0xfeff ? fileText.slice(1) : fileText; // BOM from Windows editors
    if (text.trim() === '') return failed(said('logs.empty'));

    const ctx: ImportContext = { prefix: options.idPrefix ?? createImportPrefix(), warnings: [], warningTexts: [] };
    const named = (log: SessionLog): SessionLog => (fileName ? { ...log, source: { kind: 'imported', ...log.source, fileName } } : log);

    if (isNdjsonLog(text.trimStart()) || /\.(ndjson|jsonl)$/i.test(fileName ?? '')) {
      return { ok: true, log: named(importNdjsonText(text, ctx)), warnings: ctx.warnings, warningTexts: ctx.warningTexts };
    }

    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      return failed(said('logs.notJson', { problem: jsonErrorText(text, (error as Error).message) }));
    }
    return { ok: true, log: named(importHarDocument(document, ctx)), warnings: ctx.warnings, warningTexts: ctx.warningTexts };
  } catch (error) {
    if (error instanceof ImportProblem) return failed(error.text);
    // A bug of ours must not take the viewer down with it; say so plainly.
    return failed(said('logs.crash', { reason: rawText(error instanceof Error ? error.message : String(error)) }));
  }
}
