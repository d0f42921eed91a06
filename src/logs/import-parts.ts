/**
 * An import result cut into parts, so that parsing can run off the panel's main thread (a
 * worker) and the result cross back in pieces: a structured clone of half a million messages in
 * one message would be one long task again on arrival. The first part carries everything but
 * the messages, then the messages come in batches, then `end`.
 *
 *   worker:  for (const part of importResultParts(importLog(...))) postMessage(part);
 *   panel:   const join = createImportJoiner(); ... join.add(part) ... join.result()
 */
import type { ImportResult } from './import';
import type { SessionLog } from './types';
import type { CodedText } from '../lib/coded-text';
import { logsTexts } from './texts';

const failed = (problem: CodedText): ImportResult => ({ ok: false, error: logsTexts.english(problem), problem });

export const IMPORT_BATCH_MESSAGES = 10_000;

export type ImportPart =
  | { kind: 'failed'; error: string; problem: CodedText }
  | { kind: 'head'; log: Omit<SessionLog, 'messages'>; warnings: string[]; warningTexts: CodedText[]; total: number }
  | { kind: 'messages'; messages: SessionLog['messages'] }
  | { kind: 'end' };

export function* importResultParts(result: ImportResult, batch = IMPORT_BATCH_MESSAGES): Generator<ImportPart> {
  if (!result.ok) {
    yield { kind: 'failed', error: result.error, problem: result.problem };
    return;
  }
  const { messages, ...rest } = result.log;
  yield { kind: 'head', log: rest, warnings: result.warnings, warningTexts: result.warningTexts, total: messages.length };
  for (let i = 0; i < messages.length; i += batch) yield { kind: 'messages', messages: messages.slice(i, i + batch) };
  yield { kind: 'end' };
}

export function isImportPart(value: unknown): value is ImportPart {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return kind === 'failed' || kind === 'head' || kind === 'messages' || kind === 'end';
}

/** Puts the parts back together; `result()` is defined once `end` or `failed` has arrived. */
export function createImportJoiner() {
  let head: Extract<ImportPart, { kind: 'head' }> | undefined;
  let messages: SessionLog['messages'] = [];
  let outcome: ImportResult | undefined;
  return {
    add(part: ImportPart): void {
      if (outcome) return;
      if (part.kind === 'failed') outcome = { ok: false, error: part.error, problem: part.problem };
      else if (part.kind === 'head') head = part;
      else if (part.kind === 'messages') {
        for (const message of part.messages) messages.push(message);
      } else if (!head) outcome = failed(logsTexts.text('logs.parts.noStart'));
      else if (messages.length !== head.total) outcome = failed(logsTexts.text('logs.parts.lost', { got: messages.length, total: head.total }));
      else {
        outcome = { ok: true, log: { ...head.log, messages }, warnings: head.warnings, warningTexts: head.warningTexts };
        messages = [];
      }
    },
    result(): ImportResult | undefined {
      return outcome;
    },
  };
}
