/**
 * The hook's recorder: turns socket events into terse records, batches them and posts each
 * batch to the bridge over a private MessageChannel (binary payloads moved, not copied, while
 * the page leaves array iteration alone). Shared by the WebSocket and WebSocketStream wrappers.
 */
import { HOOK_DIALECT_VERSION } from '../protocol/version';
import { bareArray, type Natives } from './natives';
import type { HookLink } from './hook-link';
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
  created(url: string, protocols: string[], api: 'WebSocket' | 'WebSocketStream'): number;
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
    if (ready === 0) return; // a Blob read is pending; it calls flushNow when it settles
    const records = bareArray<HookRecord>(n);
    const transfer = bareArray<Transferable>(n);
    for (let i = 0; i < ready; i++) {
      const record = queue[i];
      records[i] = record;
      if ((record.k === 'msg' || record.k === 'ask') && typeof record.data !== 'string') transfer[transfer.length] = record.data;
    }
    const rest = bareArray<HookRecord>(n);
    for (let i = ready; i < length; i++) rest[rest.length] = queue[i];
    queue = rest;
    link.post({ v: HOOK_DIALECT_VERSION, records }, n.arrayIterationIntact() ? n.arrayFrom(transfer) : undefined);
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

  /** A Blob is read asynchronously, but keeps its place in the queue (log order = arrival order). */
  function readBlob(blob: Blob, max: number, record: HookMessage | HookAsk): void {
    const size = n.blobSize(blob);
    record.size = size;
    record.truncated = size > max;
    n.promiseThen(
      n.blobArrayBuffer(record.truncated ? n.blobSlice(blob, 0, max) : blob),
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
  }

  /** Copies the bytes of an ArrayBuffer or view (or returns undefined for a Blob). */
  function copyBinary(data: unknown, max: number, record: HookMessage | HookAsk): ArrayBuffer | undefined {
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

  return {
    created(url, protocols, api) {
      const id = nextSocketId++;
      enqueue({ k: 'create', id, url, protocols, time: n.now(), stack: n.errorStack(), api });
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
      queue[queue.length] = { k: 'released' };
      flushNow();
    },
    onCommand(handler) {
      commandHandler = handler;
    },
  };
}
