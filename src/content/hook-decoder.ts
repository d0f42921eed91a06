/**
 * Reads the hook's terse records (src/protocol/hook-dialect.ts) into the model: connections
 * (`ConnectionInfo`, kept up to date record by record, counters included), messages
 * (`CapturedMessage`), messages held for a decision (`AskedMessage`), command results
 * (`HookResult`) and the hook's lease records, each handed to a sink as it is read. It keeps
 * nothing but what pairing auto-replies with their messages needs; the sink decides what to keep
 * (document-history.ts) and where asks, results and lease records go (the bridge).
 *
 * Records come from the page's realm and a hook of another build, so each is read defensively:
 * one that does not fit is skipped, and the rest of its batch still counts.
 */
import { bytesToBase64, utf8Length } from '../lib/bytes';
import {
  PACKED_FLAGS,
  PACKED_FLAG_BINARY,
  PACKED_FLAG_DISCARDED,
  PACKED_FLAG_RECEIVED,
  PACKED_FLAG_TRUNCATED,
  PACKED_ID,
  PACKED_SIZE,
  PACKED_STRIDE,
  PACKED_LENGTH,
  PACKED_TIME,
  type CommandFailure,
  type HookBatch,
  type HookMarks,
  type HookPackedMessages,
  type HookRecord,
  type HookResult,
} from '../protocol/hook-dialect';

/** A failure code from the page, copied only when it has the shape the panel reads (the page is untrusted). */
function isCommandFailure(value: unknown): value is CommandFailure {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string';
}
import { readInterceptMarks, type InterceptMarks } from '../protocol/intercept';
import type { ConnectionInfo } from '../protocol/records';
import type { AskedMessage } from './interceptor';
import type { CapturedMessage } from './wire';

export interface HookRecordSink {
  connectionCreated(info: ConnectionInfo): void;
  /** The connection a record is about; a record about an unknown one is skipped. */
  connection(connId: string): ConnectionInfo | undefined;
  /** A connection changed (already updated): opened, closed, counted a message... */
  connectionChanged(info: ConnectionInfo): void;
  message(message: CapturedMessage): void;
  ask(message: AskedMessage): void;
  result(result: HookResult): void;
  /** The hook asks whether the bridge is still there (its lease, src/page/lease.ts). */
  renew(): void;
  /** The hook let every held message go on its own: its lease expired. */
  released(): void;
  /** A worker hook let this many records go while it waited for its port. */
  lost?(count: number): void;
}

export interface HookDecoder {
  decode(batch: HookBatch, sink: HookRecordSink): void;
}

/** Decided messages that auto-replies may still answer, by ask token (a reply may wait minutes). */
const MAX_PAIRED = 1024;

export function createHookDecoder(options: { docId: string; frameUrl: string }): HookDecoder {
  /** The frame's sockets: `<docId>:<id>`; a worker's: `<docId>:w<path>.<id>` (path "3" or "3/1"). */
  let prefix = `${options.docId}:`;
  const connId = (id: number) => `${prefix}${id}`;
  let context: ConnectionInfo['context'];
  /**
   * Message positions are the document's, counted here: the frame's hook and each worker's count
   * on their own, and a document's log needs one monotonic order (the panel drops a seq it saw).
   */
  let lastSeq = 0;
  /** `seq` of decided messages whose marks carried an `askToken`, for their replies' `inReplyTo`. */
  const seqByAskToken = new Map<number, number>();

  /** The marks of a message record, validated; its pairing fields resolved, not kept. */
  function marksOf(raw: HookMarks, seq: number): InterceptMarks | undefined {
    const marks = readInterceptMarks(raw);
    delete marks.inReplyTo; // only the pairing below says what a message answers
    if (typeof raw.askToken === 'number') {
      seqByAskToken.set(raw.askToken, seq);
      if (seqByAskToken.size > MAX_PAIRED) seqByAskToken.delete(seqByAskToken.keys().next().value!);
    }
    if (typeof raw.replyTo === 'number') {
      const answered = seqByAskToken.get(raw.replyTo);
      if (answered !== undefined) marks.inReplyTo = answered;
    }
    return Object.keys(marks).length ? marks : undefined;
  }

  function read(record: HookRecord, sink: HookRecordSink): void {
    if (record.k === 'ask') {
      const isText = typeof record.data === 'string';
      const ask: AskedMessage = {
        token: Number(record.token),
        connId: connId(record.id),
        seq: 0,
        dir: record.dir === 0 ? 'send' : 'receive',
        time: Number(record.time),
        opcode: isText ? 1 : 2,
        size: isText ? utf8Length(record.data as string) : (record.data as ArrayBuffer).byteLength,
      };
      if (isText) ask.text = record.data as string;
      else ask.base64 = bytesToBase64(new Uint8Array(record.data as ArrayBuffer));
      return sink.ask(ask);
    }
    if (record.k === 'renew') return sink.renew();
    if (record.k === 'released') return sink.released();
    if (record.k === 'result') {
      const failure = isCommandFailure(record.failure) ? { failure: record.failure } : {};
      return sink.result({ k: 'result', ref: Number(record.ref), ok: record.ok === true, ...(record.error ? { error: String(record.error) } : {}), ...failure });
    }
    if (record.k === 'create') {
      return sink.connectionCreated({
        id: connId(record.id),
        url: String(record.url),
        frameUrl: options.frameUrl,
        frameId: 0,
        protocolsRequested: Array.from(record.protocols ?? [], String),
        protocol: '',
        extensions: '',
        state: 'connecting',
        createdAt: Number(record.time),
        initiator: cleanStack(String(record.stack ?? '')),
        api: record.api === 'WebSocketStream' ? 'WebSocketStream' : 'WebSocket',
        ...(typeof record.served === 'string' ? { served: record.served } : {}),
        sent: { count: 0, bytes: 0 },
        received: { count: 0, bytes: 0 },
        ...(context ? { context: { ...context } } : {}),
      });
    }
    if (record.k === 'lost') return sink.lost?.(Number(record.count) || 0);
    const info = sink.connection(connId(record.id));
    if (!info) return;
    switch (record.k) {
      case 'open':
        info.state = 'open';
        info.openedAt = record.time;
        info.protocol = String(record.protocol);
        info.extensions = String(record.extensions);
        break;
      case 'closing':
        if (info.state === 'connecting' || info.state === 'open') info.state = 'closing';
        break;
      case 'error':
        info.errored = true;
        info.state = 'error';
        break;
      case 'close':
        info.state = info.errored ? 'error' : 'closed';
        info.closedAt = record.time;
        info.closeCode = record.code;
        info.closeReason = record.reason;
        info.wasClean = record.wasClean;
        break;
      case 'msg': {
        const seq = ++lastSeq;
        const marks = record.marks ? marksOf(record.marks, seq) : undefined;
        emitMessage(info, seq, record.dir === 0 ? 0 : 1, record.time, record.size, record.truncated === true, record.discarded === true, marks, record.data, sink);
        return;
      }
    }
    sink.connectionChanged(info);
  }

  /** One message into the model: counted on its connection (unless discarded), then to the sink. */
  function emitMessage(
    info: ConnectionInfo,
    seq: number,
    dir: 0 | 1,
    time: number,
    rawSize: number,
    truncated: boolean,
    discarded: boolean,
    marks: InterceptMarks | undefined,
    data: string | ArrayBuffer | Uint8Array,
    sink: HookRecordSink,
  ): void {
    const isText = typeof data === 'string';
    const size = rawSize >= 0 ? rawSize : isText ? utf8Length(data) : 0;
    const message: CapturedMessage = { connId: info.id, seq, dir: dir === 0 ? 'send' : 'receive', time, size, truncated, discarded };
    if (marks) message.marks = marks;
    if (isText) message.text = data;
    else message.bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    // Nothing went out (or in): not counted.
    if (!discarded) {
      const counter = dir === 0 ? info.sent : info.received;
      counter.count++;
      counter.bytes += size;
    }
    sink.message(message);
    sink.connectionChanged(info);
  }

  function readSafely(record: HookRecord, sink: HookRecordSink): void {
    try {
      read(record, sink);
    } catch {
      // A malformed record (a stale hook of another build, say) is skipped, not fatal.
    }
  }

  /** The packed messages in order, each record of the batch at its place among them. */
  function readPacked(records: HookRecord[], packed: HookPackedMessages, sink: HookRecordSink): void {
    const { nums, text, bytes, recordAt } = packed;
    const byteCount = bytes.byteLength;
    // All ASCII (the common case): a UTF-8 byte per UTF-16 unit. One regex over the batch's texts
    // instead of a loop over every message's characters (measured: the bridge's busiest function
    // in Chromium, where it runs on the page's thread).
    const asciiOnly = !NON_ASCII.test(text);
    let r = 0;
    let textOffset = 0;
    let byteOffset = 0;
    // Messages of one socket come in runs: its connection is looked up once per run, not built
    // into a key string and hashed per message (a record between messages may change it: looked
    // up again after any record).
    let lastId = NaN;
    let lastInfo: ConnectionInfo | undefined;
    for (let i = 0; i < packed.count; i++) {
      while (r < records.length && !(Number(recordAt[r]) > i)) {
        readSafely(records[r++], sink);
        lastId = NaN;
      }
      const at = i * PACKED_STRIDE;
      const flags = nums[at + PACKED_FLAGS];
      let data: string | Uint8Array | undefined;
      let size = nums[at + PACKED_SIZE];
      const length = nums[at + PACKED_LENGTH];
      if (flags & PACKED_FLAG_BINARY) {
        // A view, not a copy: the kept message shares the batch's one buffer (no allocation of
        // its own; the buffer goes when the last of its messages does).
        if (length >= 0 && byteOffset + length <= byteCount) data = new Uint8Array(bytes, byteOffset, length);
        byteOffset += length;
      } else {
        data = text.slice(textOffset, textOffset + length);
        textOffset += length;
        if (size < 0 && asciiOnly) size = length;
      }
      // After the payload is taken, so that a skipped message leaves the others in place.
      const id = nums[at + PACKED_ID];
      if (id !== lastId) {
        lastInfo = sink.connection(connId(id));
        lastId = id;
      }
      const info = lastInfo;
      if (!info || data === undefined) continue;
      const seq = ++lastSeq;
      try {
        emitMessage(info, seq, flags & PACKED_FLAG_RECEIVED ? 1 : 0, nums[at + PACKED_TIME], size, (flags & PACKED_FLAG_TRUNCATED) !== 0, (flags & PACKED_FLAG_DISCARDED) !== 0, undefined, data, sink);
      } catch {
        // A sink that fails on one message does not lose the rest of the batch.
      }
    }
    while (r < records.length) readSafely(records[r++], sink);
  }

  return {
    decode(batch, sink) {
      const records = batch.records;
      const ctx = batch.ctx;
      if (ctx && typeof ctx === 'object') {
        prefix = `${options.docId}:w${String(ctx.w)}.`;
        const kind = ctx.kind === 'sharedworker' || ctx.kind === 'serviceworker' ? ctx.kind : 'worker';
        context = { kind, scriptUrl: String(ctx.url), ...(ctx.shared === true ? { shared: true } : {}) };
      } else {
        prefix = `${options.docId}:`;
        context = undefined;
      }
      const packed = batch.packed;
      if (packed !== undefined && isPacked(packed)) return readPacked(records, packed, sink);
      for (let i = 0; i < records.length; i++) readSafely(records[i], sink);
    },
  };
}

// eslint-disable-next-line no-control-regex -- the ASCII range, control characters included
const NON_ASCII = /[^\x00-\x7f]/;

/** The packed part of a batch has the shape the decoder reads (it comes from the page: untrusted). */
function isPacked(value: unknown): value is HookPackedMessages {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Partial<HookPackedMessages>;
  return (
    Number.isInteger(p.count) &&
    p.count! >= 0 &&
    p.nums instanceof Float64Array &&
    p.nums.length >= p.count! * PACKED_STRIDE &&
    typeof p.text === 'string' &&
    p.bytes instanceof ArrayBuffer &&
    Array.isArray(p.recordAt)
  );
}

/** Drops the hook's own frames and the "Error" header from a construction stack. */
export function cleanStack(stack: string): string {
  return stack
    .split('\n')
    .filter((line) => line.trim() !== 'Error' && !/(chrome|moz)-extension:\/\//.test(line))
    .map((line) => line.trim())
    .join('\n');
}
