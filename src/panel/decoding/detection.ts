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

/** Whether the connection's decoder stays as it is (chosen, already used, or detected from a full sample). */
export function isSettled(state: ConnectionDecoding): boolean {
  return state.chosen || state.decodedAny || state.sampled >= DETECT_SAMPLE;
}

/** The decoder the connection's oldest messages still in the table point to, and how many were looked at. */
export function detectFor(store: PanelStore, connIndex: number): { decoder: Decoder; sampled: number } {
  const sample = messageRowsOf(store.table, connIndex, store.table.firstId, DETECT_SAMPLE).map((id) => store.rowAt(id) as MessageRecord);
  return { decoder: detectDecoder(store.connectionAt(connIndex), sample), sampled: sample.length };
}
