/**
 * Served sockets ("Serve from log", issue 17): when the page constructs `WebSocket(url)` and the
 * document's serve marker (src/protocol/serve.ts, written by the bridge) has a pattern matching
 * the resolved URL, the page gets an object that behaves as a WebSocket with a real server, with
 * no native socket and no network behind it. The bridge's player plays the server through the
 * `serveOpen` / `serveMessage` / `serveClose` / `serveFail` commands.
 *
 * The object is a real EventTarget constructed with the WebSocket prototype (or the subclass's,
 * through `new.target`), so `instanceof`, listeners, `dispatchEvent` and subclass fields work as
 * usual. The native WebSocket accessors brand-check their receiver, so in a document that serves
 * (and only there, at the first served construction) they are replaced by look-alikes that answer
 * for served sockets and call the native getter for every other receiver.
 *
 * Errors the native throws from state and argument checks (InvalidStateError, InvalidAccessError,
 * SyntaxError) are made with the wording of the browser the hook runs in. URL and protocol errors
 * stay native: a construction that would throw is handed to the native constructor.
 */
import { SERVE_MARKER_KEY, servePatternMatches } from '../protocol/serve';
import type { HookCommand } from '../protocol/hook-dialect';
import type { AnyFn, Natives } from './natives';
import type { Disguise } from './disguise';
import type { ServedNatives } from './served-slot';
import { isArrayBuffer, isBlob } from './brand-checks';

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;
/** A served socket that hears nothing from the bridge this long fails as a connection would time out. */
const OPEN_TIMEOUT_MS = 10_000;

interface Served {
  /** The ServeScript's id. */
  script: string;
  /** The hook's socket number, once the recorder gave one. */
  no: number;
  url: string;
  readyState: number;
  protocol: string;
  extensions: string;
  binaryType: string;
  buffered: number;
  /** `on<type>` handler attribute values, and the listener each one registered. */
  handlers: Record<string, unknown>;
  stubs: Record<string, AnyFn>;
  timer: number;
}

export interface ServedSockets {
  /** A served socket for this construction, or undefined (the native constructor then runs). */
  construct(args: IArguments, newTarget: unknown): object | undefined;
  /** The serving's id when `socket` is served; undefined for every other value. */
  scriptOf(socket: unknown): string | undefined;
  /** Tells the served socket its number in the hook (commands name sockets by it). */
  bind(socket: object, no: number): void;
  /** undefined for sockets that are not served. */
  readyState(socket: unknown): number | undefined;
  url(socket: unknown): string | undefined;
  protocol(socket: unknown): string | undefined;
  extensions(socket: unknown): string | undefined;
  binaryType(socket: unknown): string | undefined;
  /**
   * `send()` on a served socket, with native checks and errors. Returns the payload as the native
   * would have converted it, and whether it went nowhere (socket closing or closed).
   */
  send(socket: object, args: IArguments): { data: unknown; discarded: boolean };
  /** `close()` on a served socket, with native checks and errors. */
  close(socket: object, args: IArguments): void;
  /** Handles the serve commands; false for any other command. */
  command(command: HookCommand): boolean;
}

type Reader = (socket: unknown) => unknown;

/**
 * Made by the served script (extension/page/served.iife.ts) when the hook's slot asks
 * (src/page/served-slot.ts); `natives` and `n` were taken by the hook at install time.
 */
export function createServedSockets(natives: ServedNatives, n: Natives, disguise: Disguise, proto: object, nativeSend: AnyFn): ServedSockets {
  'use strict';
  const states: WeakMap<object, Served> = new n.WeakMap();
  /** Until a socket is served, every question about one is answered without a lookup. */
  let anyServed = false;
  const stateOf = (socket: unknown): Served | undefined =>
    anyServed && socket !== null && typeof socket === 'object' ? (n.weakMapGet(states, socket) as Served | undefined) : undefined;
  /** Served sockets still connected, by number: the bridge's commands reach them, and they stay alive as real ones do. */
  const live: Record<number, object> = Object.create(null);
  /** Marker entries already used in this document (entries with a repeated pattern serve in turn). */
  const used: Record<number, true> = Object.create(null);
  const hrefOf = natives.urlHref;
  const schemeOf = natives.urlProtocol;
  const originOf = natives.urlOrigin;
  let accessorsInstalled = false;
  /**
   * "On a later task", without timers: background tabs clamp timers to once a second (Firefox
   * at once, Chromium for chained ones), while a network socket's events are not delayed. A private
   * channel's messages are not throttled. Made at the first served socket.
   */
  let later: { port: MessagePort; queue: (() => void)[] } | undefined;
  const portPost = n.portPostMessage;
  function soon(task: () => void): void {
    if (!later) {
      const channel = new n.MessageChannel();
      const queue: (() => void)[] = [];
      n.setPrototypeOf(queue, null);
      later = { port: channel.port2, queue };
      n.addEventListener(channel.port1, 'message', () => {
        const run = queue[0];
        for (let i = 1; i < queue.length; i++) queue[i - 1] = queue[i];
        queue.length = queue.length - 1;
        try {
          run?.();
        } catch {
          /* never throw into the page */
        }
      });
      n.portStart(channel.port1);
    }
    later.queue[later.queue.length] = task;
    portPost(later.port, null);
  }
  const ACCESSORS = n.arrayFrom(['url', 'readyState', 'bufferedAmount', 'onopen', 'onerror', 'onclose', 'extensions', 'protocol', 'onmessage', 'binaryType']);
  const TypeErrorCtor = natives.TypeError;
  let chromiumWording: boolean | undefined;

  // ------------------------------------------------------------------ the marker and the URL

  /** The marker's text, or null (no marker, or no storage in this document: opaque origin, sandbox). */
  function markerText(): string | null {
    try {
      return n.sessionItem(SERVE_MARKER_KEY);
    } catch {
      return null;
    }
  }

  function entryFor(text: string, url: string): string | undefined {
    const marker = n.jsonParse(text) as { page?: unknown; patterns?: unknown; ids?: unknown } | null;
    if (!marker || typeof marker !== 'object' || marker.page !== n.locationHref()) return undefined;
    const patterns = marker.patterns;
    const ids = marker.ids;
    if (!n.isArray(patterns) || !n.isArray(ids)) return undefined;
    const list = patterns as unknown[];
    for (let i = 0; i < list.length; i++) {
      const pattern = list[i];
      if (typeof pattern !== 'string' || typeof (ids as unknown[])[i] !== 'string' || !servePatternMatches(pattern, url)) continue;
      if (used[i]) {
        let later = false;
        for (let j = i + 1; j < list.length && !later; j++) later = list[j] === pattern;
        if (later) continue;
      }
      used[i] = true;
      return (ids as string[])[i];
    }
    return undefined;
  }

  /** The URL as the native constructor resolves it, or undefined where the native would throw. */
  function resolve(raw: unknown): string | undefined {
    if (typeof raw !== 'string') return undefined; // objects' conversion is left to the native
    let parsed: URL;
    try {
      parsed = new n.URL(raw, n.baseURI());
    } catch {
      return undefined;
    }
    let href = hrefOf(parsed) as string;
    for (let i = 0; i < href.length; i++) if (href[i] === '#') return undefined; // fragments throw
    const scheme = schemeOf(parsed) as string;
    if (scheme === 'http:') href = 'ws' + n.stringSlice(href, 4, href.length);
    else if (scheme === 'https:') href = 'wss' + n.stringSlice(href, 5, href.length);
    else if (scheme !== 'ws:' && scheme !== 'wss:') return undefined;
    return href;
  }

  /** Requested protocols valid as the native checks them (tokens, no duplicates), or false. */
  function protocolsValid(value: unknown): boolean {
    if (value === undefined) return true;
    if (typeof value === 'string') return isToken(value);
    if (!n.isArray(value)) return false; // other iterables: the native converts them
    const list = value as unknown[];
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      if (typeof item !== 'string' || !isToken(item)) return false;
      for (let j = 0; j < i; j++) if (list[j] === item) return false;
    }
    return true;
  }

  function isToken(text: string): boolean {
    if (text.length === 0) return false;
    for (let i = 0; i < text.length; i++) {
      const c = n.charCodeAt(text, i);
      if (c < 0x21 || c > 0x7e) return false;
      const ch = text[i];
      if (ch === '(' || ch === ')' || ch === '<' || ch === '>' || ch === '@' || ch === ',' || ch === ';' || ch === ':' || ch === '\\') return false;
      if (ch === '"' || ch === '/' || ch === '[' || ch === ']' || ch === '?' || ch === '=' || ch === '{' || ch === '}') return false;
    }
    return true;
  }

  // ------------------------------------------------------------------ errors as the browser words them

  function chromium(): boolean {
    if (chromiumWording === undefined) {
      try {
        n.apply(nativeSend, {}, ['']);
        chromiumWording = false;
      } catch (error) {
        chromiumWording = (error as Error).message === 'Illegal invocation';
      }
    }
    return chromiumWording;
  }
  const domError = (message: string, name: string): DOMException => new n.DOMException(message, name);
  const notYetOpen = () =>
    domError(chromium() ? "Failed to execute 'send' on 'WebSocket': Still in CONNECTING state." : 'An attempt was made to use an object that is not, or is no longer, usable', 'InvalidStateError');
  const badCode = (code: number) =>
    domError(
      chromium() ? `Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. ${code} is neither.` : 'A parameter or an operation is not supported by the underlying object',
      'InvalidAccessError',
    );
  const longReason = () =>
    domError(chromium() ? "Failed to execute 'close' on 'WebSocket': The close reason must not be greater than 123 UTF-8 bytes." : 'An invalid or illegal string was specified', 'SyntaxError');

  // ------------------------------------------------------------------ events

  function fire(socket: object, event: Event): void {
    n.dispatchEvent(socket as EventTarget, event);
  }

  function finish(socket: object, state: Served, code: number, reason: string, wasClean: boolean, error: boolean): void {
    if (state.readyState === CLOSED) return;
    state.readyState = CLOSED;
    if (state.timer) n.clearTimeout(state.timer);
    state.timer = 0;
    delete live[state.no];
    if (error) fire(socket, new n.Event('error'));
    fire(socket, new n.CloseEvent('close', { code, reason, wasClean }));
  }

  function deliver(socket: object, state: Served, data: string | ArrayBuffer): void {
    const payload = typeof data === 'string' || state.binaryType === 'arraybuffer' ? data : new n.Blob([data]);
    fire(socket, new n.MessageEvent('message', { data: payload, origin: originOf(new n.URL(state.url)) as string }));
  }

  // ------------------------------------------------------------------ the accessors

  /** Handler attributes: the first non-null value adds a listener, null removes it (HTML's event handler semantics). */
  function setHandler(socket: object, state: Served, type: string, value: unknown): void {
    const handler = value !== null && (typeof value === 'object' || typeof value === 'function') ? value : null;
    const had = state.handlers[type] !== null && state.handlers[type] !== undefined;
    state.handlers[type] = handler;
    if (handler === null && had) {
      n.removeEventListener(socket as EventTarget, type, state.stubs[type]);
    } else if (handler !== null && !had) {
      let stub = state.stubs[type];
      if (!stub) {
        stub = function (this: unknown, event: Event): unknown {
          const current = state.handlers[type];
          return typeof current === 'function' ? n.apply(current as AnyFn, this, [event]) : undefined;
        };
        state.stubs[type] = stub;
      }
      n.addEventListener(socket as EventTarget, type, stub, false);
    }
  }

  function installAccessors(): void {
    if (accessorsInstalled) return;
    accessorsInstalled = true;
    const native = (name: string) => n.getOwnPropertyDescriptor(proto, name)!;
    const read = (name: string, served: (state: Served) => unknown): Reader => {
      const get = native(name).get!;
      return (self) => {
        const state = stateOf(self);
        return state ? served(state) : n.apply(get, self, []);
      };
    };
    // (No array or iterator use here: this runs after page scripts, which may have replaced them.)
    const handler = (type: string): { get: Reader; set: (this: unknown, value: unknown) => void } => {
      const descriptor = native(`on${type}`);
      const get = descriptor.get!;
      const set = descriptor.set!;
      return {
        get(this: unknown) {
          const state = stateOf(this);
          return state ? (state.handlers[type] ?? null) : n.apply(get, this, []);
        },
        set(this: unknown, value: unknown) {
          const state = stateOf(this);
          if (state) setHandler(this as object, state, type, value);
          else n.apply(set, this, [value]);
        },
      };
    };
    const url = read('url', (s) => s.url);
    const readyState = read('readyState', (s) => s.readyState);
    const bufferedAmount = read('bufferedAmount', (s) => s.buffered);
    const extensions = read('extensions', (s) => s.extensions);
    const protocol = read('protocol', (s) => s.protocol);
    const binaryType = read('binaryType', (s) => s.binaryType);
    const setBinaryType = native('binaryType').set!;
    const onOpen = handler('open');
    const onError = handler('error');
    const onClose = handler('close');
    const onMessage = handler('message');
    // Accessors defined in a literal carry the native names ("get url", "set onopen") and lengths.
    const look = {
      get url() {
        return url(this);
      },
      get readyState() {
        return readyState(this);
      },
      get bufferedAmount() {
        return bufferedAmount(this);
      },
      get onopen() {
        return n.apply(onOpen.get, this, []);
      },
      set onopen(value) {
        n.apply(onOpen.set, this, [value]);
      },
      get onerror() {
        return n.apply(onError.get, this, []);
      },
      set onerror(value) {
        n.apply(onError.set, this, [value]);
      },
      get onclose() {
        return n.apply(onClose.get, this, []);
      },
      set onclose(value) {
        n.apply(onClose.set, this, [value]);
      },
      get extensions() {
        return extensions(this);
      },
      get protocol() {
        return protocol(this);
      },
      get onmessage() {
        return n.apply(onMessage.get, this, []);
      },
      set onmessage(value) {
        n.apply(onMessage.set, this, [value]);
      },
      get binaryType() {
        return binaryType(this);
      },
      set binaryType(value) {
        const state = stateOf(this);
        if (!state) {
          n.apply(setBinaryType, this, [value]);
          return;
        }
        // An enumeration attribute ignores values outside the enumeration.
        const text = `${value}`;
        if (text === 'blob' || text === 'arraybuffer') state.binaryType = text;
      },
    };
    for (let i = 0; i < ACCESSORS.length; i++) {
      const name = ACCESSORS[i];
      const original = native(name);
      const mine = n.getOwnPropertyDescriptor(look, name)!;
      disguise(mine.get, original.get);
      if (original.set && mine.set) disguise(mine.set, original.set);
      n.defineProperty(proto, name, { get: mine.get, set: original.set ? mine.set : undefined, enumerable: original.enumerable, configurable: original.configurable });
    }
  }

  // ------------------------------------------------------------------ conversions

  function utf8Length(text: string): number {
    let bytes = 0;
    for (let i = 0; i < text.length; i++) {
      const c = n.charCodeAt(text, i);
      if (c < 0x80) bytes += 1;
      else if (c < 0x800) bytes += 2;
      else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length && n.charCodeAt(text, i + 1) >= 0xdc00 && n.charCodeAt(text, i + 1) < 0xe000) {
        bytes += 4;
        i++;
      } else bytes += 3; // lone surrogates become U+FFFD (3 bytes) in a USVString
    }
    return bytes;
  }

  /** WebIDL [Clamp] unsigned short. */
  function clampCode(value: unknown): number {
    let x = +(value as number);
    if (x !== x) return 0;
    if (x <= 0) return 0;
    if (x >= 65535) return 65535;
    const floor = x - (x % 1);
    const rest = x - floor;
    x = rest > 0.5 || (rest === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
    return x;
  }

  function byteSize(data: unknown): number {
    if (typeof data === 'string') return utf8Length(data);
    if (isArrayBuffer(n, data)) return n.arrayBufferByteLength(data);
    if (n.isView(data)) {
      try {
        return n.typedArrayByteLength(data);
      } catch {
        return n.dataViewByteLength(data);
      }
    }
    if (isBlob(n, data)) return n.blobSize(data);
    return 0;
  }

  // ------------------------------------------------------------------ the socket's life

  return {
    construct(args, newTarget) {
      let script: string | undefined;
      let url: string | undefined;
      try {
        if (args.length === 0) return undefined;
        const text = markerText();
        if (text === null) return undefined;
        url = resolve(args[0]);
        if (url === undefined || !protocolsValid(args[1])) return undefined;
        script = entryFor(text, url);
      } catch {
        return undefined; // anything unexpected: the network, as without Frameline
      }
      if (script === undefined) return undefined;
      installAccessors();
      anyServed = true;
      const socket = n.construct(n.EventTarget, [], newTarget as AnyFn) as object;
      const state: Served = {
        script,
        no: 0,
        url,
        readyState: CONNECTING,
        protocol: '',
        extensions: '',
        binaryType: 'blob',
        buffered: 0,
        handlers: Object.create(null) as Record<string, unknown>,
        stubs: Object.create(null) as Record<string, AnyFn>,
        timer: 0,
      };
      n.weakMapSet(states, socket, state);
      state.timer = n.setTimeout(() => {
        // Nobody played the server (the extension went away): fail as an unanswered connection.
        state.timer = 0;
        if (state.readyState === CONNECTING) finish(socket, state, 1006, '', false, true);
      }, OPEN_TIMEOUT_MS);
      return socket;
    },
    scriptOf: (socket) => stateOf(socket)?.script,
    bind(socket, no) {
      const state = stateOf(socket);
      if (!state) return;
      state.no = no;
      if (state.readyState < CLOSED) live[no] = socket;
    },
    readyState: (socket) => stateOf(socket)?.readyState,
    url: (socket) => stateOf(socket)?.url,
    protocol: (socket) => stateOf(socket)?.protocol,
    extensions: (socket) => stateOf(socket)?.extensions,
    binaryType: (socket) => stateOf(socket)?.binaryType,
    send(socket, args) {
      const state = stateOf(socket)!;
      if (args.length === 0) {
        throw new TypeErrorCtor(chromium() ? "Failed to execute 'send' on 'WebSocket': 1 argument required, but only 0 present." : 'WebSocket.send: At least 1 argument required, but only 0 passed');
      }
      const raw = args[0];
      const data = typeof raw === 'string' || n.isView(raw) || isArrayBuffer(n, raw) || isBlob(n, raw) ? raw : `${raw}`;
      if (state.readyState === CONNECTING) throw notYetOpen();
      if (state.readyState === OPEN) return { data, discarded: false };
      // Closing or closed: the data goes nowhere, but counts as buffered (as the native does).
      state.buffered += byteSize(data);
      return { data, discarded: true };
    },
    close(socket, args) {
      const state = stateOf(socket)!;
      const hasCode = args.length > 0 && args[0] !== undefined;
      const code = hasCode ? clampCode(args[0]) : 0;
      if (hasCode && code !== 1000 && (code < 3000 || code > 4999)) throw badCode(code);
      const reason = args.length > 1 && args[1] !== undefined ? `${args[1]}` : '';
      if (utf8Length(reason) > 123) throw longReason();
      if (state.readyState >= CLOSING) return;
      const wasOpen = state.readyState === OPEN;
      state.readyState = CLOSING;
      // The server's answer comes on a later task, as over a network: a clean echo of the close
      // when open; while connecting, the connection fails (error, then close 1006).
      soon(() => {
        if (wasOpen) finish(socket, state, hasCode ? code : 1005, reason, true, false);
        else finish(socket, state, 1006, '', false, true);
      });
    },
    command(command) {
      if (command.k !== 'serveOpen' && command.k !== 'serveMessage' && command.k !== 'serveClose' && command.k !== 'serveFail') return false;
      const socket = live[command.id];
      const state = socket && stateOf(socket);
      if (!socket || !state) return true;
      if (command.k === 'serveOpen') {
        if (state.readyState !== CONNECTING) return true;
        if (state.timer) n.clearTimeout(state.timer);
        state.timer = 0;
        state.readyState = OPEN;
        state.protocol = typeof command.protocol === 'string' ? command.protocol : '';
        state.extensions = typeof command.extensions === 'string' ? command.extensions : '';
        fire(socket, new n.Event('open'));
      } else if (command.k === 'serveMessage') {
        // A real socket still gets what the server sent before it answered a close.
        if (state.readyState === OPEN || state.readyState === CLOSING) deliver(socket, state, command.data);
      } else if (command.k === 'serveClose') {
        if (state.readyState === CONNECTING) finish(socket, state, 1006, '', false, true);
        else finish(socket, state, command.code, typeof command.reason === 'string' ? command.reason : '', command.wasClean === true, command.code === 1006);
      } else finish(socket, state, 1006, '', false, true);
      return true;
    },
  };
}
