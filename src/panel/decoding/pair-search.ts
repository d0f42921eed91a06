/**
 * Request/response pairs: the other messages of a row's exchange (a JSON-RPC response to its
 * request, a GraphQL subscription's stream), looked for among nearby rows of the connection so
 * that the search costs the same in a log of a thousand or a million messages.
 */
import { pairMessages, type DecodeResult } from '../../decoders';
import type { MessageRecord } from '../../protocol/records';
import type { PanelStore } from '../state/store';
import { forEachMessageRowOf } from '../state/connection-rows';
import type { ConnectionDecoding, FoundPair } from './connection-decoding';
import { decodeSafely } from './decode-safely';

/** Table rows on each side of a row searched for the other half of its request/response pair. */
export const PAIR_WINDOW = 2000;

/**
 * The other rows of `rowId`'s exchange. `feedUntil` brings a stateful session up to a row first
 * (its results are what pairing reads); the last search is remembered per connection.
 */
export function findPair(store: PanelStore, connIndex: number, state: ConnectionDecoding, rowId: number, feedUntil: (untilId: number) => void): FoundPair | undefined {
  const table = store.table;
  const windowEnd = Math.min(table.endId, rowId + PAIR_WINDOW);
  if (state.pairing?.rowId === rowId && (state.pairing.windowEnd === windowEnd || state.pairing.pair)) return state.pairing.pair;
  if (!state.decoder.stateless) feedUntil(windowEnd - 1);
  const ids: number[] = [];
  const items: { decoded: DecodeResult; time: number }[] = [];
  forEachMessageRowOf(table, connIndex, rowId - PAIR_WINDOW, windowEnd, (id) => {
    const message = store.rowAt(id) as MessageRecord;
    // Stateless rows are decoded without being kept: the window would push the rows on screen out.
    const decoded = state.results.get(message.seq)?.result ?? (state.decoder.stateless ? decodeSafely(state.session, state.decoder, message) : undefined);
    if (!decoded) return;
    ids.push(id);
    items.push({ decoded, time: message.time });
  });
  const { pairOf } = pairMessages(items);
  const index = ids.indexOf(rowId);
  const found = index >= 0 ? pairOf[index] : undefined;
  const pair = found
    ? { other: [found.request, ...found.responses, found.complete].filter((i): i is number => i !== undefined && i !== index).map((i) => ids[i]), rtt: found.rtt }
    : undefined;
  state.pairing = { rowId, windowEnd, pair };
  return pair;
}
