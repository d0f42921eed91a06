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
  /**
   * The recorded socket never opened (refused, failed handshake): the served one does not open
   * either; it fails as a browser does (`error`, then `close` 1006, not clean) at `close.at`.
   */
  neverOpened?: boolean;
  /** Where it came from, for the panel ("connection wss://… of this session", a file name…). */
  label: string;
}

/** The sessionStorage key the bridge sets in a document whose tab serves (patterns only; see docs/ARCHITECTURE.md). */
export const SERVE_MARKER_KEY = '__frameline_serve__';
