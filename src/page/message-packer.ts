/**
 * Packs the hook's plain messages into columns (`HookPackedMessages`, src/protocol/hook-dialect.ts):
 * numbers into one Float64Array, texts into one string, binary payloads into one buffer. A batch
 * then crosses to the bridge as a few flat values instead of one object per message, and the page
 * allocates no record and no ArrayBuffer per message: binary payloads are copied into a scratch
 * buffer the packer keeps from batch to batch, and each batch takes one right-sized copy of it.
 *
 * Page-safe: typed-array indexes are the array's own (no setter on a prototype can see them),
 * string concatenation of primitives runs no page code, views are made with the natives over
 * ArrayBuffers only, and the lists have no prototype.
 */
import {
  PACKED_FLAGS,
  PACKED_FLAG_BINARY,
  PACKED_FLAG_DISCARDED,
  PACKED_FLAG_RECEIVED,
  PACKED_FLAG_TRUNCATED,
  PACKED_ID,
  PACKED_LENGTH,
  PACKED_SEQ,
  PACKED_SIZE,
  PACKED_STRIDE,
  PACKED_TIME,
  type HookPackedMessages,
} from '../protocol/hook-dialect';

/** What the packer needs from the natives captured at install (src/page/natives.ts). */
export interface PackerNatives {
  Float64Array: Float64ArrayConstructor;
  Uint8Array: Uint8ArrayConstructor;
  /** `%TypedArray%.prototype.set`, uncurried. */
  typedArraySet: (target: Float64Array | Uint8Array, source: Float64Array | Uint8Array, offset?: number) => void;
  /** The `buffer` getter of %TypedArray%.prototype, uncurried (the page may redefine the property). */
  typedArrayBuffer: (view: unknown) => ArrayBuffer;
}

export interface MessagePacker {
  /** A text message (`size`: -1, or the whole text's UTF-8 bytes when `text` is a truncated prefix). */
  text(id: number, seq: number, dir: 0 | 1, time: number, text: string, size: number, truncated: boolean, discarded: boolean): void;
  /**
   * A binary message: `length` bytes of `buffer` from `offset` (the page's own buffer: copied here,
   * at once; a truncated message passes its kept prefix); `size`: bytes before truncation.
   */
  binary(id: number, seq: number, dir: 0 | 1, time: number, buffer: ArrayBuffer, offset: number, length: number, size: number, truncated: boolean, discarded: boolean): void;
  readonly count: number;
  /** What was packed since the last take (undefined: nothing); starts over. `recordAt` is the caller's. */
  take(recordAt: number[]): HookPackedMessages | undefined;
}

/**
 * Messages the first column of a batch holds; it doubles when full. The next batch starts with room
 * for as many as the last one had: a page kept busy once (a batch of thousands) must not pay for
 * zeroing a column that big every 16 ms afterwards (measured: a third of the hook's flush time).
 */
const INITIAL_CAPACITY = 256;
/** First size of the scratch buffer for binary payloads; it doubles as needed and is kept. */
const INITIAL_BYTES = 64 * 1024;
/** Above this size the scratch is dropped after a batch that used less than a quarter of it. */
const SCRATCH_KEPT = 1024 * 1024;

export function createMessagePacker(n: PackerNatives): MessagePacker {
  let capacity = INITIAL_CAPACITY;
  let nums: Float64Array | undefined;
  let count = 0;
  let text = '';
  /**
   * Scratch for binary payloads, reused by every batch; `used` bytes of it belong to this one. Its
   * size is kept here: `length` and `buffer` are getters on a prototype the page can redefine.
   */
  let scratch = new n.Uint8Array(0);
  let scratchSize = 0;
  let used = 0;

  function copyBytes(buffer: ArrayBuffer, offset: number, length: number): void {
    if (used + length > scratchSize) {
      let size = scratchSize === 0 ? INITIAL_BYTES : scratchSize * 2;
      while (size < used + length) size *= 2;
      const grown = new n.Uint8Array(size);
      if (used > 0) n.typedArraySet(grown, new n.Uint8Array(n.typedArrayBuffer(scratch), 0, used));
      scratch = grown;
      scratchSize = size;
    }
    if (length > 0) n.typedArraySet(scratch, new n.Uint8Array(buffer, offset, length), used);
    used += length;
  }

  function row(id: number, seq: number, flags: number, time: number, size: number, length: number): void {
    if (nums === undefined) nums = new n.Float64Array(capacity * PACKED_STRIDE);
    else if (count === capacity) {
      capacity *= 2;
      const grown = new n.Float64Array(capacity * PACKED_STRIDE);
      n.typedArraySet(grown, nums);
      nums = grown;
    }
    const at = count * PACKED_STRIDE;
    nums[at + PACKED_ID] = id;
    nums[at + PACKED_SEQ] = seq;
    nums[at + PACKED_FLAGS] = flags;
    nums[at + PACKED_TIME] = time;
    nums[at + PACKED_SIZE] = size;
    nums[at + PACKED_LENGTH] = length;
    count++;
  }

  const flagsOf = (dir: 0 | 1, truncated: boolean, discarded: boolean): number =>
    (dir === 1 ? PACKED_FLAG_RECEIVED : 0) | (truncated ? PACKED_FLAG_TRUNCATED : 0) | (discarded ? PACKED_FLAG_DISCARDED : 0);

  return {
    text(id, seq, dir, time, data, size, truncated, discarded) {
      row(id, seq, flagsOf(dir, truncated, discarded), time, size, data.length);
      text += data;
    },
    binary(id, seq, dir, time, buffer, offset, length, size, truncated, discarded) {
      // The copy first: a detached or otherwise unreadable buffer throws before anything is packed.
      copyBytes(buffer, offset, length);
      row(id, seq, flagsOf(dir, truncated, discarded) | PACKED_FLAG_BINARY, time, size, length);
    },
    get count() {
      return count;
    },
    take(recordAt) {
      if (count === 0 || nums === undefined) return undefined;
      // Not ArrayBuffer.prototype.slice: it looks up `constructor` on a prototype the page owns.
      const copy = new n.Uint8Array(used);
      if (used > 0) n.typedArraySet(copy, new n.Uint8Array(n.typedArrayBuffer(scratch), 0, used));
      const bytes = n.typedArrayBuffer(copy);
      // A literal with every key: no setter on Object.prototype runs.
      const packed: HookPackedMessages = { count, nums, text, bytes, recordAt };
      const taken = used;
      capacity = INITIAL_CAPACITY;
      while (capacity < count) capacity *= 2;
      nums = undefined;
      count = 0;
      text = '';
      used = 0;
      // After a burst of big payloads the scratch is let go, not kept at its peak.
      if (scratchSize > SCRATCH_KEPT && taken * 4 < scratchSize) {
        scratch = new n.Uint8Array(0);
        scratchSize = 0;
      }
      return packed;
    },
  };
}
