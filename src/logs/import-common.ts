/** Pieces shared by the HAR and NDJSON importers. */
import { base64ToBytes, utf8Length } from '../lib/bytes';
import { withoutUndefined } from '../lib/objects';
import type { Direction } from '../protocol/records';
import type { MessageExtrasRead } from './frameline-extras';
import type { SessionConnection, SessionMessage } from './types';

/** A problem that ends the import; `importLog` turns it into `{ ok: false, error }`. */
export class ImportProblem extends Error {}

export function fail(message: string): never {
  throw new ImportProblem(message);
}

/** "an array", "a string", "null"... for messages such as `"log" is an array`. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/**
 * A value as an error message quotes it: short scalars as JSON (`2`, `"x"`), long strings cut,
 * `undefined` as "missing" and containers by their kind, so a message never reads
 * "is undefined" or "[object Object]".
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  return describeType(value);
}

export interface ImportContext {
  /** `import-<n>:`, put before every imported connection id. */
  prefix: string;
  warnings: string[];
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
export function readPayload(opcode: 1 | 2, data: string, where: string): { size: number; text?: string; base64?: string } {
  if (opcode === 1) return { size: utf8Length(data), text: data };
  let size: number;
  try {
    size = base64ToBytes(data).length;
  } catch {
    fail(`${where} is not valid base64 (opcode 2 is binary, stored as base64)`);
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
  where: string,
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
