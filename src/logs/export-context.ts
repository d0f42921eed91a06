/**
 * Options shared by every exporter (HAR, streamed HAR, NDJSON) and the per-export transforms they
 * imply. Rules are validated here, before any payload is touched.
 */
import { createRedactorOrThrow, type RedactionRule, type Redactor } from './redact';
import { sanitizeHeaders, sanitizeText, sanitizeUrl } from './sanitize';
import type { ExportScope } from './scope';
import type { HarHeader, SessionMessage } from './types';

export interface ExportOptions {
  /** Default `'all'`. */
  scope?: ExportScope;
  /** Remove credentials (see sanitize.ts). Default true, as in Chrome since 2024. */
  sanitize?: boolean;
  /** User redaction rules for text payloads; applied whether or not `sanitize` is on. */
  redactions?: readonly RedactionRule[];
  /** `log.creator.version` (the extension's version). Default "0.0.0". */
  creatorVersion?: string;
}

export interface ExportContext {
  readonly sanitize: boolean;
  readonly redactionRules: number;
  readonly creatorVersion: string;
  url(url: string): string;
  headers(headers: readonly HarHeader[]): HarHeader[];
  /** Texts that are not payloads but may embed URLs or tokens: stacks, errors, close reasons. */
  note(text: string): string;
  /** `data` of a message: its text (sanitized, redacted) or its base64 (untouched). */
  payload(message: SessionMessage): string;
}

/** Throws `InvalidRedactionRulesError` when a rule is invalid. */
export function createExportContext(options: ExportOptions = {}): ExportContext {
  const sanitize = options.sanitize ?? true;
  const redactor: Redactor = createRedactorOrThrow(options.redactions ?? []);
  const identity = (s: string) => s;
  const note = sanitize ? sanitizeText : identity;
  return {
    sanitize,
    redactionRules: redactor.ruleCount,
    creatorVersion: options.creatorVersion ?? '0.0.0',
    url: sanitize ? sanitizeUrl : identity,
    headers: sanitize ? sanitizeHeaders : (headers) => headers.map((h) => ({ ...h })),
    note,
    payload(message) {
      if (message.opcode === 2) return message.base64 ?? '';
      const text = note(message.text ?? '');
      return redactor.isEmpty ? text : redactor.redactText(text);
    },
  };
}
