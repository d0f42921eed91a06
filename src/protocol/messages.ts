/**
 * The typed message maps between the extension contexts, one per direction. Every message
 * travels in an `Envelope` that carries the protocol version; `isEnvelope` is the one gate each
 * receiver uses before trusting anything.
 *
 *   hook --(HookBatch, src/protocol/hook-dialect.ts)--> bridge
 *   bridge --BridgeToRouter--> router --RouterToPanel--> panel
 *   panel --PanelToRouter--> router --RouterToBridge--> bridge
 */
import type { ConnectionInfo, HttpHeader, MessageRecord } from './records';
import type { HeldMessage, InterceptConfig } from './intercept';
import { PROTOCOL_VERSION } from './version';

/** Captured traffic of one document: connection snapshots that changed, and new messages. */
export interface TrafficPayload {
  docId: string;
  frameUrl: string;
  connections: ConnectionInfo[];
  messages: MessageRecord[];
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

export interface CommandOutcome {
  ref: string;
  ok: boolean;
  error?: string;
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

export interface RouterToBridge {
  /** Start or stop streaming to the router. Starting also asks for a snapshot. */
  watch: { on: boolean };
  /** Forget the history (the user pressed Clear). */
  clear: Record<string, never>;
  command: SocketCommand;
  intercept: InterceptConfig;
  holdAction: HoldAction;
  open: OpenRequest;
}

export interface PanelToRouter {
  /** Inspect this tab. */
  attach: { tabId: number };
  clear: Record<string, never>;
  command: SocketCommand;
  /** Rules and breakpoints for every frame of the tab (empty lists turn interception off). */
  intercept: InterceptConfig;
  holdAction: HoldAction;
  open: OpenRequest;
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
}

export type Envelope<Map, Type extends keyof Map = keyof Map> = {
  [T in Type]: { v: number; type: T; payload: Map[T] };
}[Type];

export function envelope<Map, Type extends keyof Map>(type: Type, payload: Map[Type]): Envelope<Map, Type> {
  return { v: PROTOCOL_VERSION, type, payload } as Envelope<Map, Type>;
}

/** True for a well-formed envelope of this protocol version whose type is one of `types`. */
export function isEnvelope<Map>(value: unknown, types: readonly (keyof Map)[]): value is Envelope<Map> {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as { v?: unknown; type?: unknown; payload?: unknown };
  return (
    e.v === PROTOCOL_VERSION &&
    typeof e.type === 'string' &&
    (types as readonly unknown[]).includes(e.type) &&
    typeof e.payload === 'object' &&
    e.payload !== null
  );
}

export const BRIDGE_TO_ROUTER_TYPES = ['hello', 'snapshot', 'batch', 'results', 'held'] as const satisfies readonly (keyof BridgeToRouter)[];
export const ROUTER_TO_BRIDGE_TYPES = ['watch', 'clear', 'command', 'intercept', 'holdAction', 'open'] as const satisfies readonly (keyof RouterToBridge)[];
export const PANEL_TO_ROUTER_TYPES = ['attach', 'clear', 'command', 'intercept', 'holdAction', 'open'] as const satisfies readonly (keyof PanelToRouter)[];
export const ROUTER_TO_PANEL_TYPES = ['attached', 'traffic', 'navigated', 'problem', 'commandResult', 'held'] as const satisfies readonly (keyof RouterToPanel)[];

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

export function isHandshakeMessage(value: unknown): value is HandshakeMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Partial<HandshakeMessage>;
  return (
    m.frameline === 'handshake' &&
    m.v === PROTOCOL_VERSION &&
    typeof m.event === 'object' &&
    m.event !== null &&
    typeof m.event.requestId === 'string' &&
    typeof m.event.url === 'string'
  );
}

export function isSocketCommand(value: unknown): value is SocketCommand {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Partial<SocketCommand>;
  return (
    typeof c.ref === 'string' &&
    typeof c.connId === 'string' &&
    (c.action === 'send' || c.action === 'deliver') &&
    (typeof c.text === 'string' || typeof c.base64 === 'string') &&
    (c.mark === 'injected' || c.mark === 'replayed' || c.mark === 'edited') &&
    (c.rule === undefined || typeof c.rule === 'string')
  );
}

export function isInterceptConfig(value: unknown): value is InterceptConfig {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Partial<InterceptConfig>;
  return Array.isArray(c.rules) && Array.isArray(c.breakpoints);
}

export function isHoldAction(value: unknown): value is HoldAction {
  if (typeof value !== 'object' || value === null) return false;
  const a = value as Partial<HoldAction>;
  return typeof a.docId === 'string' && typeof a.holdId === 'string' && (a.action === 'forward' || a.action === 'drop');
}

export function isOpenRequest(value: unknown): value is OpenRequest {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<OpenRequest>;
  return typeof r.ref === 'string' && typeof r.url === 'string' && Array.isArray(r.protocols) && r.protocols.every((p) => typeof p === 'string');
}
