/**
 * The payload guards: one table per direction, with for each message type of the direction's map
 * the check its payload must pass before any handler sees it. `createEndpoint` (endpoint.ts)
 * runs them on every message it receives, so handlers trust their payload's type and never
 * check it again. `GuardTable` makes a missing type a compile error.
 *
 * Guards check what handlers read, as deep as they read it (every message of a traffic batch,
 * every held message), and nothing more: what a value means (a tab id that is no tab) is the
 * handler's business. The messages that do not travel in envelopes have their guards here too:
 * the hook's batches (page -> bridge) and the background's one-shot messages to content scripts.
 */
import type { HookBatch } from './hook-dialect';
import type { HeldMessage, InterceptConfig } from './intercept';
import type {
  BridgeToRouter,
  CommandOutcome,
  FrameTraffic,
  HandshakeMessage,
  HoldAction,
  OpenRequest,
  PageRequests,
  PanelToRouter,
  RouterToBridge,
  RouterToPanel,
  SocketCommand,
  TrafficPayload,
} from './messages';
import { POKE_MESSAGE } from './messages';
import type { ConnectionInfo, MessageRecord } from './records';
import type { ServeFrame, ServeScript } from './serve';
import { HOOK_DIALECT_VERSION, PROTOCOL_VERSION } from './version';

/** For each message type of `Map`, a guard of its payload. */
export type GuardTable<Map> = { readonly [T in keyof Map]-?: (payload: unknown) => payload is Map[T] };

type Fields = Record<string, unknown>;
const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null;
const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number';
const isListOf = <T>(value: unknown, item: (v: unknown) => v is T): value is T[] => Array.isArray(value) && value.every(item);
/** `clear` carries nothing: any object will do. */
const isEmpty = (value: unknown): value is Record<string, never> => isObject(value);

export function isMessageRecord(value: unknown): value is MessageRecord {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    typeof m.connId === 'string' &&
    typeof m.seq === 'number' &&
    (m.dir === 'send' || m.dir === 'receive') &&
    typeof m.time === 'number' &&
    (m.opcode === 1 || m.opcode === 2) &&
    typeof m.size === 'number'
  );
}

export function isConnectionInfo(value: unknown): value is ConnectionInfo {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return typeof c.id === 'string' && typeof c.url === 'string' && typeof c.state === 'string';
}

export function isTrafficPayload(value: unknown): value is TrafficPayload {
  return (
    isObject(value) &&
    isString(value.docId) &&
    isString(value.frameUrl) &&
    isNumber(value.dropped) &&
    isListOf(value.connections, isConnectionInfo) &&
    isListOf(value.messages, isMessageRecord)
  );
}

export function isFrameTraffic(value: unknown): value is FrameTraffic {
  return isTrafficPayload(value) && isObject(value) && isNumber(value.frameId) && typeof value.snapshot === 'boolean';
}

export function isCommandOutcome(value: unknown): value is CommandOutcome {
  return (
    isObject(value) &&
    isString(value.ref) &&
    typeof value.ok === 'boolean' &&
    (value.error === undefined || isString(value.error)) &&
    (value.failure === undefined || (isObject(value.failure) && isString(value.failure.code)))
  );
}

export function isHeldMessage(value: unknown): value is HeldMessage {
  return (
    isObject(value) &&
    isString(value.holdId) &&
    isString(value.connId) &&
    (value.dir === 'send' || value.dir === 'receive') &&
    (value.state === 'paused' || value.state === 'waiting' || value.state === 'delayed') &&
    isNumber(value.since) &&
    (value.opcode === 1 || value.opcode === 2) &&
    isNumber(value.size)
  );
}

export function isSocketCommand(value: unknown): value is SocketCommand {
  if (!isObject(value)) return false;
  const c = value as Partial<SocketCommand>;
  return (
    isString(c.ref) &&
    isString(c.connId) &&
    (c.action === 'send' || c.action === 'deliver') &&
    (isString(c.text) || isString(c.base64)) &&
    (c.mark === 'injected' || c.mark === 'replayed' || c.mark === 'edited') &&
    (c.rule === undefined || isString(c.rule))
  );
}

export function isInterceptConfig(value: unknown): value is InterceptConfig {
  return isObject(value) && Array.isArray(value.rules) && Array.isArray(value.breakpoints);
}

export function isHoldAction(value: unknown): value is HoldAction {
  if (!isObject(value)) return false;
  const a = value as Partial<HoldAction>;
  return isString(a.docId) && isString(a.holdId) && (a.action === 'forward' || a.action === 'drop');
}

export function isOpenRequest(value: unknown): value is OpenRequest {
  return isObject(value) && isString(value.ref) && isString(value.url) && isListOf(value.protocols, isString);
}

export const bridgeToRouterGuards: GuardTable<BridgeToRouter> = {
  hello: (p): p is BridgeToRouter['hello'] => isObject(p) && isString(p.docId) && isString(p.frameUrl) && typeof p.top === 'boolean',
  snapshot: isTrafficPayload,
  batch: isTrafficPayload,
  results: (p): p is BridgeToRouter['results'] => isObject(p) && isListOf(p.results, isCommandOutcome),
  held: (p): p is BridgeToRouter['held'] => isObject(p) && isString(p.docId) && isListOf(p.held, isHeldMessage),
};

const pageRequestGuards: GuardTable<PageRequests> = {
  clear: isEmpty,
  command: isSocketCommand,
  intercept: isInterceptConfig,
  holdAction: isHoldAction,
  open: isOpenRequest,
};

const isServeFrame = (value: unknown): value is ServeFrame =>
  isObject(value) && (value.dir === 0 || value.dir === 1) && isNumber(value.at) && (isString(value.text) || isString(value.base64));

/** A conversation to serve: everything the bridge and the player read ("Serve from log"). */
export function isServeScript(value: unknown): value is ServeScript {
  if (!isObject(value)) return false;
  const close = value.close;
  return (
    isString(value.id) &&
    isString(value.pattern) &&
    (value.mode === 'timed' || value.mode === 'conversational') &&
    isNumber(value.speed) &&
    isObject(value.match) &&
    isString(value.protocol) &&
    isString(value.extensions) &&
    isListOf(value.frames, isServeFrame) &&
    (close === undefined || (isObject(close) && isNumber(close.at) && isNumber(close.code) && isString(close.reason) && typeof close.wasClean === 'boolean')) &&
    isString(value.label)
  );
}
const isServeScriptList = (p: unknown): p is { scripts: ServeScript[] } => isObject(p) && isListOf(p.scripts, isServeScript);

export const routerToBridgeGuards: GuardTable<RouterToBridge> = {
  ...pageRequestGuards,
  watch: (p): p is RouterToBridge['watch'] => isObject(p) && typeof p.on === 'boolean',
  serve: isServeScriptList,
};

export const panelToRouterGuards: GuardTable<PanelToRouter> = {
  ...pageRequestGuards,
  attach: (p): p is PanelToRouter['attach'] => isObject(p) && isNumber(p.tabId),
  serve: (p): p is PanelToRouter['serve'] => isObject(p) && isServeScript(p.script),
  unserve: (p): p is PanelToRouter['unserve'] => isObject(p) && isString(p.id),
  serveScripts: isEmpty,
};

export const routerToPanelGuards: GuardTable<RouterToPanel> = {
  attached: (p): p is RouterToPanel['attached'] => isObject(p) && isNumber(p.tabId),
  traffic: isFrameTraffic,
  navigated: (p): p is RouterToPanel['navigated'] => isObject(p) && isString(p.docId) && isString(p.url),
  problem: (p): p is RouterToPanel['problem'] => isObject(p) && isString(p.message),
  commandResult: isCommandOutcome,
  held: (p): p is RouterToPanel['held'] => isObject(p) && isString(p.docId) && isNumber(p.frameId) && isListOf(p.held, isHeldMessage),
  otherVersion: (p): p is RouterToPanel['otherVersion'] =>
    isObject(p) && (p.party === 'contentScript' || p.party === 'panel') && isNumber(p.version),
  serveScripts: isServeScriptList,
};

// ------------------------------------------------------------------ messages without envelopes

/**
 * A batch of the hook's dialect version. The records inside are read one by one, defensively,
 * by the bridge's decoder (`src/content/hook-decoder.ts`): one malformed record costs itself only.
 */
export function isHookBatch(value: unknown): value is HookBatch {
  return isObject(value) && value.v === HOOK_DIALECT_VERSION && Array.isArray(value.records);
}

/** The background's request that a content script reconnect its bridge (`POKE_MESSAGE`). */
export function isPokeMessage(value: unknown): value is typeof POKE_MESSAGE {
  return isObject(value) && value.frameline === POKE_MESSAGE.frameline && value.v === PROTOCOL_VERSION;
}

export function isHandshakeMessage(value: unknown): value is HandshakeMessage {
  if (!isObject(value) || value.frameline !== 'handshake' || value.v !== PROTOCOL_VERSION) return false;
  const event = value.event;
  return isObject(event) && isString(event.requestId) && isString(event.url);
}
