/**
 * The panel's message log, stored by column so that a million messages cost little more than
 * their payloads: numbers live in typed arrays, payloads in one array of strings, and a
 * `MessageRecord` object is made only for the rows on screen (`row(i)`).
 *
 * Rows are addressed by a monotonically increasing *row id*; the oldest rows can be dropped
 * (the panel's message limit), after which ids below `firstId` are gone. Views keep row ids.
 */
import type { Direction, MessageRecord, Opcode } from '../../protocol/records';
import { readInterceptMarks, type InterceptMarks, type MarkedMessage } from '../../protocol/intercept';
import type { ControlEvent } from '../../query/types';

/** opcode 0 marks a control row: open / close / error of a connection, shown inline. */
export type RowOpcode = Opcode | 0;

const FLAG_SEND = 1;
const FLAG_TRUNCATED = 2;
const FLAG_DISCARDED = 4;
const FLAG_INJECTED = 8;
const FLAG_REPLAYED = 16;
const FLAG_EDITED = 32;

export interface MessageTable {
  /** Id of the oldest row still held. */
  readonly firstId: number;
  /** One past the newest row id. */
  readonly endId: number;
  /** Rows held (endId - firstId). */
  readonly size: number;
  /** Payload characters held (text and base64), for the memory budget. */
  readonly payloadChars: number;
  /** Rows held that are messages (not control rows). */
  readonly messageCount: number;
  append(record: MarkedMessage | ControlEvent, connIndex: number): number;
  has(id: number): boolean;
  connIndex(id: number): number;
  seq(id: number): number;
  time(id: number): number;
  size_(id: number): number;
  opcode(id: number): RowOpcode;
  isSend(id: number): boolean;
  /** Text of a text row, base64 of a binary row, description of a control row. */
  payload(id: number): string;
  row(id: number, connId: string): MessageRecord | ControlEvent;
  /** Drops the oldest rows so that at most `keep` remain; returns how many were dropped. */
  dropOldest(keep: number): number;
  clear(): void;
}


export function createMessageTable(initialCapacity = 1024): MessageTable {
  let capacity = initialCapacity;
  let connIndexes = new Uint32Array(capacity);
  let seqs = new Float64Array(capacity);
  let times = new Float64Array(capacity);
  let sizes = new Float64Array(capacity);
  let opcodes = new Uint8Array(capacity);
  let flags = new Uint8Array(capacity);
  let payloads: string[] = [];
  /** Slot of row id `firstId` (rows occupy slots start .. start+size-1). */
  let start = 0;
  let firstId = 0;
  let endId = 0;
  let payloadChars = 0;
  let controlRows = 0;
  /** The rare per-row marks of interception (the rules that acted, blocked, rewritten...), by row id. */
  const ruleMarks = new Map<number, InterceptMarks>();

  const slot = (id: number) => start + (id - firstId);

  function grow(): void {
    const used = endId - firstId;
    // Compact first: if the dead prefix is large, moving rows down frees the room.
    if (start > 0 && start >= capacity / 2) {
      for (const column of [connIndexes, seqs, times, sizes, opcodes, flags]) column.copyWithin(0, start, start + used);
      payloads = payloads.slice(start, start + used);
      start = 0;
      return;
    }
    capacity *= 2;
    const next = <T extends Uint32Array | Float64Array | Uint8Array>(old: T): T => {
      const fresh = new (old.constructor as new (n: number) => T)(capacity);
      fresh.set(old.subarray(start, start + used));
      return fresh;
    };
    connIndexes = next(connIndexes);
    seqs = next(seqs);
    times = next(times);
    sizes = next(sizes);
    opcodes = next(opcodes);
    flags = next(flags);
    payloads = payloads.slice(start, start + used);
    start = 0;
  }

  return {
    get firstId() {
      return firstId;
    },
    get endId() {
      return endId;
    },
    get size() {
      return endId - firstId;
    },
    get payloadChars() {
      return payloadChars;
    },
    get messageCount() {
      return endId - firstId - controlRows;
    },
    append(record, connIndex) {
      if (start + (endId - firstId) >= capacity) grow();
      const s = start + (endId - firstId);
      connIndexes[s] = connIndex;
      times[s] = record.time;
      if ('kind' in record) {
        seqs[s] = 0;
        sizes[s] = 0;
        opcodes[s] = 0;
        flags[s] = 0;
        controlRows++;
        payloads[s] = `${record.event}${record.detail ? `: ${record.detail}` : ''}`;
      } else {
        seqs[s] = record.seq;
        sizes[s] = record.size;
        opcodes[s] = record.opcode;
        flags[s] =
          (record.dir === 'send' ? FLAG_SEND : 0) |
          (record.truncated ? FLAG_TRUNCATED : 0) |
          (record.discarded ? FLAG_DISCARDED : 0) |
          (record.injected ? FLAG_INJECTED : 0) |
          (record.replayed ? FLAG_REPLAYED : 0) |
          (record.edited ? FLAG_EDITED : 0);
        if (hasRuleMarks(record)) ruleMarks.set(endId, ruleMarksOf(record));
        payloads[s] = (record.opcode === 1 ? record.text : record.base64) ?? '';
      }
      payloadChars += payloads[s].length;
      return endId++;
    },
    has: (id) => id >= firstId && id < endId,
    connIndex: (id) => connIndexes[slot(id)],
    seq: (id) => seqs[slot(id)],
    time: (id) => times[slot(id)],
    size_: (id) => sizes[slot(id)],
    opcode: (id) => opcodes[slot(id)] as RowOpcode,
    isSend: (id) => (flags[slot(id)] & FLAG_SEND) !== 0,
    payload: (id) => payloads[slot(id)],
    row(id, connId) {
      const s = slot(id);
      const opcode = opcodes[s];
      if (opcode === 0) {
        const [event, ...rest] = payloads[s].split(': ');
        return { kind: 'control', connId, event: event as ControlEvent['event'], time: times[s], detail: rest.join(': ') };
      }
      const dir: Direction = flags[s] & FLAG_SEND ? 'send' : 'receive';
      const record: MessageRecord = { connId, seq: seqs[s], dir, time: times[s], opcode: opcode as Opcode, size: sizes[s] };
      if (opcode === 1) record.text = payloads[s];
      else record.base64 = payloads[s];
      if (flags[s] & FLAG_TRUNCATED) record.truncated = true;
      if (flags[s] & FLAG_DISCARDED) record.discarded = true;
      if (flags[s] & FLAG_INJECTED) record.injected = true;
      if (flags[s] & FLAG_REPLAYED) record.replayed = true;
      if (flags[s] & FLAG_EDITED) record.edited = true;
      const marks = ruleMarks.get(id);
      return marks ? Object.assign(record, marks) : record;
    },
    dropOldest(keep) {
      const excess = endId - firstId - keep;
      if (excess <= 0) return 0;
      for (let i = 0; i < excess; i++) {
        if (opcodes[start + i] === 0) controlRows--;
        payloadChars -= payloads[start + i].length;
        payloads[start + i] = '';
      }
      start += excess;
      firstId += excess;
      if (ruleMarks.size) for (const id of ruleMarks.keys()) if (id < firstId) ruleMarks.delete(id);
      return excess;
    },
    clear() {
      ruleMarks.clear();
      controlRows = 0;
      start = 0;
      firstId = endId;
      payloads = [];
      payloadChars = 0;
    },
  };
}

/** Cheap test on the hot path: does a record carry marks beyond the flags? */
const hasRuleMarks = (m: MarkedMessage) =>
  m.rule !== undefined || m.rules !== undefined || m.blocked || m.dropped || m.rewritten || m.delayedMs !== undefined || m.autoReply || m.inReplyTo !== undefined;

/** The marks kept beside the flags (injected, replayed and edited are flags). */
function ruleMarksOf(m: MarkedMessage): InterceptMarks {
  const { injected: _i, replayed: _r, edited: _e, ...marks } = readInterceptMarks(m);
  return marks;
}
