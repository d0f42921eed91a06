/**
 * Shapes of the filter query language: the rows it filters, the parsed query (a plain,
 * JSON-serialisable tree, so rules and breakpoints may store or inspect it) and the context
 * a matcher gets from its caller. Semantics are documented where they are implemented
 * (`compile.ts`, `json-match.ts`, `mqtt.ts`, `text-match.ts`) and summarised in `index.ts`.
 */
import type { ConnectionInfo, Direction, MessageRecord } from '../protocol/records';
import type { JsonPathSegment } from '../lib/json-path';
import type { CodedText } from '../lib/coded-text';
// Decoded fields are the decoders' output (`{ event: 'chat:message' }`); filters only read them.
import type { DecodedFields } from '../decoders/types';

/** A connection event the panel shows inline between messages, as a pseudo-row. */
export interface ControlEvent {
  kind: 'control';
  event: 'open' | 'close' | 'error';
  connId: string;
  /** Wall-clock milliseconds since the epoch, like `MessageRecord.time`. */
  time: number;
  /** What the panel prints on the row, e.g. `1000 normal closure`; searched by plain text and regexes. */
  detail?: string;
}

/** What a compiled query is asked about. `MessageRecord` has no `kind`, which tells the two apart. */
export type FilterRow = MessageRecord | ControlEvent;

export function isControlEvent(row: FilterRow): row is ControlEvent {
  return (row as ControlEvent).kind === 'control';
}

/** Comparison operators of `size`. */
export type SizeOp = '=' | '!=' | '>' | '>=' | '<' | '<=';

/** Operators of JSON-path terms; absent means "the path exists". `~=` is case-insensitive contains. */
export type JsonOp = SizeOp | '~=';

/** A step of a JSON path; the dialect (and its `..key`, `[-1]`...) is src/lib/json-path.ts. */
export type PathSegment = JsonPathSegment;

/** `type:` values: the payload kind of a message, or control events (all of them, or one event). */
export type RowType = 'text' | 'binary' | 'control' | 'open' | 'close' | 'error';

/** Every node records `at`, its offset in the query text, so callers can point at it. */
export type QueryNode =
  | { kind: 'all'; at: number }
  | { kind: 'and'; at: number; children: QueryNode[] }
  | { kind: 'or'; at: number; children: QueryNode[] }
  | { kind: 'not'; at: number; child: QueryNode }
  /** Plain word or quoted phrase: case-insensitive substring of the payload. */
  | { kind: 'text'; at: number; value: string }
  /** `/source/flags`; `g` and `y` are dropped at parse time (they make `test()` stateful). */
  | { kind: 'regex'; at: number; source: string; flags: string }
  | { kind: 'dir'; at: number; dir: Direction }
  | { kind: 'type'; at: number; type: RowType }
  | { kind: 'size'; at: number; op: SizeOp; bytes: number; /** As typed, for descriptions. */ raw: string }
  | { kind: 'conn'; at: number; value: string }
  | { kind: 'url'; at: number; value: string }
  | { kind: 'json'; at: number; path: PathSegment[]; /** As typed, e.g. `$.data.price`. */ pathText: string; op?: JsonOp; value?: string }
  /** A field from the caller's protocol decoders (`event:`, `topic:`...). Quoted values match literally. */
  | { kind: 'field'; at: number; field: string; value: string; literal: boolean };

export interface Query {
  /** The text that was parsed. */
  source: string;
  root: QueryNode;
}

/**
 * A failure says what and where: `error` in English (`Bad size "1x" at 5 (use a number ...)`),
 * `problem` the same as coded text for a UI to translate (src/lib/coded-text.ts), `at` the offset.
 */
export type ParseResult = { ok: true; query: Query } | { ok: false; error: string; at: number; problem: CodedText };

export interface ParseOptions {
  /**
   * Decoded-field names accepted besides the built-in ones (see `DECODED_FIELDS`), for decoders
   * that expose more. Names are lower-case identifiers.
   */
  decodedFields?: readonly string[];
}


/**
 * Everything a matcher needs from outside. All optional: terms whose accessor is missing match
 * nothing (`url:`, decoded fields) or fall back to what the row carries (`conn:` compares ids).
 * Accessors are called while filtering a million rows: they should be O(1).
 */
export interface MatchContext {
  decodedFieldsOf?(message: MessageRecord): DecodedFields | undefined;
  connectionOf?(id: string): ConnectionInfo | undefined;
  /** 1-based number of the connection as the panel lists it. */
  connectionIndexOf?(id: string): number | undefined;
  /**
   * The JSON value of a message, `undefined` when it has none. Replaces the built-in parse of
   * text payloads: a caller can serve values it already parsed, or JSON found inside a framing
   * (Socket.IO, STOMP bodies). The matcher calls it at most once per row evaluation.
   */
  jsonOf?(message: MessageRecord): unknown;
  /**
   * Optional cross-evaluation cache (see `createPayloadCache`). Without it, parsed JSON and decoded
   * binary payloads live only while one row is evaluated: re-filtering parses again, but a million
   * parsed messages are never retained behind the caller's back.
   */
  cache?: PayloadCache;
}

/** Per-message derived payloads, kept in WeakMaps: entries die with their message. */
export interface PayloadCache {
  json(message: MessageRecord): unknown;
  bytes(message: MessageRecord): Uint8Array;
  /** Lossy UTF-8 decoding of a binary payload (bad sequences become U+FFFD). */
  utf8(message: MessageRecord): string;
  /** Lower-case hex of a binary payload, bytes separated by one space: `de ad be ef`. */
  hex(message: MessageRecord): string;
}

export type RowPredicate = (row: FilterRow) => boolean;
