/**
 * Interception shapes that cross contexts: payloads, marks, breakpoints, the panel's
 * configuration sent to every frame, and held messages as the panel lists them. Plain JSON:
 * payloads and marks travel from the bridge to the panel inside `MessageRecord`s and end up in
 * HAR/NDJSON exports. The engines that act on them are in `src/intercept/`.
 */
import type { Direction, MessageRecord, Opcode } from './records';
import type { Rule, RuleDirection } from './rules';

/** A message body without its envelope: what the composer produces and rules rewrite. */
export interface Payload {
  opcode: Opcode;
  /** Text payload (opcode 1). */
  text?: string;
  /** Binary payload (opcode 2), base64. */
  base64?: string;
}

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

export interface Breakpoint {
  id: string;
  /** Optional label; when empty, the breakpoint is named by its query text. */
  name?: string;
  enabled: boolean;
  /** Pause outgoing messages, incoming ones, or both. */
  direction: RuleDirection;
  /** Filter query text; empty pauses every message of the direction. */
  match: string;
}

/** Rules and breakpoints for every frame of a tab (empty lists turn interception off). */
export interface InterceptConfig {
  rules: Rule[];
  breakpoints: Breakpoint[];
}

/** Why a message is held: it matched a breakpoint, it waits behind one, or a rule delays it. */
export type HoldState = 'paused' | 'waiting' | 'delayed';

/** A message a document holds for a decision, as the bridge reports it and the panel lists it. */
export interface HeldMessage {
  /** The document holding it (its bridge takes the user's decision). */
  docId: string;
  holdId: string;
  connId: string;
  dir: Direction;
  state: HoldState;
  since: number;
  /** Name of the breakpoint that paused it. */
  breakpoint?: string;
  opcode: Opcode;
  text?: string;
  base64?: string;
  size: number;
}
