/**
 * What the page-side hook posts to the bridge, in batches over a private MessageChannel.
 *
 * Kept terse on purpose: the hook runs in every frame of every page, so each record is one small
 * object literal (literals never hit setters a hostile page may define on Object.prototype) and
 * binary payloads travel as transferable ArrayBuffers.
 */

/** Socket constructed. */
export interface HookCreated {
  k: 'create';
  /** Per-document socket number. */
  id: number;
  url: string;
  protocols: string[];
  time: number;
  stack: string;
  api: 'WebSocket' | 'WebSocketStream';
}

/** `open` fired. */
export interface HookOpened {
  k: 'open';
  id: number;
  time: number;
  protocol: string;
  extensions: string;
}

/** One whole message, either direction. */
export interface HookMessage {
  k: 'msg';
  id: number;
  /** Position in this document's log, assigned synchronously when the message happened. */
  seq: number;
  /** 0 = sent by the page, 1 = received from the server. */
  dir: 0 | 1;
  time: number;
  /** string for text frames, ArrayBuffer (a private copy) for binary ones. */
  data: string | ArrayBuffer;
  /** Byte size of a binary message before truncation; -1 for text (the bridge measures it). */
  size: number;
  truncated: boolean;
  /** `send()` succeeded but the socket was no longer open, so nothing went out. */
  discarded: boolean;
  /** Not the page's own message: composed, replayed or edited in Frameline. */
  mark?: MessageMark;
  /** Name of the rule that acted on it. */
  rule?: string;
}

export type MessageMark = 'injected' | 'replayed' | 'edited';

/**
 * A message held by interception: it goes nowhere (not to the server, not to the page's
 * listeners) until the bridge decides (`decide` command). Payload as in HookMessage.
 */
export interface HookAsk {
  k: 'ask';
  token: number;
  id: number;
  dir: 0 | 1;
  time: number;
  data: string | ArrayBuffer;
  size: number;
  truncated: boolean;
}

/** The outcome of a command from the panel (e.g. "send failed: the socket is closed"). */
export interface HookResult {
  k: 'result';
  ref: number;
  ok: boolean;
  error?: string;
}

/** `close()` called by the page. */
export interface HookClosing {
  k: 'closing';
  id: number;
  time: number;
}

/** `close` fired. */
export interface HookClosed {
  k: 'close';
  id: number;
  time: number;
  code: number;
  reason: string;
  wasClean: boolean;
}

/** `error` fired. */
export interface HookError {
  k: 'error';
  id: number;
  time: number;
}

export type HookRecord = HookCreated | HookOpened | HookMessage | HookClosing | HookClosed | HookError | HookResult | HookAsk;

/** Commands the bridge sends down the channel to the hook. */
export type HookCommand =
  | { k: 'config'; maxMessageBytes: number }
  /** Send on the page's socket, as if the page had called `send()`. */
  | { k: 'send'; ref: number; id: number; data: string | ArrayBuffer; mark: MessageMark; rule?: string }
  /** Dispatch a message event to the page, as if the server had sent it. */
  | { k: 'deliver'; ref: number; id: number; data: string | ArrayBuffer; mark: MessageMark; rule?: string }
  /** Hold outgoing and/or incoming messages for a decision (rules and breakpoints are active). */
  | { k: 'intercept'; send: boolean; receive: boolean }
  /** Open a new socket from the page (the panel's "New connection"). */
  | { k: 'open'; ref: number; url: string; protocols: string[] }
  /** What to do with a held message: let it go (possibly changed) or drop it. */
  | { k: 'decide'; token: number; forward: boolean; data?: string | ArrayBuffer; edited?: boolean; rule?: string };

/** The envelope of one batch. */
export interface HookBatch {
  /** Protocol version of the page <-> bridge dialect. */
  v: number;
  records: HookRecord[];
}

/** Tag of the one window message that hands the bridge its end of the channel. */
export const HOOK_HANDSHAKE_TAG = '__frameline_hook_port__';

/**
 * Type of the event the bridge dispatches on the window when it starts: if the hook installed
 * first, its handshake found no listener, and it dispatches the handshake again on hearing this.
 */
export const HOOK_READY_EVENT = '__frameline_bridge_ready__';
