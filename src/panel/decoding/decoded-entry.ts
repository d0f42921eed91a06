/** One kept decoding result, as the result cache and payload eviction share it. */
import type { DecodeResult } from '../../decoders';

export interface DecodedEntry {
  rowId: number;
  result: DecodeResult;
  /** False once the payload was let go (stateful decoders keep the rest of every result). */
  full: boolean;
}
