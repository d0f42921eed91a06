/**
 * Types of the saved-log formats ("Logs that travel") and of the session they carry.
 *
 * - HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) with Chrome DevTools' WebSocket
 *   fields (`_resourceType: "websocket"`, `_webSocketMessages` items with `type`, `time` in epoch
 *   seconds, `opcode` and `data`; see HarEntry below) and Frameline's own `_frameline` fields. HAR readers ignore `_`-prefixed fields, so Chrome still imports our files.
 * - `SessionLog`: what the panel holds, what every exporter takes and what the importer returns.
 */
import type { ConnectionField, ConnectionInfo, MessageRecord } from '../protocol/records';
import type { InterceptMarks } from '../protocol/intercept';

// ---------------------------------------------------------------------------------------------
// Session (input of the exporters, output of the importer)
// ---------------------------------------------------------------------------------------------

/** One HTTP header (or query parameter) as HAR stores it: a list keeps order and repeats. */
export interface HarNameValue {
  name: string;
  value: string;
  comment?: string;
}

/** The opening handshake of one connection, when the capturing side could see it. */
export interface Handshake {
  requestHeaders: HarNameValue[];
  responseHeaders: HarNameValue[];
  /** 101 for an accepted upgrade; 0 when no response arrived. */
  status: number;
  statusText: string;
  /** Defaults to "HTTP/1.1" in exports. */
  httpVersion?: string;
}

/** An error the browser reported on a connection (Chrome's `type: "error"` message items). */
export interface ConnectionError {
  /** Wall-clock milliseconds since the epoch (fractional). */
  time: number;
  text: string;
}

/**
 * Marks a message can carry beyond the capture model. Reserved for the composer and intercept
 * features; exporters pass them through and importers restore them.
 */
/**
 * What Frameline did to a message (composed, replayed, edited, blocked, rewritten, delayed,
 * auto-reply, the rules that acted): the interception marks, saved and read back as they are.
 */
export type MessageMarks = InterceptMarks;

/** A message as a session holds it: the capture model plus optional marks. */
export interface SessionMessage extends MessageRecord, MessageMarks {}

/** A connection as a session holds it: the capture model (`source` and `errors` included). */
export type SessionConnection = ConnectionInfo;

/**
 * An object with every field of `T` spelled out, optional ones possibly `undefined`. Code that
 * builds a connection field by field types its object with this, so that forgetting a field,
 * even an optional one, does not compile.
 */
export type EveryField<T> = { [K in keyof Required<T>]: T[K] | undefined };

export type SessionFormat = 'frameline-har' | 'chrome-har' | 'playwright-har' | 'har' | 'frameline-ndjson';

/** Where a session came from; informational (the viewer shows it, exports ignore it). */
export interface SessionSource {
  kind: 'live' | 'imported';
  format?: SessionFormat;
  fileName?: string;
  /** `creator.name creator.version` of the file, e.g. "WebInspector 537.36". */
  creator?: string;
  /** The file says it was sanitized when exported (Frameline files only). */
  sanitized?: boolean;
}

/**
 * Everything a saved log contains. The panel's `{ connections, messages }` state is already a
 * valid `SessionLog` (the extra fields are optional).
 */
export interface SessionLog {
  /** In order of creation. */
  connections: SessionConnection[];
  /** In arrival order; `connId` refers to `connections[].id`. */
  messages: SessionMessage[];
  /** Opening handshakes by connection id, for the connections where they are known. */
  handshakes?: Record<string, Handshake>;
  source?: SessionSource;
}

// ---------------------------------------------------------------------------------------------
// HAR 1.2 with Chrome's WebSocket extension
// ---------------------------------------------------------------------------------------------

export type HarHeader = HarNameValue;
export type HarQueryParam = HarNameValue;

export interface HarCookie {
  name: string;
  value: string;
  path?: string;
  domain?: string;
  /** ISO 8601 date. */
  expires?: string | null;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: string;
  comment?: string;
}

export interface HarCreator {
  name: string;
  version: string;
  comment?: string;
}

export interface HarPageTimings {
  onContentLoad?: number;
  onLoad?: number;
  comment?: string;
}

export interface HarPage {
  startedDateTime: string;
  id: string;
  title: string;
  pageTimings: HarPageTimings;
  comment?: string;
}

export interface HarPostData {
  mimeType: string;
  text?: string;
  params?: { name: string; value?: string; fileName?: string; contentType?: string }[];
  comment?: string;
}

export interface HarRequest {
  method: string;
  url: string;
  httpVersion: string;
  cookies: HarCookie[];
  headers: HarHeader[];
  queryString: HarQueryParam[];
  postData?: HarPostData;
  /** -1 when unknown. */
  headersSize: number;
  /** -1 when unknown. */
  bodySize: number;
  comment?: string;
}

export interface HarContent {
  size: number;
  compression?: number;
  mimeType: string;
  text?: string;
  encoding?: string;
  comment?: string;
}

export interface HarResponse {
  status: number;
  statusText: string;
  httpVersion: string;
  cookies: HarCookie[];
  headers: HarHeader[];
  content: HarContent;
  redirectURL: string;
  headersSize: number;
  bodySize: number;
  comment?: string;
  /** Chrome: the network error text of a failed request. */
  _error?: string;
  /** Chrome/Playwright: bytes on the wire. */
  _transferSize?: number;
}

/** Milliseconds; -1 where a phase does not apply or is unknown. */
export interface HarTimings {
  blocked?: number;
  dns?: number;
  ssl?: number;
  connect?: number;
  send: number;
  wait: number;
  receive: number;
  comment?: string;
}

/** Chrome's `_initiator` (the CDP `Network.Initiator` shape). */
export interface ChromeInitiator {
  type: string;
  url?: string;
  lineNumber?: number;
  stack?: { description?: string; callFrames: ChromeCallFrame[] };
}

export interface ChromeCallFrame {
  functionName: string;
  scriptId: string;
  url: string;
  /** Zero-based, as in CDP. */
  lineNumber: number;
  /** Zero-based, as in CDP. */
  columnNumber: number;
}

/**
 * One item of Chrome's `_webSocketMessages`. Chrome writes exactly these four keys; a reader
 * drops an item lacking `time`, `opcode` or `data`, or with another `type`.
 */
export interface HarWebSocketMessage {
  type: 'send' | 'receive' | 'error';
  /** Wall-clock SECONDS since the epoch (float). Playwright writes milliseconds here. */
  time: number;
  /** 1 text, 2 binary, -1 for error items. */
  opcode: number;
  /** Text for opcode 1, base64 for opcode 2, the error text for error items. */
  data: string;
  _frameline?: FramelineMessageExtras;
}

export interface HarEntry {
  pageref?: string;
  /** ISO 8601. */
  startedDateTime: string;
  /** Total milliseconds: the sum of the non-negative timings. */
  time: number;
  request: HarRequest;
  response: HarResponse;
  cache: Record<string, unknown>;
  timings: HarTimings;
  serverIPAddress?: string;
  connection?: string;
  comment?: string;
  _frameline?: FramelineEntryExtras;
  _initiator?: ChromeInitiator;
  _resourceType?: string;
  _webSocketMessages?: HarWebSocketMessage[];
}

export interface HarLog {
  version: string;
  creator: HarCreator;
  browser?: HarCreator;
  pages?: HarPage[];
  entries: HarEntry[];
  comment?: string;
  _frameline?: FramelineLogExtras;
}

export interface Har {
  log: HarLog;
}

// ---------------------------------------------------------------------------------------------
// Frameline's `_frameline` fields: what Chrome's shape cannot say, so that our own import
// restores a session exactly.
// ---------------------------------------------------------------------------------------------

/** Version of the `_frameline` fields and of the NDJSON format. */
export const FRAMELINE_FORMAT_VERSION = 1;

export interface FramelineLogExtras {
  version: number;
  /** Cookies, credentials and token-like values were removed (see sanitize.ts). */
  sanitized: boolean;
  /** Number of user redaction rules applied to payloads. */
  redactionRules: number;
}

/**
 * The connection fields an entry's `_frameline` carries: all of them (see CONNECTION_FIELDS in
 * src/protocol/records.ts) but the URL (the HAR request has it), the handshake (the request and
 * response headers are it) and `source` (every imported connection is imported).
 */
export type FramelineConnectionField = Exclude<ConnectionField, 'url' | 'handshake' | 'source'>;

/** On each entry: the connection as Frameline saw it (all times epoch milliseconds). */
export interface FramelineEntryExtras extends Pick<ConnectionInfo, FramelineConnectionField> {
  /** The request/response headers are the captured handshake (not absent-and-defaulted). */
  handshake?: true;
}

/** On each message item: what Chrome's four keys cannot say. */
export interface FramelineMessageExtras extends MessageMarks {
  seq: number;
  /** Bytes on the wire; present only when it differs from the length of `data`. */
  size?: number;
  truncated?: true;
  discarded?: true;
}
