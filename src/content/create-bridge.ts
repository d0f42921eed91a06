/**
 * The bridge: the only link between a page's hook and the extension. It keeps its document's
 * bounded history and streams new traffic to the router while a panel watches.
 *
 * It connects to the router at load and again when poked (after a service-worker restart the
 * router pokes the tab's frames when a panel attaches); a disconnected bridge keeps recording.
 */
import type { HookBatch, HookCommand } from '../protocol/hook-dialect';
import { base64ToBytes } from '../lib/bytes';
import {
  envelope,
  isEnvelope,
  ROUTER_TO_BRIDGE_TYPES,
  type BridgeToRouter,
  type Envelope,
  type HandshakeEvent,
  type CommandOutcome,
  isSocketCommand,
  type SocketCommand,
  type RouterToBridge,
} from '../protocol/messages';
import type { MessagePortLike } from '../protocol/port';
import { PROTOCOL_VERSION } from '../protocol/version';
import { createDocumentLog, type HistoryLimits } from './document-log';
import { createInterceptor } from './interceptor';
import { shrinkTraffic, splitTraffic } from './traffic-envelopes';
import { isHoldAction, isInterceptConfig, isOpenRequest } from '../protocol/messages';
import type { Payload } from '../protocol/intercept';

export type RouterPort = MessagePortLike<unknown, Envelope<BridgeToRouter>>;

export interface BridgeOptions {
  docId: string;
  frameUrl: string;
  top: boolean;
  connect: () => RouterPort;
  /** Posts a command down the channel to the page's hook (undefined until the hook is known). */
  toHook?: (command: HookCommand) => boolean;
  limits?: HistoryLimits;
}

export interface Bridge {
  /** Feed one batch as posted by the hook (already checked to come from our private port). */
  ingest(batch: unknown): void;
  /** A handshake phase seen by the background's webRequest listeners. */
  handshake(event: HandshakeEvent): void;
  setLimits(limits: HistoryLimits): void;
  /** Reconnect to the router if disconnected. */
  poke(): void;
  readonly watching: boolean;
}

export function isHookBatch(value: unknown): value is HookBatch {
  if (typeof value !== 'object' || value === null) return false;
  const b = value as { v?: unknown; records?: unknown };
  return b.v === PROTOCOL_VERSION && Array.isArray(b.records);
}

export function createBridge(options: BridgeOptions): Bridge {
  const log = createDocumentLog({ docId: options.docId, frameUrl: options.frameUrl, limits: options.limits });
  let port: RouterPort | undefined;
  let watching = false;
  let nextRef = 1;
  /** Our numeric command refs -> the panel's refs. */
  const pendingRefs = new Map<number, string>();

  function post(message: Envelope<BridgeToRouter>): void {
    try {
      port?.post(message);
    } catch {
      drop();
    }
  }

  /**
   * Traffic goes in envelopes the port accepts (traffic-envelopes.ts): one refused for its size
   * is shrunk and tried again; only a port that refuses a small one is taken for gone.
   */
  function postTraffic(type: 'snapshot' | 'batch', traffic: BridgeToRouter['batch']): void {
    const queue = splitTraffic(traffic);
    while (queue.length > 0 && port) {
      const next = queue.shift()!;
      try {
        port.post(envelope<BridgeToRouter, 'snapshot' | 'batch'>(type, next));
      } catch {
        const smaller = shrinkTraffic(next);
        if (!smaller) return drop();
        queue.unshift(...smaller);
      }
    }
  }

  function drop(): void {
    port = undefined;
    stopWatching();
  }

  /** No panel any more: interception ends and every held message goes on. */
  function stopWatching(): void {
    watching = false;
    interceptor.releaseAll();
    options.toHook?.({ k: 'intercept', send: false, receive: false });
  }

  const dataOf = (payload: Payload): string | ArrayBuffer =>
    payload.opcode === 1 ? (payload.text ?? '') : (base64ToBytes(payload.base64 ?? '').buffer as ArrayBuffer);
  const idOf = (connId: string) => Number(connId.slice(options.docId.length + 1));

  const interceptor = createInterceptor({
    docId: options.docId,
    decide(token, forward, payload, edited, rule) {
      options.toHook?.({ k: 'decide', token, forward, ...(payload ? { data: dataOf(payload) } : {}), ...(edited ? { edited } : {}), ...(rule ? { rule } : {}) });
    },
    deliver(connId, payload, rule) {
      options.toHook?.({ k: 'deliver', ref: nextRef++, id: idOf(connId), data: dataOf(payload), mark: 'injected', rule });
    },
    onHeld(held) {
      post(envelope<BridgeToRouter, 'held'>('held', { docId: options.docId, held }));
    },
  });

  function connect(): void {
    if (port) return;
    let fresh: RouterPort;
    try {
      fresh = options.connect();
    } catch {
      return; // extension context gone (extension reloaded): keep recording, stay quiet
    }
    port = fresh;
    fresh.onDisconnect(() => {
      if (port === fresh) drop();
    });
    fresh.onMessage((message) => {
      if (port !== fresh || !isEnvelope<RouterToBridge>(message, ROUTER_TO_BRIDGE_TYPES)) return;
      if (message.type === 'watch') {
        const on = (message.payload as RouterToBridge['watch']).on === true;
        if (!on) return stopWatching();
        watching = on;
        if (on) postTraffic('snapshot', { ...meta(), ...log.snapshot(), dropped: log.dropped });
      } else if (message.type === 'clear') {
        log.clear();
      } else if (message.type === 'command' && isSocketCommand(message.payload)) {
        runCommand(message.payload);
      } else if (message.type === 'open' && isOpenRequest(message.payload)) {
        const request = message.payload;
        const ref = nextRef++;
        pendingRefs.set(ref, request.ref);
        if (!options.toHook?.({ k: 'open', ref, url: request.url, protocols: request.protocols })) {
          pendingRefs.delete(ref);
          reply([{ ref: request.ref, ok: false, error: 'The page has no capture hook (reload it).' }]);
        }
      } else if (message.type === 'intercept' && isInterceptConfig(message.payload)) {
        const hold = interceptor.configure(message.payload);
        options.toHook?.({ k: 'intercept', ...hold });
      } else if (message.type === 'holdAction' && isHoldAction(message.payload)) {
        const action = message.payload;
        if (action.action === 'drop') interceptor.drop(action.holdId);
        else {
          const edited: Payload | undefined =
            action.text !== undefined ? { opcode: 1, text: action.text } : action.base64 !== undefined ? { opcode: 2, base64: action.base64 } : undefined;
          interceptor.forward(action.holdId, edited);
        }
      }
    });
    post(envelope<BridgeToRouter, 'hello'>('hello', { docId: options.docId, frameUrl: options.frameUrl, top: options.top }));
  }

  const meta = () => ({ docId: options.docId, frameUrl: options.frameUrl });

  function reply(results: CommandOutcome[]): void {
    if (results.length) post(envelope<BridgeToRouter, 'results'>('results', { results }));
  }

  function runCommand(command: SocketCommand): void {
    const prefix = `${options.docId}:`;
    const id = Number(command.connId.slice(prefix.length));
    if (!command.connId.startsWith(prefix) || !Number.isInteger(id)) return reply([{ ref: command.ref, ok: false, error: 'Not a socket of this page.' }]);
    let data: string | ArrayBuffer;
    try {
      data = command.text !== undefined ? command.text : (base64ToBytes(command.base64 ?? '').buffer as ArrayBuffer);
    } catch (error) {
      return reply([{ ref: command.ref, ok: false, error: String((error as Error).message) }]);
    }
    const ref = nextRef++;
    pendingRefs.set(ref, command.ref);
    const hookCommand: HookCommand = { k: command.action, ref, id, data, mark: command.mark, ...(command.rule ? { rule: command.rule } : {}) };
    if (!options.toHook?.(hookCommand)) {
      pendingRefs.delete(ref);
      reply([{ ref: command.ref, ok: false, error: 'The page has no capture hook (it was opened before Frameline was installed?).' }]);
    }
  }

  connect();

  return {
    ingest(batch) {
      if (!isHookBatch(batch)) return;
      // Nobody watching: record only (no base64, no copies for the router).
      const { results, asks, ...changes } = log.ingest(batch, watching);
      for (const ask of asks) interceptor.ask(ask);
      if (watching && (changes.connections.length > 0 || changes.messages.length > 0)) {
        postTraffic('batch', { ...meta(), ...changes, dropped: log.dropped });
      }
      const outcomes: CommandOutcome[] = [];
      for (const r of results) {
        const ref = pendingRefs.get(r.ref);
        if (ref === undefined) continue;
        pendingRefs.delete(r.ref);
        outcomes.push({ ref, ok: r.ok, ...(r.error ? { error: r.error } : {}) });
      }
      reply(outcomes);
    },
    handshake(event) {
      const changed = log.handshake(event);
      if (changed && watching) post(envelope<BridgeToRouter, 'batch'>('batch', { ...meta(), connections: [changed], messages: [], dropped: log.dropped }));
    },
    setLimits: (limits) => log.setLimits(limits),
    poke: connect,
    get watching() {
      return watching;
    },
  };
}
