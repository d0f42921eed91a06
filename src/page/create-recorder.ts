/**
 * The hook's recorder: turns socket events into terse records, batches them and posts each
 * batch to the bridge over a private MessageChannel (binary payloads moved, not copied, while
 * the page leaves array iteration alone). Shared by the WebSocket and WebSocketStream wrappers.
 */
import { HOOK_DIALECT_VERSION } from '../protocol/version';
import { bareArray, type Natives } from './natives';
import type { HookLink } from './hook-link';
import { createMessagePacker } from './message-packer';
import { type CommandFailure, type HookAsk, type HookCommand, type HookMarks, type HookMessage, type HookRecord, type HookResult } from '../protocol/hook-dialect';

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

export type HookConfigCommand = Extract<HookCommand, { k: 'config' }>;

export interface Recorder {
  /** `served`: the serving's id when Frameline answers this socket from a saved log. */
  created(url: string, protocols: string[], api: 'WebSocket' | 'WebSocketStream', served?: string): number;
  opened(id: number, protocol: string, extensions: string): void;
  /**
   * dir 0 = sent by the page, 1 = received. `marks`: what Frameline did to it, from the command
   * that produced it; put on the record as is (the hook never reads it).
   */
  message(id: number, dir: 0 | 1, data: unknown, discarded: boolean, marks?: HookMarks): void;
  /** Holds a message for a decision; posted at once (someone is waiting for it). */
  ask(token: number, id: number, dir: 0 | 1, data: unknown): void;
  /** Reports the outcome of a command. */
  result(ref: number, ok: boolean, error?: string, failure?: CommandFailure): void;
  /** Asks the bridge to renew the hook's lease (src/page/lease.ts); posted at once. */
  renew(): void;
  /** Tells the bridge the hook let every held message go on its own (its lease expired). */
  released(): void;
  /**
   * Posts what is queued now. For served sockets, whose server (the bridge's player) waits on the
   * records: the batching timer is clamped to a second in background tabs.
   */
  flush(): void;
  /** Who handles commands other than `config` (the socket wrappers). */
  onCommand(handler: (command: HookCommand) => void): void;
  closing(id: number): void;
  closed(id: number, code: number, reason: string, wasClean: boolean): void;
  errored(id: number): void;
}

/**
 * `link` carries batches up and commands down (hook-link.ts); `relay`, when set, gets every
 * command first and keeps those meant for one of this scope's workers (hook-workers.ts).
 */
export function createRecorder(link: HookLink, n: Natives, initial?: HookOptions, relay?: (command: HookCommand) => boolean): Recorder {
  const options: HookOptions = { ...DEFAULT_HOOK_OPTIONS, ...initial };
  let nextSocketId = 1;
  let nextSeq = 1;
  let queue: HookRecord[] = bareArray(n);
  /** For queue[i]: how many packed messages happened before it. */
  let queueAt: number[] = bareArray(n);
  /**
   * Plain messages go into columns (message-packer.ts) instead of the queue. They must not
   * overtake a message whose Blob is still being read, so while one is (`pendingReads`), messages
   * queue as records behind it. Invariant: every packed message precedes every queued record that
   * is still pending, so a flush can post all of them.
   */
  const packer = createMessagePacker({ Float64Array: n.Float64Array, Uint8Array: n.Uint8Array, typedArraySet: n.typedArraySet, typedArrayBuffer: n.typedArrayBuffer });
  let pendingReads = 0;
  let flushScheduled = false;

  link.onMessage(onCommand);
  // The lease question, made once here: asked every second while intercepting, it allocates
  // nothing on our side. Install time, so plain literals are safe (hook-link.ts).
  const renewBatch = { v: HOOK_DIALECT_VERSION, records: [{ k: 'renew' }] };
  link.onTeardown(flushNow);

  let commandHandler: ((command: HookCommand) => void) | undefined;

  function onCommand(event: Event): void {
    try {
      const command = n.messageEventData(event) as HookCommand | null;
      if (!command || typeof command !== 'object') return;
      if (relay && relay(command)) return;
      if (command.k === 'config') {
        if (typeof command.maxMessageBytes === 'number' && command.maxMessageBytes > 0) options.maxMessageBytes = command.maxMessageBytes;
      } else commandHandler?.(command);
    } catch {
      /* a malformed command is ignored */
    }
  }

  function enqueue(record: HookRecord): void {
    queueAt[queue.length] = packer.count;
    queue[queue.length] = record;
    scheduleFlush();
  }

  function scheduleFlush(): void {
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
    if (ready === 0 && packer.count === 0) return; // a Blob read is pending; it calls flushNow when it settles
    const records = bareArray<HookRecord>(n);
    const recordAt = bareArray<number>(n);
    const transfer = bareArray<Transferable>(n);
    for (let i = 0; i < ready; i++) {
      const record = queue[i];
      records[i] = record;
      recordAt[i] = queueAt[i];
      if ((record.k === 'msg' || record.k === 'ask') && typeof record.data !== 'string') transfer[transfer.length] = record.data;
    }
    // Records left behind (a pending Blob read at their head) came after every packed message.
    const rest = bareArray<HookRecord>(n);
    const restAt = bareArray<number>(n);
    for (let i = ready; i < length; i++) {
      restAt[rest.length] = 0;
      rest[rest.length] = queue[i];
    }
    queue = rest;
    queueAt = restAt;
    const packed = packer.take(recordAt);
    if (packed) {
      transfer[transfer.length] = n.typedArrayBuffer(packed.nums);
      transfer[transfer.length] = packed.bytes;
    }
    // Literals with every key (no setter on Object.prototype runs).
    const batch = packed ? { v: HOOK_DIALECT_VERSION, records, packed } : { v: HOOK_DIALECT_VERSION, records };
    link.post(batch, n.arrayIterationIntact() ? n.arrayFrom(transfer) : undefined);
    if (rest.length > 0 && !isPending(rest[0]) && !flushScheduled) {
      flushScheduled = true;
      n.setTimeout(flushNow, options.flushIntervalMs);
    }
  }

  function isPending(record: HookRecord): boolean {
    return (record.k === 'msg' || record.k === 'ask') && record.data === null;
  }

  function message(id: number, dir: 0 | 1, data: unknown, discarded: boolean, marks?: HookMarks): void {
    const max = options.maxMessageBytes;
    // The common case, packed: no marks, and nothing queued that it must not overtake.
    if (marks === undefined && pendingReads === 0 && pack(id, dir, data, discarded, max)) return scheduleFlush();
    // Every key in the literal, `marks` too: assigning a key the object does not own would run a
    // setter the page may have put on Object.prototype.
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
      marks,
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
      if (bytes === undefined) readBlob(data as Blob, max, record);
      else record.data = bytes;
    }
    enqueue(record);
  }

  /** Packs a text or binary message; false for a Blob (read asynchronously, so queued as a record). */
  function pack(id: number, dir: 0 | 1, data: unknown, discarded: boolean, max: number): boolean {
    if (typeof data === 'string') {
      let text = data;
      let size = -1;
      let truncated = false;
      // Only a string that might exceed the limit is measured here; the bridge measures the rest.
      if (data.length * 3 > max) {
        const bytes = utf8Length(data);
        if (bytes > max) {
          size = bytes;
          truncated = true;
          text = n.stringSlice(data, 0, utf8PrefixChars(data, max));
        }
      }
      packer.text(id, nextSeq++, dir, n.now(), text, size, truncated, discarded);
      return true;
    }
    const view = binaryView(data);
    if (view === undefined) return false;
    const truncated = view.length > max;
    packer.binary(id, nextSeq, dir, n.now(), view.buffer, view.offset, truncated ? max : view.length, view.length, truncated, discarded);
    nextSeq++;
    return true;
  }

  /** A Blob is read asynchronously, but keeps its place in the queue (log order = arrival order). */
  function readBlob(blob: Blob, max: number, record: HookMessage | HookAsk): void {
    const size = n.blobSize(blob);
    record.size = size;
    record.truncated = size > max;
    pendingReads++;
    n.promiseThen(
      n.blobArrayBuffer(record.truncated ? n.blobSlice(blob, 0, max) : blob),
      (buffer) => {
        pendingReads--;
        record.data = buffer;
        flushNow();
      },
      () => {
        pendingReads--;
        record.data = new ArrayBuffer(0);
        record.truncated = true;
        flushNow();
      },
    );
  }

  /** Where the bytes of an ArrayBuffer or view are (undefined for anything else: a Blob). */
  function binaryView(data: unknown): { buffer: ArrayBuffer; offset: number; length: number } | undefined {
    if (n.isView(data)) {
      try {
        return { buffer: n.typedArrayBuffer(data), offset: n.typedArrayByteOffset(data), length: n.typedArrayByteLength(data) };
      } catch {
        return { buffer: n.dataViewBuffer(data), offset: n.dataViewByteOffset(data), length: n.dataViewByteLength(data) };
      }
    }
    try {
      return { buffer: data as ArrayBuffer, offset: 0, length: n.arrayBufferByteLength(data) };
    } catch {
      return undefined;
    }
  }

  /** Copies the bytes of an ArrayBuffer or view (or returns undefined for a Blob). */
  function copyBinary(data: unknown, max: number, record: HookMessage | HookAsk): ArrayBuffer | undefined {
    const view = binaryView(data);
    if (view === undefined) return undefined;
    record.size = view.length;
    record.truncated = view.length > max;
    return n.arrayBufferSlice(view.buffer, view.offset, view.offset + (record.truncated ? max : view.length));
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

  return {
    created(url, protocols, api, served) {
      const id = nextSocketId++;
      enqueue({ k: 'create', id, url, protocols, time: n.now(), stack: n.errorStack(), api, served });
      return id;
    },
    opened(id, protocol, extensions) {
      enqueue({ k: 'open', id, time: n.now(), protocol, extensions });
    },
    message,
    closing(id) {
      enqueue({ k: 'closing', id, time: n.now() });
    },
    closed(id, code, reason, wasClean) {
      enqueue({ k: 'close', id, time: n.now(), code, reason, wasClean });
    },
    errored(id) {
      enqueue({ k: 'error', id, time: n.now() });
    },
    ask(token, id, dir, data) {
      // The decision needs the whole payload: no truncation here.
      const record: HookAsk = { k: 'ask', token, id, dir, time: n.now(), data: null as unknown as string, size: -1, truncated: false };
      if (typeof data === 'string') record.data = data;
      else {
        const bytes = copyBinary(data, Infinity, record);
        if (bytes === undefined) readBlob(data as Blob, Infinity, record);
        else record.data = bytes;
      }
      queueAt[queue.length] = packer.count;
      queue[queue.length] = record;
      flushNow();
    },
    result(ref, ok, error, failure) {
      const record: HookResult = error === undefined ? { k: 'result', ref, ok } : { k: 'result', ref, ok, error };
      if (failure) record.failure = failure;
      enqueue(record);
    },
    renew() {
      // Outside the queue: a pending Blob read at its head must not delay the question, and its
      // place in the log does not matter.
      link.post(renewBatch);
    },
    released() {
      queueAt[queue.length] = packer.count;
      queue[queue.length] = { k: 'released' };
      flushNow();
    },
    onCommand(handler) {
      commandHandler = handler;
    },
    flush: flushNow,
  };
}
