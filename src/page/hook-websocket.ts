/**
 * Wraps `WebSocket` so that the page cannot tell:
 * - construct with `Reflect.construct(Native, args, new.target)` so subclasses keep working;
 * - patch `send`/`close` on the shared prototype, never on instances (no own properties);
 * - observe incoming traffic with native listeners added at construction: they run first and
 *   leave the page's listeners, `onmessage`, `once`, `signal`... untouched;
 * - call only natives captured at install time; never throw into page code.
 */
import { bareArray, type Natives } from './natives';
import type { Recorder } from './create-recorder';
import type { HookCommand, HookMarks } from '../protocol/hook-dialect';
import { isArrayBuffer, isBlob } from './brand-checks';
import { disguiseConstructor, uncurryGetter, wrapConstructor, type Disguise } from './disguise';
import { createLease } from './lease';
import { createServedSlot } from './served-slot';

export function hookWebSocket(win: Window & typeof globalThis, n: Natives, recorder: Recorder, disguise: Disguise): void {
  // Wrappers must be strict functions: no own `arguments`/`caller`, like the natives.
  'use strict';
  const NativeWebSocket = win.WebSocket;
  if (typeof NativeWebSocket !== 'function') return;
  const proto = NativeWebSocket.prototype;
  const nativeSend = proto.send;
  const nativeClose = proto.close;
  /** Sockets Frameline answers from a saved log, with no network behind them (src/page/served-slot.ts). */
  const served = createServedSlot(win, n, disguise, proto, nativeSend);
  // The native getters brand-check: served sockets answer through `served`.
  const nativeReadyState = uncurryGetter(n, proto, 'readyState');
  const nativeUrl = uncurryGetter(n, proto, 'url');
  const nativeProtocol = uncurryGetter(n, proto, 'protocol');
  const nativeExtensions = uncurryGetter(n, proto, 'extensions');
  const nativeBinaryType = uncurryGetter(n, proto, 'binaryType');
  const readyStateOf = (socket: unknown): number => served.readyState(socket) ?? nativeReadyState(socket);
  const urlOf = (socket: unknown): string => served.url(socket) ?? nativeUrl(socket);
  const protocolOf = (socket: unknown): string => served.protocol(socket) ?? nativeProtocol(socket);
  const extensionsOf = (socket: unknown): string => served.extensions(socket) ?? nativeExtensions(socket);
  const binaryTypeOf = (socket: unknown): string => served.binaryType(socket) ?? nativeBinaryType(socket);
  /** Sends for the page: on a served socket the record is the sending (the bridge's player reads it). */
  const sendOn = (socket: WebSocket, data: unknown): void => {
    if (served.readyState(socket) === undefined) n.apply(nativeSend, socket, [data]);
  };
  const socketIds: WeakMap<object, number> = new n.WeakMap();
  const idOf = (socket: unknown) => n.weakMapGet(socketIds, socket as object) as number | undefined;
  /**
   * Sockets by id, for commands from the panel. Weak: a socket the page dropped may be collected.
   * Kept in a plain object with no prototype (no page-reachable Map methods involved).
   */
  const socketsById: Record<number, WeakRef<WebSocket>> = Object.create(null);
  /** The event being delivered by a `deliver` command (or a decision), so the recorder can mark it. */
  let delivering: { event: Event; marks: HookMarks | undefined } | undefined;
  /**
   * Interception (rules or breakpoints active in the panel): messages are held until the bridge
   * decides. Held messages by token; decisions come back in order per socket and direction.
   */
  const intercept = { send: false, receive: false };
  let nextToken = 1;
  const held: Record<number, { socket: WebSocket; id: number; dir: 0 | 1; data: unknown }> = Object.create(null);
  let heldCount = 0;
  /**
   * While interception is on or anything is held, the bridge must keep answering; if it stops
   * (its world was destroyed), everything goes on as if the extension were not there.
   */
  const lease = createLease({
    timers: { setTimeout: (callback, ms) => n.setTimeout(callback, ms), clearTimeout: (handle) => n.clearTimeout(handle as number) },
    ask: () => recorder.renew(),
    expire: releaseEverything,
  });
  const syncLease = (): void => {
    if (intercept.send || intercept.receive || heldCount > 0) lease.start();
    else lease.stop();
  };
  function hold(socket: WebSocket, id: number, dir: 0 | 1, data: unknown): void {
    const token = nextToken++;
    held[token] = { socket, id, dir, data };
    heldCount++;
    lease.start();
    recorder.ask(token, id, dir, data);
  }

  // Shared listeners (no closure per socket): `this` is the socket.
  function onOpen(this: WebSocket): void {
    try {
      recorder.opened(idOf(this)!, protocolOf(this), extensionsOf(this));
    } catch {
      /* never throw into the page's event dispatch */
    }
  }
  function onMessage(this: WebSocket, event: Event): void {
    try {
      const injected = delivering && delivering.event === event ? delivering : undefined;
      if (intercept.receive && !injected) {
        // Hold it: no page listener sees this event; a copy is dispatched once it is let go.
        n.stopImmediatePropagation(event);
        hold(this, idOf(this)!, 1, n.messageEventData(event));
        return;
      }
      recorder.message(idOf(this)!, 1, n.messageEventData(event), false, injected?.marks);
    } catch {
      /* never throw into the page's event dispatch */
    }
  }
  function onClose(this: WebSocket, event: Event): void {
    try {
      recorder.closed(idOf(this)!, n.closeEventCode(event), n.closeEventReason(event), n.closeEventWasClean(event));
    } catch {
      /* never throw into the page's event dispatch */
    }
  }
  function onError(this: WebSocket): void {
    try {
      recorder.errored(idOf(this)!);
    } catch {
      /* never throw into the page's event dispatch */
    }
  }

  function track(socket: WebSocket, protocols: unknown): void {
    const requested = bareArray<string>(n);
    if (typeof protocols === 'string') requested[0] = protocols;
    else if (n.isArray(protocols)) {
      // Read by index: iterating again could re-run a page's custom iterator.
      const list = protocols as unknown[];
      for (let i = 0; i < list.length; i++) if (typeof list[i] === 'string') requested[requested.length] = list[i] as string;
    }
    const script = served.scriptOf(socket);
    const id = recorder.created(urlOf(socket), requested, 'WebSocket', script);
    n.weakMapSet(socketIds, socket, id);
    if (script !== undefined) {
      served.bind(socket, id);
      recorder.flush(); // the player starts on this record
    }
    socketsById[id] = new WeakRefCtor(socket);
    n.addEventListener(socket, 'open', onOpen);
    // Capture phase: at the target, Firefox runs capture listeners before the others, and this one
    // must run first (to see every message, and to hold messages before any page listener).
    n.addEventListener(socket, 'message', onMessage, true);
    n.addEventListener(socket, 'close', onClose);
    n.addEventListener(socket, 'error', onError);
  }

  const WeakRefCtor = win.WeakRef;
  /** Sockets the panel opened: nobody in the page holds them, so we do. */
  const panelSockets = bareArray<WebSocket>(n);
  const deref = n.uncurry(win.WeakRef.prototype.deref) as (ref: WeakRef<WebSocket>) => WebSocket | undefined;
  const originOf = uncurryGetter(n, win.URL.prototype, 'origin');
  const STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];

  /** Hands a message to the page's listeners as if it had just arrived (marked for the recorder). */
  function dispatchToPage(socket: WebSocket, data: unknown, marks: HookMarks | undefined): void {
    const payload = typeof data === 'string' || binaryTypeOf(socket) === 'arraybuffer' || !isArrayBuffer(n, data) ? data : new n.Blob([data as ArrayBuffer]);
    const event = new n.MessageEvent('message', { data: payload, origin: originOf(new n.URL(urlOf(socket))) });
    delivering = { event, marks };
    try {
      n.dispatchEvent(socket, event);
    } finally {
      delivering = undefined;
    }
  }

  /** Lets a held message go (possibly changed) or drops it; recorded either way (dropped: as discarded). */
  function decide(command: Extract<HookCommand, { k: 'decide' }>): void {
    const entry = held[command.token];
    if (!entry) return;
    delete held[command.token];
    heldCount--;
    syncLease();
    const data = command.data !== undefined ? command.data : entry.data;
    if (!command.forward) {
      recorder.message(entry.id, entry.dir, data, true, command.marks);
      return;
    }
    if (entry.dir === 0) {
      try {
        sendOn(entry.socket, data);
      } catch {
        /* the socket closed meanwhile: recorded as discarded below */
      }
      recorder.message(entry.id, 0, data, readyStateOf(entry.socket) !== 1, command.marks);
      if (served.readyState(entry.socket) !== undefined) recorder.flush();
    } else dispatchToPage(entry.socket, data, command.marks);
  }

  /**
   * The lease expired (the bridge is gone): every held message goes on, in the order it was held,
   * as if forwarded unchanged, and interception ends. Holding stays on while they go, so that a
   * message the page sends from a listener of a released one waits behind what it sent before.
   */
  function releaseEverything(): void {
    try {
      for (;;) {
        let token = 0;
        // A prototype-less object's integer keys come in ascending order: the oldest first.
        for (const key in held) {
          token = +key;
          break;
        }
        if (token === 0) break;
        try {
          decide({ k: 'decide', token, forward: true });
        } catch {
          /* that one is lost (decide forgot it first); the others still go */
        }
      }
      intercept.send = false;
      intercept.receive = false;
      syncLease();
      recorder.released();
    } catch {
      /* never throw into the page (this runs on a timer of the page's) */
    }
  }

  /** Commands from the panel: send on a page socket, or deliver a message to the page. */
  function onCommand(command: HookCommand): void {
    // Anything the bridge says renews the lease; `lease` says nothing else.
    lease.renewed();
    if (command.k === 'lease') return;
    if (command.k === 'intercept') {
      intercept.send = command.send === true;
      intercept.receive = command.receive === true;
      syncLease();
      return;
    }
    if (command.k === 'decide') return decide(command);
    if (served.command(command)) return;
    if (command.k === 'open') {
      try {
        // Through the wrapper, so it is captured like the page's own; kept alive by us.
        panelSockets[panelSockets.length] = new WebSocketWrapper(String(command.url), command.protocols);
        recorder.result(command.ref, true);
      } catch (error) {
        recorder.result(command.ref, false, String((error as Error)?.message ?? error));
      }
      return;
    }
    if (command.k !== 'send' && command.k !== 'deliver') return;
    const ref = socketsById[command.id];
    const socket = ref && deref(ref);
    if (!socket) return recorder.result(command.ref, false, 'The socket is gone (the page closed and dropped it).', { code: 'socketGone' });
    const state = readyStateOf(socket);
    if (state !== 1) {
      const failure = { code: 'socketNotOpen', state: state === 0 ? 'connecting' : state === 2 ? 'closing' : 'closed', action: command.k } as const;
      return recorder.result(command.ref, false, `The socket is ${STATES[state]}: nothing was ${command.k === 'send' ? 'sent' : 'delivered'}.`, failure);
    }
    try {
      if (command.k === 'send') {
        sendOn(socket, command.data);
        recorder.message(command.id, 0, command.data, false, command.marks);
        if (served.readyState(socket) !== undefined) recorder.flush();
      } else dispatchToPage(socket, command.data, command.marks);
      recorder.result(command.ref, true);
    } catch (error) {
      recorder.result(command.ref, false, String(error));
    }
  }
  recorder.onCommand(onCommand);

  const WebSocketWrapper = wrapConstructor<WebSocket>(
    n,
    NativeWebSocket,
    (socket, args) => track(socket, args[1]),
    (args, newTarget) => served.construct(args, newTarget) as WebSocket | undefined,
  ) as unknown as typeof WebSocket;

  const methods = {
    send(this: WebSocket, data: unknown): void {
      if (intercept.send) {
        const id = idOf(this);
        // Only an open socket of ours is held; otherwise the native send throws or discards as usual.
        if (id !== undefined && readyStateOf(this) === 1 && arguments.length > 0) {
          // Non-binary arguments go out as their string, as the native send converts them.
          const payload = typeof data === 'string' || n.isView(data) || isArrayBuffer(n, data) || isBlob(n, data) ? data : String(data);
          hold(this, id, 0, payload);
          return;
        }
      }
      if (served.readyState(this) !== undefined) {
        // A served socket: the same checks and errors as the native, and the record is the sending.
        const outcome = served.send(this, arguments);
        try {
          recorder.message(idOf(this)!, 0, outcome.data, outcome.discarded);
          recorder.flush(); // the player answers this record
        } catch {
          /* capture must never break the page */
        }
        return;
      }
      n.apply(nativeSend, this, arguments); // throws exactly as native (e.g. InvalidStateError)
      try {
        const id = idOf(this);
        if (id !== undefined) recorder.message(id, 0, data, readyStateOf(this) !== 1);
      } catch {
        /* capture must never break the page */
      }
    },
    close(this: WebSocket): void {
      // Read the state quietly: on a non-socket the native `close` must be what throws.
      let before = 3;
      try {
        before = readyStateOf(this);
      } catch {
        /* not a socket */
      }
      const isServed = served.readyState(this) !== undefined;
      if (isServed) served.close(this, arguments);
      else n.apply(nativeClose, this, arguments);
      try {
        const id = idOf(this);
        if (id !== undefined && before < 2) recorder.closing(id);
        if (isServed) recorder.flush();
      } catch {
        /* capture must never break the page */
      }
    },
  };

  disguiseConstructor(n, disguise, WebSocketWrapper, NativeWebSocket);
  disguise(methods.send, nativeSend);
  disguise(methods.close, nativeClose);
  // After length, name and prototype, as on the native constructor.
  for (const name of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'] as const) {
    n.defineProperty(WebSocketWrapper, name, n.getOwnPropertyDescriptor(NativeWebSocket, name)!);
  }
  n.defineProperty(proto, 'send', { value: methods.send });
  n.defineProperty(proto, 'close', { value: methods.close });
  n.defineProperty(win, 'WebSocket', { value: WebSocketWrapper });
}
