/**
 * The data model shared by every context after the hook: what a connection and a message are.
 * The page-side hook speaks a smaller, allocation-light dialect (see `src/protocol/hook-dialect.ts`);
 * the bridge turns it into these shapes.
 */

export type ConnectionState = 'connecting' | 'open' | 'closing' | 'closed' | 'error';

export type Direction = 'send' | 'receive';

/** 1 = text, 2 = binary, as in the WebSocket opcode and in Chrome's HAR `_webSocketMessages`. */
export type Opcode = 1 | 2;

export interface HttpHeader {
  name: string;
  value: string;
}

/** The HTTP upgrade as the browser's network stack saw it (webRequest), which page JS cannot see. */
export interface Handshake {
  /**
   * The browser's id of the upgrade request. The background keeps the upgrade's credential
   * headers (cookies, authorization) under it, out of the page's process, and puts them back on
   * the way to a panel.
   */
  requestId?: string;
  requestHeaders?: HttpHeader[];
  responseHeaders?: HttpHeader[];
  /** 101 when the upgrade succeeded. */
  status?: number;
  statusText?: string;
  /** Network error of a failed upgrade, e.g. net::ERR_CONNECTION_REFUSED. */
  error?: string;
  requestTime?: number;
  responseTime?: number;
}

export interface ConnectionInfo {
  /** Unique within a tab: `<document id>:<per-document counter>`. */
  id: string;
  url: string;
  /** URL of the document (frame) that created the socket. */
  frameUrl: string;
  /** Browser frame id (0 = top frame), filled in by the router from the port's sender. */
  frameId: number;
  protocolsRequested: string[];
  /** Negotiated sub-protocol ('' when none). */
  protocol: string;
  extensions: string;
  state: ConnectionState;
  /** Wall-clock milliseconds since the epoch (fractional). */
  createdAt: number;
  openedAt?: number;
  closedAt?: number;
  closeCode?: number;
  closeReason?: string;
  wasClean?: boolean;
  /** Set when an `error` event fired. */
  errored?: boolean;
  /** Stack captured when the page constructed the socket (the initiator). */
  initiator?: string;
  handshake?: Handshake;
  /** Which constructor the page used. */
  api: 'WebSocket' | 'WebSocketStream';
  /** Set on connections that came from a saved log rather than a live page. */
  source?: 'imported';
  /** Set on sockets Frameline answered from a saved log ("Serve from log"): the serving's id. */
  served?: string;
  /**
   * How Frameline saw it when not through the page's hook: `debugger` = Chrome's debugger
   * (Deep capture), which can watch the socket but not act on it (no Send, Deliver, Replay,
   * breakpoints).
   */
  capturedBy?: 'debugger';
  /** Errors reported on the connection (imported files keep their text and time). */
  errors?: { time: number; text: string }[];
  sent: { count: number; bytes: number };
  received: { count: number; bytes: number };
  /** Set when a worker opened the socket (absent: the frame's document itself). */
  context?: ConnectionContext;
}

/** The worker a connection belongs to. */
export interface ConnectionContext {
  kind: 'worker' | 'sharedworker' | 'serviceworker';
  /** The worker's script URL as its creator gave it (resolved). */
  scriptUrl: string;
  /** A shared worker's socket: every tab connected to the worker shows it. */
  shared?: boolean;
}

/** The same shape under the name Deep capture uses (src/background/cdp-websockets.ts). */
export type WorkerContext = ConnectionContext;

/**
 * Every field of ConnectionInfo, once. Code that copies, writes or reads a connection field by
 * field (the log formats) walks or types itself against this list rather than keeping its own,
 * so a field added above cannot be silently left out of exports and imports: the check below
 * stops the build until the field is listed here. The order is the order log files write.
 */
export const CONNECTION_FIELDS = [
  'id',
  'url',
  'frameUrl',
  'frameId',
  'protocolsRequested',
  'protocol',
  'extensions',
  'state',
  'createdAt',
  'openedAt',
  'closedAt',
  'closeCode',
  'closeReason',
  'wasClean',
  'errored',
  'errors',
  'initiator',
  'handshake',
  'api',
  'source',
  'served',
  'capturedBy',
  'sent',
  'received',
  'context',
] as const satisfies readonly (keyof ConnectionInfo)[];

export type ConnectionField = (typeof CONNECTION_FIELDS)[number];

/** Compiles only while CONNECTION_FIELDS names every key of ConnectionInfo. */
type UnlistedConnectionField = Exclude<keyof ConnectionInfo, ConnectionField>;
const everyConnectionFieldListed: [UnlistedConnectionField] extends [never] ? true : UnlistedConnectionField = true;
void everyConnectionFieldListed;

export interface MessageRecord {
  connId: string;
  /** Position in the log of its document; gives arrival order across connections of a frame. */
  seq: number;
  dir: Direction;
  /** Wall-clock milliseconds since the epoch (fractional). */
  time: number;
  opcode: Opcode;
  /** Size in bytes of the whole message as it crossed the wire (UTF-8 bytes for text). */
  size: number;
  /** Text payload (opcode 1). */
  text?: string;
  /** Binary payload (opcode 2), base64. */
  base64?: string;
  /** The payload kept is a prefix of `size` bytes. */
  truncated?: boolean;
  /**
   * Nothing went on: `send()` was called while the socket was closing or closed (the browser
   * discarded it), or interception dropped the message (its marks say why: `blocked`, `dropped`).
   */
  discarded?: boolean;
  /** Composed in Frameline and sent to the server or delivered to the page (not the page's own). */
  injected?: boolean;
  /** A replay of an earlier message. */
  replayed?: boolean;
  /** Changed by the user at a breakpoint before it went on. */
  edited?: boolean;
  /** Name of the intercept rule(s) that acted on this message. */
  rule?: string;
}
