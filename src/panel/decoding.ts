/**
 * Sub-protocol decoding for the panel (src/decoders does the protocols; this joins them to the
 * store). Each connection gets a decoder, detected from its sub-protocol, URL and first messages
 * or chosen by the user, and a decoding session fed with the connection's messages in order
 * (Socket.IO attachments and MQTT fragments need that). Rows are decoded on demand (rendered
 * rows, the Decoded view, filters on decoded fields) and the results cached.
 *
 * A decoder that throws or fails gives the raw views plus its error; nothing reaches the panel.
 */
import { createSafeSession, detectDecoder, DECODERS, getDecoder, pairMessages, type DecodeResult, type Decoder, type DecoderSession } from '../decoders';
import type { MessageRecord } from '../model/types';
import type { DecodedFields } from '../query/types';
import { isControlEvent } from '../query/types';
import type { DecoderSupport } from './components/App';
import type { DecodedView } from './components/MessageDetails';
import type { PanelStore } from './store';

/** Decoders whose summary would only repeat the preview. */
const PLAIN = new Set(['json', 'hex']);
const DETECT_SAMPLE = 8;

interface ConnectionDecoding {
  decoder: Decoder;
  chosen: boolean;
  session: DecoderSession;
  /** Next row id to feed to the session. */
  next: number;
  results: Map<string, DecodeResult>;
  rowIds: Map<string, number>;
  pairing?: { at: number; byKey: Map<string, { other: number[]; rtt?: number }> };
}

const keyOf = (m: { connId: string; seq: number }) => `${m.connId}#${m.seq}`;

export function createDecoding(store: PanelStore, onChange: () => void): DecoderSupport {
  const byConnection = new Map<number, ConnectionDecoding>();
  let prunedAt = store.table.firstId;

  /** Results of rows the table no longer holds (Clear, the message limit) are let go. */
  function prune(): void {
    const first = store.table.firstId;
    if (first === prunedAt) return;
    prunedAt = first;
    for (const state of byConnection.values()) {
      for (const [key, rowId] of state.rowIds) {
        if (rowId >= first) break; // insertion order is row order
        state.rowIds.delete(key);
        state.results.delete(key);
      }
      state.pairing = undefined;
    }
  }

  function messagesOf(connIndex: number, from: number, limit: number): MessageRecord[] {
    const out: MessageRecord[] = [];
    for (let id = Math.max(from, store.table.firstId); id < store.table.endId && out.length < limit; id++) {
      if (store.table.connIndex(id) !== connIndex || store.table.opcode(id) === 0) continue;
      out.push(store.rowAt(id) as MessageRecord);
    }
    return out;
  }

  function stateOf(connIndex: number): ConnectionDecoding {
    prune();
    let state = byConnection.get(connIndex);
    // Until the first message is decoded, detection may still learn from newer messages.
    if (state && !state.chosen && state.results.size === 0) {
      byConnection.delete(connIndex);
      state = undefined;
    }
    if (!state) {
      const connection = store.connectionAt(connIndex);
      const decoder = detectDecoder(connection, messagesOf(connIndex, store.table.firstId, DETECT_SAMPLE));
      state = { decoder, chosen: false, session: createSafeSession(decoder, connection), next: store.table.firstId, results: new Map(), rowIds: new Map() };
      byConnection.set(connIndex, state);
    }
    return state;
  }

  /** Feeds the connection's rows to its session up to and including `untilId`. */
  function decodeUntil(connIndex: number, untilId: number): ConnectionDecoding {
    const state = stateOf(connIndex);
    const table = store.table;
    for (let id = Math.max(state.next, table.firstId); id <= untilId && id < table.endId; id++) {
      state.next = id + 1;
      if (table.connIndex(id) !== connIndex || table.opcode(id) === 0) continue;
      const message = store.rowAt(id) as MessageRecord;
      let result: DecodeResult;
      try {
        result = state.session.decode(message);
      } catch (error) {
        result = { ok: false, protocol: state.decoder.id, error: String(error) };
      }
      state.results.set(keyOf(message), result);
      state.rowIds.set(keyOf(message), id);
    }
    return state;
  }

  function resultFor(rowId: number, message: MessageRecord): { state: ConnectionDecoding; result?: DecodeResult } {
    const connIndex = store.table.connIndex(rowId);
    const state = decodeUntil(connIndex, rowId);
    return { state, result: state.results.get(keyOf(message)) };
  }

  function pairingOf(connIndex: number, state: ConnectionDecoding) {
    decodeUntil(connIndex, store.table.endId - 1);
    if (state.pairing && state.pairing.at === state.next) return state.pairing.byKey;
    const keys = [...state.results.keys()];
    const items = keys.map((key) => ({ decoded: state.results.get(key)!, time: (store.rowAt(state.rowIds.get(key)!) as MessageRecord).time }));
    const { pairOf } = pairMessages(items as never);
    const byKey = new Map<string, { other: number[]; rtt?: number }>();
    keys.forEach((key, index) => {
      const pair = pairOf[index];
      if (!pair) return;
      const members = [pair.request, ...pair.responses, pair.complete].filter((i): i is number => i !== undefined && i !== index);
      byKey.set(key, { other: members.map((i) => state.rowIds.get(keys[i])!), rtt: pair.rtt });
    });
    state.pairing = { at: state.next, byKey };
    return byKey;
  }

  return {
    summaryOf(rowId, message) {
      const { state, result } = resultFor(rowId, message);
      if (!result || PLAIN.has(state.decoder.id)) return undefined;
      return result.ok ? result.summary : `⚠ ${state.decoder.label}`;
    },
    decodedOf(rowId, message): DecodedView | undefined {
      const { state, result } = resultFor(rowId, message);
      if (!result) return undefined;
      if (!result.ok) return { protocol: state.decoder.label, error: result.error };
      const view: DecodedView = { protocol: state.decoder.label, summary: result.summary, type: result.type, fields: result.fields, payload: result.payload };
      if (result.correlation) {
        const pair = pairingOf(store.table.connIndex(rowId), state).get(keyOf(message));
        const other = pair?.other.find((id) => store.table.has(id));
        if (pair && other !== undefined) {
          const row = store.rowAt(other);
          const label = isControlEvent(row) ? '' : `${row.dir === 'send' ? '↑' : '↓'} ${result.correlation.key}`;
          view.pair = { rowId: other, label, rttMs: pair.rtt };
        }
      }
      return view;
    },
    fieldsOf(message): DecodedFields | undefined {
      const connIndex = store.connectionIndexOf(message.connId);
      if (connIndex === undefined) return undefined;
      const state = stateOf(connIndex);
      let result = state.results.get(keyOf(message));
      if (!result) {
        // Filters test rows oldest first: decoding forward to this row keeps sessions in order.
        decodeUntil(connIndex, store.table.endId - 1);
        result = state.results.get(keyOf(message));
      }
      return result?.ok ? (result.fields as DecodedFields) : undefined;
    },
    choicesFor(connId) {
      const connIndex = store.connectionIndexOf(connId);
      if (connIndex === undefined) return [];
      const active = stateOf(connIndex).decoder.id;
      return DECODERS.map((d) => ({ id: d.id, label: d.label, active: d.id === active }));
    },
    choose(connId, decoderId) {
      const connIndex = store.connectionIndexOf(connId);
      const decoder = getDecoder(decoderId);
      if (connIndex === undefined || !decoder) return;
      const connection = store.connectionAt(connIndex);
      byConnection.set(connIndex, { decoder, chosen: true, session: createSafeSession(decoder, connection), next: store.table.firstId, results: new Map(), rowIds: new Map() });
      onChange();
    },
  };
}
