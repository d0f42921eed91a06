/**
 * Feeding a stateful decoder: its session must see the connection's messages in order (a
 * Socket.IO attachment joins the event before it; JSON-RPC learns method names from requests),
 * so rows are fed forward from where the session stopped, and every result is kept.
 */
import type { MessageRecord } from '../../protocol/records';
import type { PanelStore } from '../state/store';
import { forEachMessageRowOf } from '../state/connection-rows';
import { keepResult, type ConnectionDecoding } from './connection-decoding';
import { decodeSafely } from './decode-safely';

/** Feeds the connection's rows to its session up to and including row `untilId`. */
export function feedUntil(store: PanelStore, connIndex: number, state: ConnectionDecoding, untilId: number): void {
  const table = store.table;
  const from = Math.max(state.next, table.firstId);
  const to = Math.min(untilId + 1, table.endId);
  if (from >= to) return;
  forEachMessageRowOf(table, connIndex, from, to, (id) => {
    const message = store.rowAt(id) as MessageRecord;
    state.lastSeq = message.seq;
    keepResult(state, message.seq, { rowId: id, result: decodeSafely(state.session, state.decoder, message), full: true });
  });
  state.next = to;
}
