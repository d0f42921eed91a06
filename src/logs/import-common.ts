/** Pieces shared by the HAR and NDJSON importers. */
import { base64ToBytes, utf8Length } from '../lib/bytes';
import { withoutUndefined } from '../lib/objects';
import type { Direction } from '../protocol/records';
import type { MessageExtrasRead } from './frameline-extras';
import type { SessionConnection, SessionMessage } from './types';
import { CodedError, type CodedText, type TextParam } from '../lib/coded-text';
import { logsTexts, type LogsCode } from './texts';

const { text: said, english } = logsTexts;

/** A problem that ends the import; `importLog` turns it into `{ ok: false, error, problem }`. */
export class ImportProblem extends CodedError {
  constructor(text: CodedText) {
    super(text, english(text));
  }
}

export function fail(code: LogsCode, params?: Record<string, TextParam>): never {
  throw new ImportProblem(said(code, params));
}

/** "an array", "a string", "null"... for messages such as `"log" is an array`. */
export function describeType(value: unknown): string {
  return english(typeText(value));
}

/** `describeType` as coded text. */
export function typeText(value: unknown): CodedText {
  if (value === null) return said('logs.kind.null');
  if (Array.isArray(value)) return said('logs.kind.array');
  if (typeof value === 'object') return said('logs.kind.object');
  if (typeof value === 'string') return said('logs.kind.string');
  if (typeof value === 'number') return said('logs.kind.number');
  if (typeof value === 'boolean') return said('logs.kind.boolean');
  return said('logs.kind.other', { type: typeof value });
}

/**
 * A value as an error message quotes it: short scalars as JSON (`2`, `"x"`), long strings cut,
 * `undefined` as "missing" and containers by their kind, so a message never reads
 * "is undefined" or "[object Object]".
 */
export function describeValue(value: unknown): string {
  const text = valueText(value);
  return typeof text === 'object' ? english(text) : String(text);
}

/** `describeValue` as a param: the JSON of a scalar as it is, words as coded text. */
export function valueText(value: unknown): TextParam {
  if (value === undefined) return said('logs.kind.missing');
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  return typeText(value);
}

export interface ImportContext {
  /** `import-<n>:`, put before every imported connection id. */
  prefix: string;
  /** In English. */
  warnings: string[];
  /** The same warnings as coded text, for a UI to say in its language. */
  warningTexts: CodedText[];
}

/** Notes a warning (in English and as coded text). */
export function warn(ctx: ImportContext, code: LogsCode, params?: Record<string, TextParam>): void {
  const text = said(code, params);
  ctx.warnings.push(english(text));
  ctx.warningTexts.push(text);
}

let importCount = 0;

/**
 * A fresh id prefix per import. Live ids are `<document id>:<counter>`, so `import-<n>:` cannot
 * collide with them, nor with the connections of another import in the same panel.
 */
export function createImportPrefix(): string {
  importCount++;
  return `import-${importCount}:`;
}

/** Longest id kept as the file has it: ids end up in the panel's DOM (`data-conn-id`) on every row. */
export const MAX_IMPORTED_ID_CHARS = 200;

/**
 * Prefixes an id; a file exported from an imported session does not pile up prefixes. An id
 * longer than MAX_IMPORTED_ID_CHARS (a file can hold 50 MB there) becomes its start, its length
 * and a hash of it all: the same id always maps to the same short one.
 */
export function createImportedId(prefix: string, id: string): string {
  const bare = id.replace(/^import-\d+:/, '');
  if (bare.length <= MAX_IMPORTED_ID_CHARS) return prefix + bare;
  return `${prefix}${bare.slice(0, 64)}…${bare.length}-${fnv1a(bare)}`;
}

/** FNV-1a over UTF-16 units, as 8 hex digits. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** Payload fields of a message: text (opcode 1) or validated base64 (opcode 2), with its size. */
export function readPayload(opcode: 1 | 2, data: string, where: TextParam): { size: number; text?: string; base64?: string } {
  if (opcode === 1) return { size: utf8Length(data), text: data };
  let size: number;
  try {
    size = base64ToBytes(data).length;
  } catch {
    fail('logs.badBase64', { where });
  }
  return { size, base64: data };
}

/**
 * A message from a file's fields: the payload checked (see `readPayload`; `where` names the data
 * field in errors), Frameline's marks restored, `seq` 0 until `createMessageList` numbers it and
 * `size` the payload's when the file does not say.
 */
export function createImportedMessage(
  fields: { connId: string; dir: Direction; time: number; opcode: 1 | 2; data: string },
  marks: MessageExtrasRead,
  where: TextParam,
): SessionMessage {
  const payload = readPayload(fields.opcode, fields.data, where);
  return withoutUndefined<SessionMessage>({
    connId: fields.connId,
    seq: marks.seq ?? 0,
    dir: fields.dir,
    time: fields.time,
    opcode: fields.opcode,
    size: marks.size ?? payload.size,
    text: payload.text,
    base64: payload.base64,
    truncated: marks.truncated,
    discarded: marks.discarded,
    injected: marks.injected,
    replayed: marks.replayed,
    edited: marks.edited,
    rule: marks.rule,
    rules: marks.rules,
    rewritten: marks.rewritten,
    blocked: marks.blocked,
    dropped: marks.dropped,
    delayedMs: marks.delayedMs,
    autoReply: marks.autoReply,
    inReplyTo: marks.inReplyTo,
  });
}

/** Sent/received counters from the messages, for files that do not carry them. */
export function countTraffic(messages: readonly SessionMessage[]): Pick<SessionConnection, 'sent' | 'received'> {
  const sent = { count: 0, bytes: 0 };
  const received = { count: 0, bytes: 0 };
  for (const m of messages) {
    const counter = m.dir === 'send' ? sent : received;
    counter.count++;
    counter.bytes += m.size;
  }
  return { sent, received };
}

/** A message and where it was in the file, to sort all connections' messages into one list. */
export interface PendingMessage {
  message: SessionMessage;
  /** Position of its connection in the file, then of the message within it. */
  group: number;
  index: number;
  /** The message's `seq` came from the file (Frameline files) rather than being assigned. */
  hasSeq: boolean;
}

/**
 * One list in time order (ties: original `seq`, then file order), as the panel holds it. Messages
 * without a `seq` from the file get their position (1-based) as `seq`.
 */
export function createMessageList(pending: PendingMessage[]): SessionMessage[] {
  pending.sort(
    (a, b) =>
      a.message.time - b.message.time ||
      (a.hasSeq && b.hasSeq ? a.message.seq - b.message.seq : 0) ||
      a.group - b.group ||
      a.index - b.index,
  );
  const messages = new Array<SessionMessage>(pending.length);
  for (let i = 0; i < pending.length; i++) {
    const p = pending[i];
    if (!p.hasSeq) p.message.seq = i + 1;
    messages[i] = p.message;
  }
  return messages;
}

/** "230 MB", "1.5 MB", "900 kB" (decimal units, as file managers show them). */
export function formatFileSize(bytes: number): string {
  if (bytes >= 1e6) return `${Number((bytes / 1e6).toFixed(bytes >= 1e7 ? 0 : 1))} MB`;
  if (bytes >= 1e3) return `${Number((bytes / 1e3).toFixed(bytes >= 1e4 ? 0 : 1))} kB`;
  return `${bytes} B`;
}
