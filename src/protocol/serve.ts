/**
 * Serving a saved conversation to the page ("Serve from log", issue 17): shapes shared by the
 * panel (which builds a script from a connection), the background (which keeps it per tab), the
 * bridge (which plays it) and the hook (which gives the page a socket that no network is behind).
 *
 * A first version agreed between the engine (src/serve/) and the page side (src/page/, src/content/):
 * extend it additively.
 */

/** How the page's messages are paired with the ones the log recorded, in conversational mode. */
export type ServeMatch =
  /** The page's message must equal the recorded one. */
  | { kind: 'exact' }
  /** Same JSON shape: same keys and value types, recursively (values may differ). */
  | { kind: 'shape' }
  /** The value at a JSON path (src/lib/json-path.ts dialect) must be equal. */
  | { kind: 'path'; path: string };

/** One recorded message of the conversation. Binary payloads are base64, as in MessageRecord. */
export interface ServeFrame {
  /** 0 = sent by the page, 1 = sent by the server. */
  dir: 0 | 1;
  /** Milliseconds after the connection opened (as recorded). */
  at: number;
  text?: string;
  base64?: string;
}

/** Everything needed to answer sockets to matching URLs from one recorded connection. */
export interface ServeScript {
  /** Frameline's id for this serving (several may be active in a tab, one per pattern). */
  id: string;
  /**
   * Which socket URLs this answers: an exact URL, or one with `*` wildcards (any run of
   * characters). Compared with the URL the page passed to the constructor, resolved.
   */
  pattern: string;
  mode: 'timed' | 'conversational';
  /** Timed mode: 0.5, 1, 2 ... ; 0 = as fast as possible. */
  speed: number;
  match: ServeMatch;
  /** Negotiated sub-protocol and extensions the recorded handshake ended with. */
  protocol: string;
  extensions: string;
  frames: ServeFrame[];
  /**
   * The recorded end; absent: the socket stays open after the last frame. When `neverOpened`,
   * `at` counts from the socket's creation.
   */
  close?: { at: number; code: number; reason: string; wasClean: boolean };
  /** Where it came from, for the panel ("connection wss://… of this session", a file name…). */
  label: string;
  /**
   * The recorded connection never opened (refused, failed handshake): served as a failed
   * connection (`error`, then `close` 1006, not clean), with no `open` and no messages.
   */
  neverOpened?: boolean;
}

/**
 * What the bridge writes into a serving document's sessionStorage under SERVE_MARKER_KEY (JSON),
 * so that the hook can decide synchronously, when the page constructs a socket, whether to serve
 * it. Patterns and ids only, never payloads. `patterns[i]` is served by the script `ids[i]`;
 * entries with the same pattern are used in turn (the first matching socket of a document gets
 * the first, the next one the second...; the last one serves every further socket).
 */
export interface ServeMarker {
  /** The document URL the marker was written for; any other document ignores it. */
  page: string;
  patterns: string[];
  ids: string[];
}

/**
 * Whether a socket URL matches a serve pattern: `*` is any run of characters (possibly none),
 * everything else compares exactly. Written with string indexing only (no RegExp, no String
 * methods): the page-side hook calls it in pages that may have replaced those.
 */
export function servePatternMatches(pattern: string, url: string): boolean {
  let p = 0;
  let u = 0;
  let starP = -1;
  let starU = 0;
  while (u < url.length) {
    if (p < pattern.length && pattern[p] === '*') {
      starP = p++;
      starU = u;
    } else if (p < pattern.length && pattern[p] === url[u]) {
      p++;
      u++;
    } else if (starP >= 0) {
      p = starP + 1;
      u = ++starU;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** The sessionStorage key the bridge sets in a document whose tab serves (patterns only; see docs/ARCHITECTURE.md). */
export const SERVE_MARKER_KEY = '__frameline_serve__';

/**
 * The served socket's code is not in the hook (every frame would parse it): it is its own
 * MAIN-world script, SERVED_SCRIPT_FILE, present only while serving is armed (docs/ARCHITECTURE.md,
 * "Serving from a log"). The hook asks for it with a `SERVED_ASK_EVENT` event on its window whose
 * `data` is the function that takes the served socket's factory; the served script's listener
 * (registered before any page script) answers and hides the event.
 */
export const SERVED_ASK_EVENT = '__frameline_served__';

/** The served socket's built file (scripts/iife-content-scripts.ts builds it; never web-accessible). */
export const SERVED_SCRIPT_FILE = 'extension/page/served.iife.js';

/** The bridge asks the background to put SERVED_SCRIPT_FILE in its document before it writes a marker. */
export const NEED_SERVED_MESSAGE = { frameline: 'needServed' } as const;

export function isNeedServedMessage(value: unknown): value is typeof NEED_SERVED_MESSAGE {
  return typeof value === 'object' && value !== null && (value as { frameline?: unknown }).frameline === NEED_SERVED_MESSAGE.frameline;
}
