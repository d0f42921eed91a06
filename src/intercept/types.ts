/**
 * Shapes shared by the intercept building blocks (rules, breakpoints, replay, composer,
 * snippets). Everything here is plain JSON: payloads and marks travel from the bridge to the
 * panel inside `MessageRecord`s and end up in HAR/NDJSON exports.
 */
import type { MessageRecord, Opcode } from '../protocol/records';

/** A message body without its envelope: what the composer produces and rules rewrite. */
export interface Payload {
  opcode: Opcode;
  /** Text payload (opcode 1). */
  text?: string;
  /** Binary payload (opcode 2), base64. */
  base64?: string;
}

/** Which messages a rule or breakpoint looks at. */
export type RuleDirection = 'send' | 'receive' | 'both';

/** A rule named in marks and outcomes: the id to find it, the name to show it. */
export interface RuleRef {
  id: string;
  name: string;
}

/**
 * What Frameline did to a message, carried on its record. The first four are the fields
 * `MessageRecord` already has (so a record can be spread with marks and stay a record); the
 * others are extra and optional, and readers must tolerate their absence.
 *
 *   injected    composed by the user (either direction), not the page's or the server's
 *   replayed    a replay of an earlier message
 *   edited      forwarded from a breakpoint with a payload the user changed
 *   rule        display text: the names of the rules that acted, joined by ", " (the model
 *               types this as a string, and the panel's table shows it as is)
 *   rules       the same rules with ids, in the order they acted
 *   rewritten   a rule changed the payload (the record shows what was delivered)
 *   blocked     a rule dropped the message (`rules` names it)
 *   dropped     the user dropped the message at a breakpoint
 *   delayedMs   total delay rules added before delivery
 *   autoReply   a mock incoming message produced by an auto-reply rule, not sent by the server
 *   inReplyTo   `seq` of the outgoing message an auto-reply answers
 */
export interface InterceptMarks extends Pick<MessageRecord, 'injected' | 'replayed' | 'edited' | 'rule'> {
  rules?: RuleRef[];
  rewritten?: boolean;
  blocked?: boolean;
  dropped?: boolean;
  delayedMs?: number;
  autoReply?: boolean;
  inReplyTo?: number;
}

/** A message record with intercept marks, as the bridge forwards it after acting on it. */
export type MarkedMessage = MessageRecord & InterceptMarks;

/** The `rule` display text for a list of rules. */
export function ruleLabel(rules: readonly RuleRef[]): string {
  return rules.map((r) => r.name || r.id).join(', ');
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads marks back from anything (an imported file, a message from another context): fields of
 * the wrong type are ignored rather than rejected, as the HAR importer does with its extras.
 * Only `true` is kept for flags, so a record never carries `injected: false` noise.
 */
export function readInterceptMarks(value: unknown): InterceptMarks {
  if (!isRecord(value)) return {};
  const marks: InterceptMarks = {};
  for (const flag of ['injected', 'replayed', 'edited', 'rewritten', 'blocked', 'dropped', 'autoReply'] as const) {
    if (value[flag] === true) marks[flag] = true;
  }
  if (typeof value.rule === 'string' && value.rule !== '') marks.rule = value.rule;
  if (Array.isArray(value.rules)) {
    const rules = value.rules.filter(
      (r): r is RuleRef => isRecord(r) && typeof r.id === 'string' && typeof r.name === 'string',
    );
    if (rules.length) marks.rules = rules.map((r) => ({ id: r.id, name: r.name }));
  }
  if (typeof value.delayedMs === 'number' && Number.isFinite(value.delayedMs) && value.delayedMs > 0) marks.delayedMs = value.delayedMs;
  if (typeof value.inReplyTo === 'number' && Number.isFinite(value.inReplyTo)) marks.inReplyTo = value.inReplyTo;
  return marks;
}

/**
 * Key-value storage the stores are given (chrome.storage.local in the extension, a Map in
 * tests). Values must be JSON-compatible: that is all extension storage keeps.
 */
export interface KeyValueStorage {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

/**
 * Storage key for per-origin data: `frameline.rules:https://app.example`. Pages with an opaque
 * origin (`file:`, sandboxed frames, `data:`) all report "null" and therefore share one entry.
 */
export function originStorageKey(kind: 'rules' | 'snippets', origin: string): string {
  return `frameline.${kind}:${origin}`;
}
