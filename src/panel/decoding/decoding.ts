/**
 * Sub-protocol decoding for the panel (src/decoders does the protocols; this joins them to the
 * store). Each connection gets a decoder, detected from its sub-protocol, URL and first messages
 * or chosen by the user. Rows are decoded on demand: rendered rows, the Decoded view, filters on
 * decoded fields.
 *
 * What it keeps stays bounded at a million messages, and no call blocks the panel for long. The
 * jobs live beside this file, one each; this module only decides which one a request needs:
 * - `detection.ts`: which decoder a connection gets;
 * - `result-cache.ts`: the results kept (stateless: the recent ones; stateful: all, in row order);
 * - `stateful-feed.ts`: feeding a stateful session the connection's rows in order;
 * - `catch-up.ts`: a list showing a row far ahead of its session does not wait: the session
 *   catches up in short slices and the rows get their summaries when it is there;
 * - `payload-eviction.ts`: stateful payloads kept for recent rows only, rebuilt on demand;
 * - `pair-search.ts`: request/response pairs among nearby rows of the connection.
 *
 * A decoder that throws or fails gives the raw views plus its error; nothing reaches the panel.
 */
import { DECODERS, MAX_HEARTBEAT_BYTES, getDecoder, type DecodeResult } from '../../decoders';
import type { MessageRecord } from '../../protocol/records';
import { isControlEvent } from '../../query/types';
import type { DecodedFields } from '../../decoders/types';
import type { SlicerOptions } from '../../lib/time-slices';
import type { PanelStore } from '../state/store';
import type { DecodedView, DecoderSupport } from './types';
import { createConnectionDecoding, keepResult, type ConnectionDecoding } from './connection-decoding';
import { decodeSafely } from './decode-safely';
import { detectFor, isSettled } from './detection';
import { feedUntil } from './stateful-feed';
import { createCatchUp } from './catch-up';
import { rebuildPayload } from './payload-eviction';
import { findPair } from './pair-search';
import type { DecodedEntry } from './decoded-entry';
import { decoderLabel } from './decoder-label';

/** Decoders whose summary would only repeat the preview. */
const PLAIN = new Set(['json', 'hex']);
/** Table rows a stateful session may be fed inline for the list; further ahead, it catches up in slices. */
const INLINE_ROWS = 2048;
/** Table rows fed per step while catching up or filtering. */
const STEP_ROWS = 256;

export interface DecodingOptions {
  /** How background catch-up slices its work (tests inject a clock and a yield). */
  slicing?: SlicerOptions;
}

/** `onChange` is called when results changed without being asked for (catch-up done, a decoder chosen). */
export function createDecoding(store: PanelStore, onChange: () => void, options: DecodingOptions = {}): DecoderSupport {
  const byConnection = new Map<number, ConnectionDecoding>();
  let prunedAt = store.table.firstId;

  /** Results of rows the table no longer holds (Clear, the message limit) are let go. */
  function prune(): void {
    const first = store.table.firstId;
    if (first === prunedAt) return;
    prunedAt = first;
    for (const state of byConnection.values()) {
      state.pairing = undefined;
      state.results.dropBefore(first);
    }
  }

  function freshState(connIndex: number, decoder: ConnectionDecoding['decoder'], chosen: boolean, sampled: number): ConnectionDecoding {
    const state = createConnectionDecoding(decoder, store.connectionAt(connIndex), { chosen, sampled, firstRow: store.table.firstId });
    byConnection.set(connIndex, state);
    return state;
  }

  /**
   * The connection's decoding state, detecting its decoder while that is not settled. Detection
   * runs again only once the store has changed: every list row and filter test asks, and before
   * this a connection whose JSON messages were never decoded re-ran it at every row of every
   * render (seconds per render with a few 4 MiB messages). The same decoder found again keeps
   * its session and results.
   */
  function stateOf(connIndex: number): ConnectionDecoding {
    prune();
    const state = byConnection.get(connIndex);
    if (state && (isSettled(state) || state.detectedAt === store.version)) return state;
    // Detect again only when the store changed; an unchanged choice keeps its results.
    const { decoder, sampled } = detectFor(store, connIndex);
    const next = state && state.decoder.id === decoder.id ? state : freshState(connIndex, decoder, false, sampled);
    next.sampled = sampled;
    next.detectedAt = store.version;
    return next;
  }

  const catchUp = createCatchUp(
    (connIndex, target) => {
      prune();
      const state = byConnection.get(connIndex);
      if (!state) return true;
      feedUntil(store, connIndex, state, Math.min(target, state.next + STEP_ROWS - 1));
      return state.next > target || state.next >= store.table.endId;
    },
    onChange,
    options.slicing,
  );

  /**
   * The row's result. `wait: false` (the list): a stateful session far behind is left to catch
   * up in the background and undefined is returned for now.
   */
  function entryFor(rowId: number, message: MessageRecord, wait: boolean): { state: ConnectionDecoding; entry?: DecodedEntry } {
    const connIndex = store.table.connIndex(rowId);
    const state = stateOf(connIndex);
    let entry = state.results.get(message.seq);
    if (entry) {
      state.results.touch(message.seq, entry);
      return { state, entry };
    }
    if (state.decoder.stateless) {
      entry = { rowId, result: decodeSafely(state.session, state.decoder, message), full: true };
      keepResult(state, message.seq, entry);
      return { state, entry };
    }
    if (rowId < state.next) return { state }; // fed before this row was kept (it was pruned)
    if (!wait && rowId - state.next > INLINE_ROWS) {
      catchUp.request(connIndex, rowId);
      return { state };
    }
    feedUntil(store, connIndex, state, rowId);
    return { state, entry: state.results.get(message.seq) };
  }

  /**
   * A row's result as filters read it. Filters visit every row once per run: a stateless decoder
   * decodes without keeping the result, or the run would push out the rows on screen; a stateful
   * one is fed forward a step at a time (rows are tested oldest first) until the row is reached.
   */
  function filterResultOf(message: MessageRecord): DecodeResult | undefined {
    const connIndex = store.connectionIndexOf(message.connId);
    if (connIndex === undefined) return undefined;
    const state = stateOf(connIndex);
    let entry = state.results.get(message.seq);
    if (!entry && state.decoder.stateless) {
      state.decodedAny = true;
      return decodeSafely(state.session, state.decoder, message);
    }
    while (!entry && state.next < store.table.endId && state.lastSeq < message.seq) {
      feedUntil(store, connIndex, state, state.next + STEP_ROWS - 1);
      entry = state.results.get(message.seq);
    }
    return entry?.result;
  }

  return {
    summaryOf(rowId, message) {
      // JSON and hex summaries would repeat the preview: not worth decoding every row shown.
      if (PLAIN.has(stateOf(store.table.connIndex(rowId)).decoder.id)) return undefined;
      const { state, entry } = entryFor(rowId, message, false);
      if (!entry) return undefined;
      return entry.result.ok ? entry.result.summary : `⚠ ${decoderLabel(state.decoder)}`;
    },
    decodedOf(rowId, message): DecodedView | undefined {
      const { state, entry } = entryFor(rowId, message, true);
      if (!entry) return undefined;
      const result = entry.result;
      if (!result.ok) return { protocol: decoderLabel(state.decoder), error: result.error };
      const connIndex = store.table.connIndex(rowId);
      let payload = result.payload;
      if (!entry.full) {
        payload = rebuildPayload(store, connIndex, state.decoder, rowId);
        entry.result = { ...result, payload };
        entry.full = true;
        keepResult(state, message.seq, entry);
      }
      const view: DecodedView = { protocol: decoderLabel(state.decoder), summary: result.summary, type: result.type, fields: result.fields, payload };
      if (result.correlation) {
        const pair = findPair(store, connIndex, state, rowId, (untilId) => feedUntil(store, connIndex, state, untilId));
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
      const result = filterResultOf(message);
      return result?.ok ? result.fields : undefined;
    },
    isHeartbeat(message) {
      // Keep-alives are a few bytes: anything larger is not decoded for this question.
      if (message.size > MAX_HEARTBEAT_BYTES) return false;
      const result = filterResultOf(message);
      return result?.ok === true && result.heartbeat === true;
    },
    choicesFor(connId) {
      const connIndex = store.connectionIndexOf(connId);
      if (connIndex === undefined) return [];
      const active = stateOf(connIndex).decoder.id;
      return DECODERS.map((d) => ({ id: d.id, label: decoderLabel(d), active: d.id === active }));
    },
    choose(connId, decoderId) {
      const connIndex = store.connectionIndexOf(connId);
      const decoder = getDecoder(decoderId);
      if (connIndex === undefined || !decoder) return;
      freshState(connIndex, decoder, true, 0);
      catchUp.drop(connIndex);
      onChange();
    },
  };
}
