/** Messages and a fake clock shared by the intercept tests. */
import type { Direction, MessageRecord } from '../../../src/protocol/records';
import type { Timers } from '../../../src/intercept/hold-queue';

let seq = 0;

export function text(payload: string, extra: Partial<MessageRecord> = {}): MessageRecord {
  seq++;
  return { connId: 'c1', seq, dir: 'send', time: 1_000 + seq, opcode: 1, size: Buffer.byteLength(payload), text: payload, ...extra };
}

export function binary(bytes: number[], extra: Partial<MessageRecord> = {}): MessageRecord {
  seq++;
  return { connId: 'c1', seq, dir: 'send', time: 1_000 + seq, opcode: 2, size: bytes.length, base64: Buffer.from(bytes).toString('base64'), ...extra };
}

export function msg(connId: string, dir: Direction, payload: string): MessageRecord {
  return text(payload, { connId, dir });
}

export const bytesOf = (m: { base64?: string }) => [...Buffer.from(m.base64 ?? '', 'base64')];

/** Timers that run only when told to, in due order (ties in the order they were set). */
export function createFakeClock(start = 0) {
  let time = start;
  let nextHandle = 1;
  const pending = new Map<number, { at: number; callback: () => void; order: number }>();
  const timers: Timers = {
    setTimeout(callback, ms) {
      const handle = nextHandle++;
      pending.set(handle, { at: time + Math.max(0, ms), callback, order: handle });
      return handle;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
  };
  return {
    timers,
    now: () => time,
    get pending() {
      return pending.size;
    },
    /** Moves time forward, firing every timer that falls due (including ones set meanwhile). */
    advance(ms: number) {
      const end = time + ms;
      for (;;) {
        let next: [number, { at: number; callback: () => void; order: number }] | undefined;
        for (const entry of pending) if (entry[1].at <= end && (!next || entry[1].at < next[1].at || (entry[1].at === next[1].at && entry[1].order < next[1].order))) next = entry;
        if (!next) break;
        pending.delete(next[0]);
        time = next[1].at;
        next[1].callback();
      }
      time = end;
    },
  };
}
