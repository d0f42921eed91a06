/**
 * Packs the hook's plain messages into columns (`HookPackedMessages`, src/protocol/hook-dialect.ts):
 * numbers into one Float64Array, texts into one string, binary payloads into a list. A batch then
 * crosses to the bridge as a few flat values instead of one object per message, and the page
 * allocates no record per message.
 *
 * Page-safe: typed-array indexes are the array's own (no setter on a prototype can see them),
 * string concatenation of primitives runs no page code, and the lists have no prototype.
 */
import {
  PACKED_FLAGS,
  PACKED_FLAG_BINARY,
  PACKED_FLAG_DISCARDED,
  PACKED_FLAG_RECEIVED,
  PACKED_FLAG_TRUNCATED,
  PACKED_ID,
  PACKED_SEQ,
  PACKED_SIZE,
  PACKED_STRIDE,
  PACKED_TEXT_LENGTH,
  PACKED_TIME,
  type HookPackedMessages,
} from '../protocol/hook-dialect';

/** What the packer needs from the natives captured at install (src/page/natives.ts). */
export interface PackerNatives {
  Float64Array: Float64ArrayConstructor;
  /** `%TypedArray%.prototype.set`, uncurried. */
  typedArraySet: (target: Float64Array, source: Float64Array) => void;
  /** An array with no prototype. */
  bareArray: <T>() => T[];
}

export interface MessagePacker {
  /** A text message (`size`: -1, or the whole text's UTF-8 bytes when `text` is a truncated prefix). */
  text(id: number, seq: number, dir: 0 | 1, time: number, text: string, size: number, truncated: boolean, discarded: boolean): void;
  /** A binary message (`bytes`: a private copy, possibly a truncated prefix; `size`: bytes before truncation). */
  binary(id: number, seq: number, dir: 0 | 1, time: number, bytes: ArrayBuffer, size: number, truncated: boolean, discarded: boolean): void;
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

export function createMessagePacker(n: PackerNatives): MessagePacker {
  let capacity = INITIAL_CAPACITY;
  let nums: Float64Array | undefined;
  let count = 0;
  let text = '';
  let binary = n.bareArray<ArrayBuffer>();

  function row(id: number, seq: number, flags: number, time: number, size: number, textLength: number): void {
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
    nums[at + PACKED_TEXT_LENGTH] = textLength;
    count++;
  }

  const flagsOf = (dir: 0 | 1, truncated: boolean, discarded: boolean): number =>
    (dir === 1 ? PACKED_FLAG_RECEIVED : 0) | (truncated ? PACKED_FLAG_TRUNCATED : 0) | (discarded ? PACKED_FLAG_DISCARDED : 0);

  return {
    text(id, seq, dir, time, data, size, truncated, discarded) {
      row(id, seq, flagsOf(dir, truncated, discarded), time, size, data.length);
      text += data;
    },
    binary(id, seq, dir, time, bytes, size, truncated, discarded) {
      row(id, seq, flagsOf(dir, truncated, discarded) | PACKED_FLAG_BINARY, time, size, 0);
      binary[binary.length] = bytes;
    },
    get count() {
      return count;
    },
    take(recordAt) {
      if (count === 0 || nums === undefined) return undefined;
      // A literal with every key: no setter on Object.prototype runs.
      const packed: HookPackedMessages = { count, nums, text, binary, recordAt };
      capacity = INITIAL_CAPACITY;
      while (capacity < count) capacity *= 2;
      nums = undefined;
      count = 0;
      text = '';
      binary = n.bareArray<ArrayBuffer>();
      return packed;
    },
  };
}
