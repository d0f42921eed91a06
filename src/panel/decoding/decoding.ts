/**
 * Sub-protocol decoding for the panel (src/decoders does the protocols; this joins them to the
 * store). Each connection gets a decoder, detected from its sub-protocol, URL and first messages
 * or chosen by the user. Rows are decoded on demand: rendered rows, the Decoded view, filters on
 * decoded fields.
 *
 * What it keeps stays bounded at a million messages, and no call blocks the panel for long:
 * - A stateless decoder (JSON, MessagePack, Phoenix...) decodes a row on its own: only the rows
 *   asked for are decoded, and only the most recent results are kept.
 * - A stateful one (Socket.IO attachments, MQTT fragments, JSON-RPC method names...) needs the
 *   connection's rows in order, so a session is fed forward. Each row's summary, fields and
 *   correlation are kept (filters and pairing need them); the payload only for recent rows, and
 *   rebuilt for the Decoded view from a short replay of the rows before it. A list that shows a
 *   row far ahead of the session does not wait: the session catches up in short slices and the
 *   rows get their summaries when it is there.
 * - Request/response pairs are looked for among nearby rows of the connection.
 *
 * A decoder that throws or fails gives the raw views plus its error; nothing reaches the panel.
 */
import { createSafeSession, detectDecoder, DECODERS, getDecoder, pairMessages, type DecodeResult, type Decoder, type DecoderSession } from '../../decoders';
import type { MessageRecord } from '../../protocol/records';
import type { DecodedFields } from '../../query/types';
import { isControlEvent } from '../../query/types';
import type { DecoderSupport } from '../App';
import type { DecodedView } from '../details/MessageDetails';
import type { PanelStore } from '../state/store';

/** Decoders whose summary would only repeat the preview. */
const PLAIN = new Set(['json', 'hex']);
const DETECT_SAMPLE = 8;
/** Results that keep their payload (stateless: all that is kept), per connection. */
const RECENT_RESULTS = 4096;
/** Table rows a stateful session may be fed inline for the list; further ahead, it catches up in slices. */
const INLINE_ROWS = 2048;
/** Table rows fed per step while catching up or filtering, and the time one catch-up slice may take. */
const STEP_ROWS = 256;
const SLICE_MS = 8;
/** Rows of the connection replayed before a row to rebuild a payload that was let go. */
const PAYLOAD_CONTEXT = 64;
/** Table rows on each side of a row searched for the other half of its request/response pair. */
const PAIR_WINDOW = 2000;

interface Entry {
  rowId: number;
  result: DecodeResult;
  /** False once the payload was let go (stateful decoders keep the rest of every result). */
  full: boolean;
}

interface ConnectionDecoding {
  decoder: Decoder;
  chosen: boolean;
  session: DecoderSession;
  /** Stateful decoders: next table row to feed to the session. */
  next: number;
  /** By message seq. Stateless: the recent results only, least recently used first. Stateful: every fed row, in row order. */
  results: Map<number, Entry>;
  /** Stateful: seqs whose entries still hold their payload, least recently used first. */
  withPayload: Set<number>;
  decodedAny: boolean;
  /** Messages detection looked at (DETECT_SAMPLE: the choice is final). */
  sampled: number;
  /** Stateful: seq of the last message fed (seqs grow with rows within a connection). */
  lastSeq: number;
  pairing?: { rowId: number; windowEnd: number; pair?: { other: number[]; rtt?: number } };
}

const stripPayload = (result: DecodeResult): DecodeResult => {
  if (!result.ok || result.payload === undefined) return result;
  const { payload: _dropped, ...rest } = result;
  return rest;
};

export function createDecoding(store: PanelStore, onChange: () => void): DecoderSupport {
  const byConnection = new Map<number, ConnectionDecoding>();
  let prunedAt = store.table.firstId;
  /** Stateful connections catching up in the background: connection index -> row to reach. */
  const catchUpTargets = new Map<number, number>();
  let catchUpTimer: ReturnType<typeof setTimeout> | undefined;

  /** Results of rows the table no longer holds (Clear, the message limit) are let go. */
  function prune(): void {
    const table = store.table;
    const first = table.firstId;
    if (first === prunedAt) return;
    prunedAt = first;
    for (const state of byConnection.values()) {
      state.pairing = undefined;
      if (state.decoder.stateless) {
        // Stateless entries are in use order, not row order: check them all (at most RECENT_RESULTS).
        for (const [seq, entry] of state.results) if (entry.rowId < first) state.results.delete(seq);
      } else {
        for (const [seq, entry] of state.results) {
          if (entry.rowId >= first) break; // row order
          state.results.delete(seq);
          state.withPayload.delete(seq);
        }
      }
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

  function freshState(connIndex: number, decoder: Decoder, chosen: boolean, sampled = 0): ConnectionDecoding {
    const connection = store.connectionAt(connIndex);
    const state: ConnectionDecoding = {
      decoder,
      chosen,
      session: createSafeSession(decoder, connection),
      next: store.table.firstId,
      results: new Map(),
      withPayload: new Set(),
      decodedAny: false,
      sampled,
      lastSeq: -Infinity,
    };
    byConnection.set(connIndex, state);
    return state;
  }

  function stateOf(connIndex: number): ConnectionDecoding {
    prune();
    const state = byConnection.get(connIndex);
    // Until a message is decoded or the sample is full, detection may still learn from newer messages.
    if (state && (state.chosen || state.decodedAny || state.sampled >= DETECT_SAMPLE)) return state;
    const connection = store.connectionAt(connIndex);
    const sample = messagesOf(connIndex, store.table.firstId, DETECT_SAMPLE);
    return freshState(connIndex, detectDecoder(connection, sample), false, sample.length);
  }

  function decodeWith(session: DecoderSession, decoder: Decoder, message: MessageRecord): DecodeResult {
    try {
      return session.decode(message);
    } catch (error) {
      return { ok: false, protocol: decoder.id, error: String(error) };
    }
  }

  /** Keeps a result; stateless: the most recent ones only, stateful: all, payloads of the most recent. */
  function remember(state: ConnectionDecoding, seq: number, entry: Entry): void {
    state.decodedAny = true;
    state.results.set(seq, entry);
    if (state.decoder.stateless) {
      if (state.results.size > RECENT_RESULTS) state.results.delete(state.results.keys().next().value!);
      return;
    }
    if (!entry.full) return;
    state.withPayload.add(seq);
    if (state.withPayload.size > RECENT_RESULTS) {
      const oldest = state.withPayload.keys().next().value!;
      state.withPayload.delete(oldest);
      const kept = state.results.get(oldest);
      if (kept) [kept.result, kept.full] = [stripPayload(kept.result), false];
    }
  }

  /** Marks an entry as just used (it is let go last). */
  function touch(state: ConnectionDecoding, seq: number, entry: Entry): void {
    if (state.decoder.stateless) {
      state.results.delete(seq);
      state.results.set(seq, entry);
    } else if (entry.full) {
      state.withPayload.delete(seq);
      state.withPayload.add(seq);
    }
  }

  /** Stateful: feeds the connection's rows to its session up to and including `untilId`. */
  function feedUntil(connIndex: number, state: ConnectionDecoding, untilId: number): void {
    const table = store.table;
    for (let id = Math.max(state.next, table.firstId); id <= untilId && id < table.endId; id++) {
      state.next = id + 1;
      if (table.connIndex(id) !== connIndex || table.opcode(id) === 0) continue;
      const message = store.rowAt(id) as MessageRecord;
      state.lastSeq = message.seq;
      remember(state, message.seq, { rowId: id, result: decodeWith(state.session, state.decoder, message), full: true });
    }
  }

  function scheduleCatchUp(connIndex: number, rowId: number): void {
    catchUpTargets.set(connIndex, Math.max(rowId, catchUpTargets.get(connIndex) ?? rowId));
    catchUpTimer ??= setTimeout(catchUpSlice, 0);
  }

  function catchUpSlice(): void {
    catchUpTimer = undefined;
    const deadline = Date.now() + SLICE_MS;
    prune();
    for (const [connIndex, target] of catchUpTargets) {
      const state = byConnection.get(connIndex);
      if (!state) {
        catchUpTargets.delete(connIndex);
        continue;
      }
      while (state.next <= target && state.next < store.table.endId && Date.now() < deadline) feedUntil(connIndex, state, Math.min(target, state.next + STEP_ROWS - 1));
      if (state.next > target || state.next >= store.table.endId) catchUpTargets.delete(connIndex);
      if (Date.now() >= deadline) break;
    }
    if (catchUpTargets.size) catchUpTimer = setTimeout(catchUpSlice, 0);
    else onChange();
  }

  /**
   * The row's result. `wait: false` (the list): a stateful session far behind is left to catch
   * up in the background and undefined is returned for now.
   */
  function entryFor(rowId: number, message: MessageRecord, wait: boolean): { state: ConnectionDecoding; entry?: Entry } {
    const connIndex = store.table.connIndex(rowId);
    const state = stateOf(connIndex);
    let entry = state.results.get(message.seq);
    if (entry) {
      touch(state, message.seq, entry);
      return { state, entry };
    }
    if (state.decoder.stateless) {
      entry = { rowId, result: decodeWith(state.session, state.decoder, message), full: true };
      remember(state, message.seq, entry);
      return { state, entry };
    }
    if (rowId < state.next) return { state }; // fed before this row was kept (it was pruned)
    if (!wait && rowId - state.next > INLINE_ROWS) {
      scheduleCatchUp(connIndex, rowId);
      return { state };
    }
    feedUntil(connIndex, state, rowId);
    return { state, entry: state.results.get(message.seq) };
  }

  /** The payload of a stateful row whose payload was let go: replay a few rows before it in a fresh session. */
  function rebuildPayload(connIndex: number, state: ConnectionDecoding, rowId: number): unknown {
    const table = store.table;
    const before: number[] = [];
    for (let id = rowId - 1; id >= table.firstId && before.length < PAYLOAD_CONTEXT && rowId - id < PAIR_WINDOW * 10; id--) {
      if (table.connIndex(id) === connIndex && table.opcode(id) !== 0) before.push(id);
    }
    const session = createSafeSession(state.decoder, store.connectionAt(connIndex));
    for (const id of before.reverse()) decodeWith(session, state.decoder, store.rowAt(id) as MessageRecord);
    const result = decodeWith(session, state.decoder, store.rowAt(rowId) as MessageRecord);
    return result.ok ? result.payload : undefined;
  }

  /** The other messages of the row's request/response exchange, among the rows around it. */
  function pairOf(connIndex: number, state: ConnectionDecoding, rowId: number) {
    const table = store.table;
    const windowEnd = Math.min(table.endId, rowId + PAIR_WINDOW);
    if (state.pairing?.rowId === rowId && (state.pairing.windowEnd === windowEnd || state.pairing.pair)) return state.pairing.pair;
    if (!state.decoder.stateless) feedUntil(connIndex, state, windowEnd - 1);
    const ids: number[] = [];
    const items: { decoded: DecodeResult; time: number }[] = [];
    for (let id = Math.max(table.firstId, rowId - PAIR_WINDOW); id < windowEnd; id++) {
      if (table.connIndex(id) !== connIndex || table.opcode(id) === 0) continue;
      const message = store.rowAt(id) as MessageRecord;
      // Stateless rows are decoded without being kept: the window would push the rows on screen out.
      const decoded = state.results.get(message.seq)?.result ?? (state.decoder.stateless ? decodeWith(state.session, state.decoder, message) : undefined);
      if (!decoded) continue;
      ids.push(id);
      items.push({ decoded, time: message.time });
    }
    const { pairOf: pairs } = pairMessages(items);
    const index = ids.indexOf(rowId);
    const found = index >= 0 ? pairs[index] : undefined;
    const pair = found
      ? { other: [found.request, ...found.responses, found.complete].filter((i): i is number => i !== undefined && i !== index).map((i) => ids[i]), rtt: found.rtt }
      : undefined;
    state.pairing = { rowId, windowEnd, pair };
    return pair;
  }

  return {
    summaryOf(rowId, message) {
      // JSON and hex summaries would repeat the preview: not worth decoding every row shown.
      if (PLAIN.has(stateOf(store.table.connIndex(rowId)).decoder.id)) return undefined;
      const { state, entry } = entryFor(rowId, message, false);
      if (!entry) return undefined;
      return entry.result.ok ? entry.result.summary : `⚠ ${state.decoder.label}`;
    },
    decodedOf(rowId, message): DecodedView | undefined {
      const { state, entry } = entryFor(rowId, message, true);
      if (!entry) return undefined;
      const result = entry.result;
      if (!result.ok) return { protocol: state.decoder.label, error: result.error };
      const connIndex = store.table.connIndex(rowId);
      let payload = result.payload;
      if (!entry.full) {
        payload = rebuildPayload(connIndex, state, rowId);
        entry.result = { ...result, payload };
        entry.full = true;
        remember(state, message.seq, entry);
      }
      const view: DecodedView = { protocol: state.decoder.label, summary: result.summary, type: result.type, fields: result.fields, payload };
      if (result.correlation) {
        const pair = pairOf(connIndex, state, rowId);
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
      let entry = state.results.get(message.seq);
      if (!entry && state.decoder.stateless) {
        // Filters visit every row once per run: decode without keeping, or the run would push out the rows on screen.
        const result = decodeWith(state.session, state.decoder, message);
        state.decodedAny = true;
        return result.ok ? (result.fields as DecodedFields) : undefined;
      }
      // Filters test rows oldest first: feed forward a step at a time until this row is reached.
      while (!entry && state.next < store.table.endId && state.lastSeq < message.seq) {
        feedUntil(connIndex, state, state.next + STEP_ROWS - 1);
        entry = state.results.get(message.seq);
      }
      return entry?.result.ok ? (entry.result.fields as DecodedFields) : undefined;
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
      freshState(connIndex, decoder, true);
      catchUpTargets.delete(connIndex);
      onChange();
    },
  };
}
