/**
 * The typed message maps between the extension contexts, one per direction. Every message
 * travels in an `Envelope` that carries PROTOCOL_VERSION; receivers read envelopes through a
 * typed endpoint (`endpoint.ts`), which checks each payload with its direction's guard table
 * (`guards.ts`) before any handler runs.
 *
 *   hook --(HookBatch, src/protocol/hook-dialect.ts)--> bridge
 *   bridge --BridgeToRouter--> router --RouterToPanel--> panel
 *   panel --PanelToRouter--> router --RouterToBridge--> bridge
 */
import type { ConnectionInfo, HttpHeader } from './records';
import type { HeldMessage, InterceptConfig, MarkedMessage } from './intercept';
import type { CommandFailure } from './hook-dialect';
import type { ServeScript } from './serve';
import { PROTOCOL_VERSION } from './version';

/** Captured traffic of one document: connection snapshots that changed, and new messages. */
export interface TrafficPayload {
  docId: string;
  frameUrl: string;
  connections: ConnectionInfo[];
  /** With the marks of what interception did to them (rules, breakpoints). */
  messages: MarkedMessage[];
  /** Messages this document's history has dropped so far to stay within its limits. */
  dropped: number;
}

/** Act on a page socket: send to the server, or deliver to the page as if the server had sent it. */
export interface SocketCommand {
  /** Chosen by the panel; comes back with the result. */
  ref: string;
  connId: string;
  action: 'send' | 'deliver';
  text?: string;
  base64?: string;
  mark: 'injected' | 'replayed' | 'edited';
  rule?: string;
}

/** How a `SocketCommand` or `OpenRequest` went, under the panel's `ref` (the hook's own is `HookResult`). */
export interface CommandOutcome {
  ref: string;
  ok: boolean;
  /** In English. */
  error?: string;
  /** Why, as a code a UI translates, when Frameline itself refused the command. */
  failure?: CommandFailure;
}

export interface BridgeToRouter {
  /** A bridge announces itself when it connects (page load, or after a router restart). */
  hello: { docId: string; frameUrl: string; top: boolean };
  /** Everything the bridge still holds, sent when a panel starts watching. */
  snapshot: TrafficPayload;
  /** New traffic since the last batch, sent only while a panel watches. */
  batch: TrafficPayload;
  /** Outcomes of socket commands. */
  results: { results: CommandOutcome[] };
  /** Messages this document holds for a decision (breakpoints, delays). */
  held: { docId: string; held: HeldMessage[] };
}

/** Open a new socket from the inspected page's top frame. */
export interface OpenRequest {
  ref: string;
  url: string;
  protocols: string[];
}

/** The user's decision on a held message. */
export interface HoldAction {
  docId: string;
  holdId: string;
  action: 'forward' | 'drop';
  /** Forward this instead (edited at the breakpoint). */
  text?: string;
  base64?: string;
}

/** What a panel asks of the inspected page; the router passes each on to the bridge that owns it. */
export interface PageRequests {
  /** Forget the history (the user pressed Clear). */
  clear: Record<string, never>;
  command: SocketCommand;
  /** Rules and breakpoints for every frame of the tab (empty lists turn interception off). */
  intercept: InterceptConfig;
  holdAction: HoldAction;
  open: OpenRequest;
}

export interface RouterToBridge extends PageRequests {
  /** Start or stop streaming to the router. Starting also asks for a snapshot. */
  watch: { on: boolean };
  /**
   * Every conversation the tab serves now ("Serve from log"; empty: none). Sent on each change and
   * to every bridge that says hello: the bridge writes or removes its document's serve marker and
   * plays these scripts to the sockets the hook serves (src/content/serve-driver.ts).
   */
  serve: { scripts: ServeScript[] };
}

export interface PanelToRouter extends PageRequests {
  /** Inspect this tab. */
  attach: { tabId: number };
  /** Serve this conversation to the tab's sockets matching its pattern (replaces one of the same id). */
  serve: { script: ServeScript };
  /** Stop serving the conversation with this id (`'*'`: every one of the tab). */
  unserve: { id: string };
  /** Ask for the tab's served conversations (answered with `serveScripts`). */
  serveScripts: Record<string, never>;
}

export interface FrameTraffic extends TrafficPayload {
  frameId: number;
  snapshot: boolean;
}

export interface RouterToPanel {
  attached: { tabId: number };
  traffic: FrameTraffic;
  /** The top frame of the inspected tab loaded a new document. */
  navigated: { docId: string; url: string };
  /** Something the user should see (e.g. the tab does not exist). */
  problem: { message: string };
  commandResult: CommandOutcome;
  held: { docId: string; frameId: number; held: HeldMessage[] };
  /**
   * Someone speaks another PROTOCOL_VERSION, so what it says is dropped: a content script of
   * another build in one of the tab's frames (`contentScript`: reload the page), or this panel
   * itself (`panel`: the router could not read it; reopen DevTools). `version` is theirs.
   */
  otherVersion: { party: VersionParty; version: number };
  /**
   * The conversations the attached tab serves now: the answer to `serveScripts`, and sent again to
   * every panel of the tab on each change (serve, unserve, the tab navigating elsewhere).
   */
  serveScripts: { scripts: ServeScript[] };
}

export type VersionParty = 'contentScript' | 'panel';

/** How every message between bridge, router and panel travels: `createEndpoint` reads and writes it. */
export type Envelope<Map, Type extends keyof Map = keyof Map> = {
  [T in Type]: { v: number; type: T; payload: Map[T] };
}[Type];

export function envelope<Map, Type extends keyof Map>(type: Type, payload: Map[Type]): Envelope<Map, Type> {
  return { v: PROTOCOL_VERSION, type, payload } as Envelope<Map, Type>;
}

/** Port names, so the router can tell who connected. */
export const BRIDGE_PORT_NAME = 'frameline-bridge';
export const PANEL_PORT_NAME = 'frameline-panel';
/** One-shot message the router sends to a tab's frames so that disconnected bridges reconnect. */
export const POKE_MESSAGE = { frameline: 'poke', v: PROTOCOL_VERSION } as const;

/**
 * One phase of a WebSocket upgrade seen by the background through `webRequest`, sent to the
 * bridge of the frame that made it (`tabs.sendMessage` with its frameId), which joins it to
 * the connection with the same URL that has none yet (in creation order).
 */
export interface HandshakeEvent {
  requestId: string;
  url: string;
  phase: 'request' | 'response' | 'error';
  time: number;
  headers?: HttpHeader[];
  status?: number;
  statusText?: string;
  error?: string;
}

export interface HandshakeMessage {
  frameline: 'handshake';
  v: number;
  event: HandshakeEvent;
}
