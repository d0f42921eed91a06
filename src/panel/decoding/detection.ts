/**
 * Which decoder a connection gets when the user has not chosen one: detected from its
 * sub-protocol, URL and first messages. Until a message is decoded or the sample is full,
 * detection may still learn from newer messages (a connection opened with nothing sent yet).
 */
import { detectDecoder, type Decoder } from '../../decoders';
import type { MessageRecord } from '../../protocol/records';
import type { PanelStore } from '../state/store';
import { messageRowsOf } from '../state/connection-rows';
import type { ConnectionDecoding } from './connection-decoding';

/** Messages detection looks at; once it has seen this many, its choice is final. */
export const DETECT_SAMPLE = 8;

/**
 * Fallbacks that a later message may still replace: a live connection's first frame alone can be
 * plain JSON or undecodable (a truncated MessagePack map) before the protocol shows itself.
 */
const FALLBACK_DECODERS = new Set(['json', 'hex']);

/**
 * Whether the connection's decoder stays as it is: chosen by the user, detected from a full
 * sample, or a protocol decoder that has already shown results (switching it would change rows
 * the user has seen). A fallback keeps listening until the sample is full.
 */
export function isSettled(state: ConnectionDecoding): boolean {
  return state.chosen || state.sampled >= DETECT_SAMPLE || (state.decodedAny && !FALLBACK_DECODERS.has(state.decoder.id));
}

/** The decoder the connection's oldest messages still in the table point to, and how many were looked at. */
export function detectFor(store: PanelStore, connIndex: number): { decoder: Decoder; sampled: number } {
  const sample = messageRowsOf(store.table, connIndex, store.table.firstId, DETECT_SAMPLE).map((id) => store.rowAt(id) as MessageRecord);
  return { decoder: detectDecoder(store.connectionAt(connIndex), sample), sampled: sample.length };
}
