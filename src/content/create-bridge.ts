/**
 * The bridge: the only link between a page's hook and the extension. It reads the hook's batches
 * (hook-decoder.ts) into its document's bounded history (document-history.ts), streams new
 * traffic to the router while a panel watches, runs interception on the messages the hook holds
 * (interceptor.ts), and turns the panel's commands into hook commands and their results back.
 *
 * It connects to the router at load and again when poked (after a service-worker restart the
 * router pokes the tab's frames when a panel attaches); a disconnected bridge keeps recording.
 * The router's messages arrive through a typed endpoint, checked by their guards.
 */
import type { HookCommand, HookMarks, HookResult } from '../protocol/hook-dialect';
import { base64ToBytes } from '../lib/bytes';
import { createEndpoint, type Endpoint, type EnvelopePort } from '../protocol/endpoint';
import { isHookBatch, routerToBridgeGuards } from '../protocol/guards';
import type { InterceptConfig, MarkedMessage, Payload } from '../protocol/intercept';
import type { BridgeToRouter, CommandOutcome, HandshakeEvent, RouterToBridge, SocketCommand } from '../protocol/messages';
import type { ConnectionInfo } from '../protocol/records';
import { createDocumentHistory, type HistoryLimits } from './document-history';
import { createHookDecoder, type HookRecordSink } from './hook-decoder';
import { createInterceptor, type AskedMessage } from './interceptor';
import { createAskTokens } from './ask-tokens';
import { shrinkTraffic, splitTraffic } from './traffic-envelopes';
import { createServeDriver, type ServeMarkerStore } from './serve-driver';
import type { CreateServePlayer, ServeClock } from './serve-player';
import { toWireConnection, toWireMessage } from './wire';

export interface BridgeOptions {
  docId: string;
  frameUrl: string;
  top: boolean;
  connect: () => EnvelopePort<BridgeToRouter>;
  /** Posts a command down the channel to the page's hook (undefined until the hook is known). */
  toHook?: (command: HookCommand) => boolean;
  limits?: HistoryLimits;
  /** "Serve from log": the document's marker, the player and its clock (absent: this bridge serves nothing). */
  serve?: { marker?: ServeMarkerStore; pageUrl(): string; clock: ServeClock; createPlayer: CreateServePlayer; prepare?(): Promise<unknown> };
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

export function createBridge(options: BridgeOptions): Bridge {
  const history = createDocumentHistory({ limits: options.limits });
  const decoder = createHookDecoder({ docId: options.docId, frameUrl: options.frameUrl });
  let router: Endpoint<RouterToBridge, BridgeToRouter> | undefined;
  let watching = false;
  let nextRef = 1;
  /** Our numeric command refs (the hook's `HookResult.ref`) -> the panel's refs. */
  const pendingRefs = new Map<number, string>();
  /** The panel's rules and breakpoints in force (undefined: none, or nobody watches). */
  let interceptConfig: InterceptConfig | undefined;
  const serving = options.serve && createServeDriver({ ...options.serve, toHook: (command) => options.toHook?.(command) ?? false });

  function post<T extends keyof BridgeToRouter>(type: T, payload: BridgeToRouter[T]): void {
    if (router && !router.post(type, payload)) drop();
  }

  /**
   * Traffic goes in envelopes the port accepts (traffic-envelopes.ts): one refused for its size
   * is shrunk and tried again; only a port that refuses a small one is taken for gone.
   */
  function postTraffic(type: 'snapshot' | 'batch', traffic: BridgeToRouter['batch']): void {
    const queue = splitTraffic(traffic);
    while (queue.length > 0 && router) {
      const next = queue.shift()!;
      if (router.post(type, next)) continue;
      const smaller = shrinkTraffic(next);
      if (!smaller) return drop();
      queue.unshift(...smaller);
    }
  }

  function drop(): void {
    router = undefined;
    stopWatching();
    // Without the router nobody can tell us that serving stopped: new documents of this tab go to
    // the network until the router says again what it serves (sockets served now play on).
    options.serve?.marker?.remove();
  }

  /** No panel any more: interception ends and every held message goes on. */
  function stopWatching(): void {
    watching = false;
    interceptConfig = undefined;
    interceptor.releaseAll();
    askTokens.clear();
    options.toHook?.({ k: 'intercept', send: false, receive: false });
  }

  const dataOf = (payload: Payload): string | ArrayBuffer =>
    payload.opcode === 1 ? (payload.text ?? '') : (base64ToBytes(payload.base64 ?? '').buffer as ArrayBuffer);
  const idOf = (connId: string) => Number(connId.slice(options.docId.length + 1));

  /** Held messages of the frame's hook and of its workers' hooks, numbered apart (ask-tokens.ts). */
  const askTokens = createAskTokens();
  const interceptor = createInterceptor({
    docId: options.docId,
    decide(token, forward, payload, marks) {
      const route = askTokens.take(token);
      if (!route) return;
      const w = route.w !== undefined ? { w: route.w } : {};
      options.toHook?.({ k: 'decide', token: route.token, forward, ...(payload ? { data: dataOf(payload) } : {}), ...(marks ? { marks } : {}), ...w });
    },
    deliver(connId, payload, marks) {
      options.toHook?.({ k: 'deliver', ref: nextRef++, id: idOf(connId), data: dataOf(payload), marks });
    },
    onHeld(held) {
      post('held', { docId: options.docId, held });
    },
  });

  const meta = () => ({ docId: options.docId, frameUrl: options.frameUrl });

  function connect(): void {
    if (router) return;
    let current: Endpoint<RouterToBridge, BridgeToRouter>;
    try {
      current = createEndpoint(options.connect(), routerToBridgeGuards);
    } catch {
      return; // extension context gone (extension reloaded): keep recording, stay quiet
    }
    router = current;
    current.onDisconnect(() => {
      if (router === current) drop();
    });
    /** Handlers of a replaced connection stay registered on it: they must not act. */
    const live =
      <P>(handler: (payload: P) => void) =>
      (payload: P) => {
        if (router === current) handler(payload);
      };
    current.on(
      'watch',
      live(({ on }) => {
        if (!on) return stopWatching();
        watching = true;
        postTraffic('snapshot', { ...meta(), ...history.snapshot(), dropped: history.dropped });
        // A panel attaching now (another one, or one back after a router restart) sees what is held.
        const held = interceptor.held();
        if (held.length) post('held', { docId: options.docId, held });
      }),
    );
    current.on(
      'serve',
      live(({ scripts }) => serving?.setScripts(scripts)),
    );
    current.on(
      'clear',
      live(() => history.clear()),
    );
    current.on('command', live(runCommand));
    current.on(
      'open',
      live((request) => {
        const ref = nextRef++;
        pendingRefs.set(ref, request.ref);
        if (!options.toHook?.({ k: 'open', ref, url: request.url, protocols: request.protocols })) {
          pendingRefs.delete(ref);
          reply([{ ref: request.ref, ok: false, error: 'The page has no capture hook (reload it).', failure: { code: 'noHook' } }]);
        }
      }),
    );
    current.on(
      'intercept',
      live((config) => {
        interceptConfig = config;
        options.toHook?.({ k: 'intercept', ...interceptor.configure(config) });
      }),
    );
    current.on(
      'holdAction',
      live((action) => {
        if (action.action === 'drop') interceptor.drop(action.holdId);
        else {
          const edited: Payload | undefined =
            action.text !== undefined ? { opcode: 1, text: action.text } : action.base64 !== undefined ? { opcode: 2, base64: action.base64 } : undefined;
          interceptor.forward(action.holdId, edited);
        }
      }),
    );
    post('hello', { docId: options.docId, frameUrl: options.frameUrl, top: options.top });
  }

  function reply(results: CommandOutcome[]): void {
    if (results.length) post('results', { results });
  }

  function runCommand(command: SocketCommand): void {
    const prefix = `${options.docId}:`;
    // `<docId>:<id>` for the frame's sockets, `<docId>:w<path>.<id>` for a worker's (hook-decoder.ts).
    const local = command.connId.slice(prefix.length);
    const dot = local.lastIndexOf('.');
    const worker = local.startsWith('w') && dot > 1 ? local.slice(1, dot) : undefined;
    const id = Number(worker === undefined ? local : local.slice(dot + 1));
    if (!command.connId.startsWith(prefix) || !Number.isInteger(id)) return reply([{ ref: command.ref, ok: false, error: 'Not a socket of this page.', failure: { code: 'notThisPage' } }]);
    let data: string | ArrayBuffer;
    try {
      data = command.text !== undefined ? command.text : (base64ToBytes(command.base64 ?? '').buffer as ArrayBuffer);
    } catch (error) {
      return reply([{ ref: command.ref, ok: false, error: String((error as Error).message) }]);
    }
    const ref = nextRef++;
    pendingRefs.set(ref, command.ref);
    const marks: HookMarks = { [command.mark]: true, ...(command.rule ? { rule: command.rule } : {}) };
    if (!options.toHook?.({ k: command.action, ref, id, data, marks, ...(worker !== undefined ? { w: worker } : {}) })) {
      pendingRefs.delete(ref);
      reply([{ ref: command.ref, ok: false, error: 'The page has no capture hook (it was opened before Frameline was installed?).', failure: { code: 'noHook' } }]);
    }
  }

  // What one batch changed, gathered by the sink while the decoder reads it.
  let changed = new Set<ConnectionInfo>();
  let fresh: MarkedMessage[] = [];
  let asks: AskedMessage[] = [];
  let results: HookResult[] = [];
  let renewAsked = false;
  let releasedByHook = false;
  const sink: HookRecordSink = {
    connectionCreated(info) {
      history.addConnection(info);
      changed.add(info);
      if (info.served !== undefined) serving?.created(idOf(info.id), info.served);
    },
    connection: (connId) => history.connection(connId),
    connectionChanged(info) {
      changed.add(info);
      if (info.served === undefined || !serving) return;
      const no = idOf(info.id);
      if (info.closedAt !== undefined) serving.closed(no, info.closeCode, info.closeReason);
      else if (info.state === 'closing') serving.pageClosing(no);
    },
    message(message) {
      history.addMessage(message);
      if (serving && message.dir === 'send' && !message.discarded) {
        const no = idOf(message.connId);
        if (serving.serves(no)) serving.pageSent(no, message.text ?? (message.bytes ? message.bytes.slice().buffer : ''));
      }
      // Nobody watching: record only (no base64, no copies for the router).
      if (watching) fresh.push(toWireMessage(message));
    },
    ask: (message) => asks.push(message),
    result: (result) => results.push(result),
    renew: () => void (renewAsked = true),
    released: () => void (releasedByHook = true),
    lost: (count) => history.addDropped(count),
  };

  connect();

  return {
    ingest(batch) {
      if (!isHookBatch(batch)) return;
      changed = new Set();
      fresh = [];
      asks = [];
      results = [];
      renewAsked = releasedByHook = false;
      decoder.decode(batch, sink);
      const worker = batch.ctx && typeof batch.ctx.w === 'string' ? batch.ctx.w : undefined;
      for (const ask of asks) interceptor.ask({ ...ask, token: askTokens.map(worker, ask.token) });
      // The hook's lease (src/page/lease.ts): renewed only while a router connection lets the
      // panel decide; without one, what the hook holds must go on.
      if (renewAsked && router) options.toHook?.({ k: 'lease' });
      if (releasedByHook) {
        // The hook thought we were gone and let everything go: forget it here too (the panel's
        // held list empties), and hold again what the panel's rules and breakpoints ask for.
        interceptor.releaseAll();
        if (interceptConfig) options.toHook?.({ k: 'intercept', ...interceptor.configure(interceptConfig) });
      }
      if (watching && (changed.size > 0 || fresh.length > 0)) {
        postTraffic('batch', { ...meta(), connections: Array.from(changed, toWireConnection), messages: fresh, dropped: history.dropped });
      }
      const outcomes: CommandOutcome[] = [];
      for (const r of results) {
        const ref = pendingRefs.get(r.ref);
        if (ref === undefined) continue;
        pendingRefs.delete(r.ref);
        outcomes.push({ ref, ok: r.ok, ...(r.error ? { error: r.error } : {}), ...(r.failure ? { failure: r.failure } : {}) });
      }
      reply(outcomes);
    },
    handshake(event) {
      const info = history.handshake(event);
      if (info && watching) post('batch', { ...meta(), connections: [toWireConnection(info)], messages: [], dropped: history.dropped });
    },
    setLimits: (limits) => history.setLimits(limits),
    poke: connect,
    get watching() {
      return watching;
    },
  };
}
