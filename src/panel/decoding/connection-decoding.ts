/**
 * What the panel keeps per connection to decode its messages: the decoder in use and how it was
 * picked, the decoder's session, how far a stateful session has been fed, and its results. The
 * modules beside this one each do one job on it (detection, feeding, caching, payload eviction,
 * pair search); `decoding.ts` joins them.
 */
import { createSafeSession, type Decoder, type DecoderSession } from '../../decoders';
import type { ConnectionInfo } from '../../protocol/records';
import { createAllResults, createRecentResults, type ResultCache } from './result-cache';
import type { DecodedEntry } from './decoded-entry';

export interface ConnectionDecoding {
  decoder: Decoder;
  /** Chosen by the user (never replaced by detection). */
  chosen: boolean;
  session: DecoderSession;
  /** Stateful decoders: next table row to feed to the session. */
  next: number;
  results: ResultCache;
  decodedAny: boolean;
  /** Messages detection looked at (DETECT_SAMPLE: the choice is final). */
  sampled: number;
  /** `store.version` when detection last ran: until the store changes, it would find the same. */
  detectedAt?: number;
  /** Stateful: seq of the last message fed (seqs grow with rows within a connection). */
  lastSeq: number;
  /** The last pair search (the Decoded view asks again at every render). */
  pairing?: { rowId: number; windowEnd: number; pair?: FoundPair };
}

/** The other rows of a message's request/response exchange. */
export interface FoundPair {
  other: number[];
  rtt?: number;
}

export function createConnectionDecoding(decoder: Decoder, connection: ConnectionInfo, options: { chosen: boolean; sampled: number; firstRow: number }): ConnectionDecoding {
  return {
    decoder,
    chosen: options.chosen,
    session: createSafeSession(decoder, connection),
    next: options.firstRow,
    results: decoder.stateless ? createRecentResults() : createAllResults(),
    decodedAny: false,
    sampled: options.sampled,
    lastSeq: -Infinity,
  };
}

/** Keeps a result for the message with this seq. */
export function keepResult(state: ConnectionDecoding, seq: number, entry: DecodedEntry): void {
  state.decodedAny = true;
  state.results.keep(seq, entry);
}
