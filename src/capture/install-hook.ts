/**
 * The capture hook: wraps `window.WebSocket` so that the page cannot tell, and records every
 * connection event and message into batches posted to the bridge over a private MessageChannel.
 *
 * Rules this file lives by (see ../shared/docs/websocket-hooking.md):
 * - construct with `Reflect.construct(Native, args, new.target)` so subclasses keep working;
 * - patch `send`/`close` on the shared prototype, never on instances (no own properties);
 * - observe incoming traffic with one native listener added at construction (it runs first and
 *   leaves the page's listeners, `onmessage`, `once`, `signal`, ... untouched);
 * - call only natives captured at install time; never throw into page code.
 */
import { PROTOCOL_VERSION } from '../protocol/version';
import { bareArray, captureNatives, type Natives } from './natives';
import { HOOK_HANDSHAKE_TAG, type HookMessage, type HookRecord } from './hook-records';

export interface HookOptions {
  /** Payloads above this many bytes are kept as a prefix with a truncation mark. */
  maxMessageBytes: number;
  /** How long records wait to be batched before they are posted. */
  flushIntervalMs: number;
}

export const DEFAULT_HOOK_OPTIONS: HookOptions = {
  maxMessageBytes: 4 * 1024 * 1024,
  flushIntervalMs: 16,
};

/** Commands the bridge may send down the channel. */
export interface HookConfigCommand {
  k: 'config';
  maxMessageBytes: number;
}

export function installHook(win: Window & typeof globalThis, initial?: HookOptions): void {
  // Strict functions have no own `arguments`/`caller`, like the native constructor (the IIFE
  // bundle is not strict by itself).
  'use strict';
  const NativeWebSocket = win.WebSocket;
  if (typeof NativeWebSocket !== 'function') return;
  const n: Natives = captureNatives(win);
  const options: HookOptions = { ...DEFAULT_HOOK_OPTIONS, ...initial };
  const proto = NativeWebSocket.prototype;
  const nativeSend = proto.send;
  const nativeClose = proto.close;
  const readyStateOf = uncurryGetter(n, proto, 'readyState');
  const urlOf = uncurryGetter(n, proto, 'url');
  const protocolOf = uncurryGetter(n, proto, 'protocol');
  const extensionsOf = uncurryGetter(n, proto, 'extensions');

  const socketIds: WeakMap<object, number> = new n.WeakMap();
  /** Wrapper functions -> the natives they stand for, for the `toString` disguise. */
  const disguises: WeakMap<object, unknown> = new n.WeakMap();
  let nextSocketId = 1;
  let nextSeq = 1;
  let queue: HookRecord[] = bareArray(n);
  let flushScheduled = false;

  // ---- channel to the bridge -------------------------------------------------------------
  const channel = new n.MessageChannel();
  const port = channel.port1;
  n.addEventListener(port, 'message', onCommand);
  n.portStart(port);
  // Install time: no page script has run yet, so a plain array literal is safe here.
  n.windowPostMessage({ [HOOK_HANDSHAKE_TAG]: PROTOCOL_VERSION }, '*', [channel.port2]);
  // Flush what is queued before the document goes away (navigation, iframe removal).
  n.addEventListener(win, 'pagehide', flushNow, true);

  function onCommand(event: Event): void {
    try {
      const command = n.messageEventData(event) as HookConfigCommand | null;
      if (command && command.k === 'config' && typeof command.maxMessageBytes === 'number') {
        options.maxMessageBytes = command.maxMessageBytes;
      }
    } catch {
      /* a malformed command is ignored */
    }
  }

  function enqueue(record: HookRecord): void {
    queue[queue.length] = record;
    if (!flushScheduled) {
      flushScheduled = true;
      n.setTimeout(flushNow, options.flushIntervalMs);
    }
  }

  /** Posts the longest prefix of the queue whose payloads are known (Blob reads are async). */
  function flushNow(): void {
    flushScheduled = false;
    const length = queue.length;
    let ready = 0;
    while (ready < length && !isPending(queue[ready])) ready++;
    if (ready > 0) {
      const records = bareArray<HookRecord>(n);
      const transfer = bareArray<Transferable>(n);
      for (let i = 0; i < ready; i++) {
        const record = queue[i];
        records[i] = record;
        if (record.k === 'msg' && typeof record.data !== 'string') transfer[transfer.length] = record.data;
      }
      const rest = bareArray<HookRecord>(n);
      for (let i = ready; i < length; i++) rest[rest.length] = queue[i];
      queue = rest;
      try {
        n.portPostMessage(port, { v: PROTOCOL_VERSION, records }, n.arrayIterationIntact() ? n.arrayFrom(transfer) : undefined);
      } catch {
        /* the port can only fail if the document is being torn down */
      }
    }
    // Anything left waits for a Blob read, which calls flushNow again when it settles.
  }

  function isPending(record: HookRecord): boolean {
    return record.k === 'msg' && record.data === null;
  }

  // ---- recording ---------------------------------------------------------------------------
  function recordMessage(id: number, dir: 0 | 1, data: unknown, discarded: boolean): void {
    const max = options.maxMessageBytes;
    const record: HookMessage = {
      k: 'msg',
      id,
      seq: nextSeq++,
      dir,
      time: n.now(),
      data: null as unknown as string,
      size: -1,
      truncated: false,
      discarded,
    };
    if (typeof data === 'string') {
      // Only a string that might exceed the limit is measured here; the bridge measures the rest.
      if (data.length * 3 > max) {
        const size = utf8Length(data);
        if (size > max) {
          record.size = size;
          record.truncated = true;
          record.data = n.stringSlice(data, 0, utf8PrefixChars(data, max));
        } else record.data = data;
      } else record.data = data;
    } else {
      const bytes = copyBinary(data, max, record);
      if (bytes === undefined) {
        // A Blob: read it asynchronously, but keep its place in the queue.
        const blob = data as Blob;
        const size = n.blobSize(blob);
        record.size = size;
        record.truncated = size > max;
        const part = record.truncated ? n.blobSlice(blob, 0, max) : blob;
        n.promiseThen(
          n.blobArrayBuffer(part),
          (buffer) => {
            record.data = buffer;
            flushNow();
          },
          () => {
            record.data = new ArrayBuffer(0);
            record.truncated = true;
            flushNow();
          },
        );
      } else record.data = bytes;
    }
    enqueue(record);
  }

  /** Copies the bytes of an ArrayBuffer or view (or returns undefined for a Blob). */
  function copyBinary(data: unknown, max: number, record: HookMessage): ArrayBuffer | undefined {
    let buffer: ArrayBuffer;
    let offset = 0;
    let length: number;
    if (n.isView(data)) {
      try {
        buffer = n.typedArrayBuffer(data);
        offset = n.typedArrayByteOffset(data);
        length = n.typedArrayByteLength(data);
      } catch {
        buffer = n.dataViewBuffer(data);
        offset = n.dataViewByteOffset(data);
        length = n.dataViewByteLength(data);
      }
    } else {
      try {
        length = n.arrayBufferByteLength(data);
        buffer = data as ArrayBuffer;
      } catch {
        return undefined;
      }
    }
    record.size = length;
    record.truncated = length > max;
    return n.arrayBufferSlice(buffer, offset, offset + (record.truncated ? max : length));
  }

  function utf8Length(text: string): number {
    let bytes = 0;
    for (let i = 0; i < text.length; i++) {
      const c = n.charCodeAt(text, i);
      if (c < 0x80) bytes += 1;
      else if (c < 0x800) bytes += 2;
      else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
        bytes += 4;
        i++;
      } else bytes += 3;
    }
    return bytes;
  }

  /** Number of UTF-16 units whose UTF-8 encoding fits in `max` bytes. */
  function utf8PrefixChars(text: string, max: number): number {
    let bytes = 0;
    let i = 0;
    while (i < text.length) {
      const c = n.charCodeAt(text, i);
      const pair = c >= 0xd800 && c < 0xdc00 && i + 1 < text.length;
      const width = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
      if (bytes + width > max) break;
      bytes += width;
      i += pair ? 2 : 1;
    }
    return i;
  }

  // Shared listeners (no closure per socket): `this` is the socket.
  function onOpen(this: WebSocket): void {
    try {
      const id = n.weakMapGet(socketIds, this) as number;
      enqueue({ k: 'open', id, time: n.now(), protocol: protocolOf(this), extensions: extensionsOf(this) });
    } catch {
      /* never throw into the page's event dispatch */
    }
  }
  function onMessage(this: WebSocket, event: Event): void {
    try {
      recordMessage(n.weakMapGet(socketIds, this) as number, 1, n.messageEventData(event), false);
    } catch {
      /* never throw into the page's event dispatch */
    }
  }
  function onClose(this: WebSocket, event: Event): void {
    try {
      enqueue({
        k: 'close',
        id: n.weakMapGet(socketIds, this) as number,
        time: n.now(),
        code: n.closeEventCode(event),
        reason: n.closeEventReason(event),
        wasClean: n.closeEventWasClean(event),
      });
    } catch {
      /* never throw into the page's event dispatch */
    }
  }
  function onError(this: WebSocket): void {
    try {
      enqueue({ k: 'error', id: n.weakMapGet(socketIds, this) as number, time: n.now() });
    } catch {
      /* never throw into the page's event dispatch */
    }
  }

  function track(socket: WebSocket, protocols: unknown): void {
    const id = nextSocketId++;
    n.weakMapSet(socketIds, socket, id);
    const requested = bareArray<string>(n);
    if (typeof protocols === 'string') requested[0] = protocols;
    else if (n.isArray(protocols)) {
      // Read by index: iterating again could re-run a page's custom iterator.
      const list = protocols as unknown[];
      for (let i = 0; i < list.length; i++) if (typeof list[i] === 'string') requested[requested.length] = list[i] as string;
    }
    enqueue({ k: 'create', id, url: urlOf(socket), protocols: requested, time: n.now(), stack: n.errorStack(), api: 'WebSocket' });
    n.addEventListener(socket, 'open', onOpen);
    n.addEventListener(socket, 'message', onMessage);
    n.addEventListener(socket, 'close', onClose);
    n.addEventListener(socket, 'error', onError);
  }

  // ---- the disguised constructor and prototype methods -------------------------------------
  const WebSocketWrapper = function WebSocket(this: unknown, url: string | URL, protocols?: string | string[]) {
    // Called without `new`: let the native throw its own TypeError.
    if (new.target === undefined) return n.apply(NativeWebSocket, this, arguments);
    const socket = n.construct(NativeWebSocket, arguments, new.target) as WebSocket;
    try {
      track(socket, protocols);
    } catch {
      /* capture must never break the page */
    }
    return socket;
  } as unknown as typeof WebSocket;

  const methods = {
    send(this: WebSocket, data: unknown): void {
      n.apply(nativeSend, this, arguments);
      try {
        const id = n.weakMapGet(socketIds, this) as number | undefined;
        if (id !== undefined) recordMessage(id, 0, data, readyStateOf(this) !== 1);
      } catch {
        /* capture must never break the page */
      }
    },
    close(this: WebSocket): void {
      const before = readyStateOf(this);
      n.apply(nativeClose, this, arguments);
      try {
        const id = n.weakMapGet(socketIds, this) as number | undefined;
        if (id !== undefined && before < 2) enqueue({ k: 'closing', id, time: n.now() });
      } catch {
        /* capture must never break the page */
      }
    },
  };

  disguise(WebSocketWrapper, NativeWebSocket);
  disguise(methods.send, nativeSend);
  disguise(methods.close, nativeClose);
  n.defineProperty(WebSocketWrapper, 'length', { value: NativeWebSocket.length });
  n.defineProperty(WebSocketWrapper, 'prototype', { value: proto, writable: false });
  for (const name of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'] as const) {
    n.defineProperty(WebSocketWrapper, name, n.getOwnPropertyDescriptor(NativeWebSocket, name)!);
  }
  n.setPrototypeOf(WebSocketWrapper, n.getPrototypeOf(NativeWebSocket));
  n.defineProperty(proto, 'constructor', { value: WebSocketWrapper });
  n.defineProperty(proto, 'send', { value: methods.send });
  n.defineProperty(proto, 'close', { value: methods.close });
  n.defineProperty(win, 'WebSocket', { value: WebSocketWrapper });

  // `Function.prototype.toString` reports the natives' source for our wrappers (and for itself).
  const nativeToString = n.functionToString;
  const toStringHolder = {
    toString(this: unknown): string {
      const original = n.weakMapGet(disguises, this as object);
      return n.apply(nativeToString, original === undefined ? this : original, []);
    },
  };
  disguise(toStringHolder.toString, nativeToString);
  n.defineProperty(win.Function.prototype, 'toString', { value: toStringHolder.toString });

  function disguise(fake: unknown, original: unknown): void {
    n.weakMapSet(disguises, fake as object, original);
  }
}

function uncurryGetter(n: Natives, proto: object, name: string): (self: unknown) => any {
  const get = n.getOwnPropertyDescriptor(proto, name)!.get!;
  return (self) => n.apply(get, self, []);
}
