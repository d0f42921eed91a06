/**
 * What the page-side hook posts to the bridge, in batches over a private MessageChannel, and the
 * commands the bridge sends back. Versioned on its own: HOOK_DIALECT_VERSION (src/protocol/version.ts).
 *
 * Kept terse on purpose: the hook runs in every frame of every page, so each record is one small
 * object literal (literals never hit setters a hostile page may define on Object.prototype) and
 * binary payloads travel as transferable ArrayBuffers.
 */
import type { InterceptMarks } from './intercept';

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
  /**
   * Set when Frameline answers this socket from a saved log, with no network behind it ("Serve
   * from log"): the id of the ServeScript (src/protocol/serve.ts) that serves it. The hook
   * writes the key on every `create` record (undefined for network sockets).
   */
  served?: string;
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
  /**
   * Nothing went on: `send()` was called on a socket no longer open, or interception dropped
   * the message (a rule blocked it, the user dropped it: `marks` say which).
   */
  discarded: boolean;
  /**
   * What Frameline did to the message, as the command that produced it said (undefined: nothing).
   * The hook writes the key on every record (see the recorder), readers treat it as optional.
   */
  marks?: HookMarks;
}

/**
 * What Frameline did to a message (injected, replayed, edited, the rules that acted...). The
 * bridge puts it on a command and the hook hands the same object back on the record of the
 * message the command produced, without ever reading it: the hook stays small, and the bridge,
 * which decides, is the one place that knows what the marks mean.
 *
 * Two fields exist only for the bridge to pair an auto-reply with the message it answers (the
 * hook assigns `seq` when it records the message, after the bridge decided): `askToken` on a
 * decided message, and the same token as `replyTo` on each reply to it.
 */
export interface HookMarks extends InterceptMarks {
  askToken?: number;
  replyTo?: number;
}

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

/**
 * The outcome of a `send`, `deliver` or `open` command (e.g. "send failed: the socket is
 * closed"). `ref` is the bridge's number for the command; the bridge maps it back to the
 * panel's `CommandOutcome`.
 */
export interface HookResult {
  k: 'result';
  ref: number;
  ok: boolean;
  error?: string;
  failure?: CommandFailure;
}

/**
 * Why a command failed, when Frameline itself refused it (the page's own exceptions have only
 * their `error` text): a UI says it in its language, `error` says it in English. Added after the
 * dialect's version was fixed: a hook or bridge that does not know it leaves it out.
 */
export type CommandFailure =
  /** The page let the socket go (closed and collected). */
  | { code: 'socketGone' }
  /** The socket is not open: nothing was sent or delivered. */
  | { code: 'socketNotOpen'; state: 'connecting' | 'closing' | 'closed'; action: 'send' | 'deliver' }
  /** The page runs no capture hook (opened before Frameline, or needs a reload). */
  | { code: 'noHook' }
  /** The command names a socket of another page. */
  | { code: 'notThisPage' }
  /** The page did not answer in time (frozen, navigating). */
  | { code: 'noAnswer' }
  /** A worker's socket seen through Chrome's debugger (Deep capture): watched only, never acted on. */
  | { code: 'debuggerCapture' };

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

/**
 * The hook asks whether the bridge is still there (src/page/lease.ts): while interception is on
 * or a message is held, once a second; the bridge answers with a `lease` command while it can
 * decide (it is connected to the router). Unanswered, the hook lets everything go.
 */
export interface HookRenew {
  k: 'renew';
}

/**
 * The hook let every held message go on its own and turned interception off, because the bridge
 * stopped answering. A bridge that reads this was only slow: it forgets what it held (the hook
 * already let it go) and sends its interception again.
 */
export interface HookReleased {
  k: 'released';
}

/**
 * A worker hook waited too long for its port (src/page/hook-link.ts) and let this many of its
 * oldest records go. Readers of an older build skip it.
 */
export interface HookLost {
  k: 'lost';
  count: number;
}

export type HookRecord = HookCreated | HookOpened | HookMessage | HookClosing | HookClosed | HookError | HookResult | HookAsk | HookRenew | HookReleased | HookLost;

/** Which kind of worker a relayed batch comes from (ConnectionInfo.context in the model). */
export type HookWorkerKind = 'worker' | 'sharedworker' | 'serviceworker';

/**
 * Where a batch relayed from a worker comes from: `w` is the path of worker numbers from the frame
 * down ("3", or "3/1" for the first worker that worker 3 created), assigned by each relaying hook;
 * `kind` and `url` (the script URL as its creator gave it, resolved) describe the innermost worker.
 */
export interface HookWorkerContext {
  w: string;
  kind: HookWorkerKind;
  url: string;
  shared?: boolean;
}

/** Commands the bridge sends down the channel to the hook. */
export type HookCommand =
  | { k: 'config'; maxMessageBytes: number }
  /** Send on the page's socket, as if the page had called `send()`. */
  | { k: 'send'; ref: number; id: number; data: string | ArrayBuffer; marks: HookMarks; w?: string }
  /** Dispatch a message event to the page, as if the server had sent it. */
  | { k: 'deliver'; ref: number; id: number; data: string | ArrayBuffer; marks: HookMarks; w?: string }
  /**
   * Hold outgoing and/or incoming messages for a decision (rules and breakpoints are active).
   * Each hook passes it (and `lease`) on to its dedicated workers; their `ask` tokens are the
   * worker's own, so the bridge maps them (src/content/ask-tokens.ts) and a `decide` for a
   * worker's message carries its `w`, routed down like `send`.
   */
  | { k: 'intercept'; send: boolean; receive: boolean }
  /** Open a new socket from the page (the panel's "New connection"). */
  | { k: 'open'; ref: number; url: string; protocols: string[] }
  /**
   * What to do with a held message: let it go (possibly changed) or drop it; `marks` go on its
   * record (a dropped one is recorded as discarded).
   */
  | { k: 'decide'; token: number; forward: boolean; data?: string | ArrayBuffer; marks?: HookMarks; w?: string }
  /** The answer to `renew`: the bridge is there and will decide what the hook holds. */
  | { k: 'lease' }
  /**
   * Served sockets (`create` with `served`): the player in the bridge (src/content/serve-driver.ts)
   * plays the server. `serveOpen`: the handshake succeeded with this sub-protocol and extensions.
   */
  | { k: 'serveOpen'; id: number; protocol: string; extensions: string }
  /** The served server sends a message (the page gets it as it gets a received one). */
  | { k: 'serveMessage'; id: number; data: string | ArrayBuffer }
  /** The served server closes the connection (code 1006 not clean: `error` first, as a dropped connection does). */
  | { k: 'serveClose'; id: number; code: number; reason: string; wasClean: boolean }
  /** No server could be played (no script, a recorded failure): `error`, then `close` 1006, as a failed connection. */
  | { k: 'serveFail'; id: number };

/** The envelope of one batch. */
export interface HookBatch {
  /** HOOK_DIALECT_VERSION of the hook that posted it. */
  v: number;
  records: HookRecord[];
  /** Set on a batch a hook relays from one of its workers (absent: the frame's own sockets). */
  ctx?: HookWorkerContext;
  /**
   * The batch's plain messages (no marks, payload known when it happened), packed into a few
   * flat values instead of one record object each (src/page/message-packer.ts). Absent when none.
   * Other records keep their place among them through `recordAt`.
   */
  packed?: HookPackedMessages;
}

/**
 * Messages as columns. Crossing from the page to the bridge is then a copy of one typed array,
 * one string and one buffer, not a structured-clone walk over an object per message: in Firefox
 * the batch is cloned out of the page's compartment into the content script's, so every object
 * cost another walk. One buffer for all binary payloads: an ArrayBuffer per message cost an
 * allocation in the hook and another where the bridge receives it (Chromium: about 5 µs each).
 */
export interface HookPackedMessages {
  /** Messages packed. */
  count: number;
  /** PACKED_STRIDE numbers per message, at PACKED_* offsets (the array may be longer than count × stride). */
  nums: Float64Array;
  /** The texts of the text messages, one after another (each `PACKED_LENGTH` UTF-16 units). */
  text: string;
  /** The payloads of the binary messages, one after another (each `PACKED_LENGTH` bytes; a private copy). */
  bytes: ArrayBuffer;
  /** For records[i]: how many packed messages happened before it. */
  recordAt: number[];
}

/** Numbers per packed message. */
export const PACKED_STRIDE = 6;
export const PACKED_ID = 0;
export const PACKED_SEQ = 1;
/** PACKED_FLAG_* bits. */
export const PACKED_FLAGS = 2;
export const PACKED_TIME = 3;
/** As HookMessage.size: bytes of a binary message before truncation; for text -1 (the bridge measures) or the whole text's UTF-8 bytes when truncated. */
export const PACKED_SIZE = 4;
/** Text: UTF-16 units of its text in `text`; binary: bytes of its payload (possibly truncated) in `bytes`. */
export const PACKED_LENGTH = 5;
/** The name PACKED_LENGTH had in dialect 5 (text only). */
export const PACKED_TEXT_LENGTH = PACKED_LENGTH;

/** Received from the server (else sent by the page). */
export const PACKED_FLAG_RECEIVED = 1;
export const PACKED_FLAG_TRUNCATED = 2;
export const PACKED_FLAG_DISCARDED = 4;
/** Binary: the payload is the next PACKED_LENGTH bytes of `bytes`. */
export const PACKED_FLAG_BINARY = 8;

/** Tag of the one window message that hands the bridge its end of the channel (its value: HOOK_DIALECT_VERSION). */
export const HOOK_HANDSHAKE_TAG = '__frameline_hook_port__';

/**
 * Type of the event the bridge dispatches on the window when it starts: if the hook installed
 * first, its handshake found no listener, and it dispatches the handshake again on hearing this.
 */
export const HOOK_READY_EVENT = '__frameline_bridge_ready__';

/**
 * Tag of the one message that hands a worker hook its port (value: HOOK_DIALECT_VERSION): posted
 * by the worker's creator right after construction, taken and hidden by the worker hook.
 */
export const HOOK_WORKER_PORT_TAG = '__frameline_worker_port__';

/**
 * Tag of the message a service worker's hook posts to each window client it reaches (value:
 * HOOK_DIALECT_VERSION), with the MessagePort its batches then take; the page hook's first
 * `navigator.serviceWorker` listener takes and hides it (src/page/service-worker-inbox.ts).
 * Commands for a service worker's socket carry `w` = `s<number>`.
 */
export const HOOK_SW_PORT_TAG = '__frameline_sw_port__';
