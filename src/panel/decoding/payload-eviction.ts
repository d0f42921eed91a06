/**
 * Payloads of a stateful connection's results, bounded: a decoded payload (a tree of objects) can
 * cost far more than its row, so only the most recently used keep theirs; the others keep their
 * summary, fields and correlation (filters and pairing need those). A payload let go is rebuilt
 * when the Decoded view asks for it, from a short replay of the rows before it.
 */
import { createSafeSession, type DecodeResult, type Decoder } from '../../decoders';
import type { MessageRecord } from '../../protocol/records';
import type { PanelStore } from '../state/store';
import { messageRowsBefore } from '../state/connection-rows';
import { decodeSafely } from './decode-safely';
import type { DecodedEntry } from './decoded-entry';

/** Rows of the connection replayed before a row to rebuild a payload that was let go. */
const PAYLOAD_CONTEXT = 64;
/** How far back (table rows) to look for those rows. */
const PAYLOAD_LOOK_BACK = 20_000;

export interface PayloadEviction {
  /** The entry holds its payload now; the least recently used beyond the limit loses its own. */
  holds(seq: number, entry: DecodedEntry): void;
  /** The entry was just used (its payload is let go last). */
  used(seq: number, entry: DecodedEntry): void;
  /** The entry is gone. */
  forget(seq: number): void;
}

export function createPayloadEviction(limit: number): PayloadEviction {
  /** Entries holding their payload by seq, least recently used first. */
  const holding = new Map<number, DecodedEntry>();
  return {
    holds(seq, entry) {
      holding.set(seq, entry);
      if (holding.size <= limit) return;
      const [oldest, kept] = holding.entries().next().value!;
      holding.delete(oldest);
      kept.result = stripPayload(kept.result);
      kept.full = false;
    },
    used(seq, entry) {
      holding.delete(seq);
      holding.set(seq, entry);
    },
    forget(seq) {
      holding.delete(seq);
    },
  };
}

function stripPayload(result: DecodeResult): DecodeResult {
  if (!result.ok || result.payload === undefined) return result;
  const { payload: _dropped, ...rest } = result;
  return rest;
}

/** The payload of a row whose payload was let go: a few rows before it replayed in a fresh session, then the row. */
export function rebuildPayload(store: PanelStore, connIndex: number, decoder: Decoder, rowId: number): unknown {
  const session = createSafeSession(decoder, store.connectionAt(connIndex));
  for (const id of messageRowsBefore(store.table, connIndex, rowId, PAYLOAD_CONTEXT, PAYLOAD_LOOK_BACK)) decodeSafely(session, decoder, store.rowAt(id) as MessageRecord);
  const result = decodeSafely(session, decoder, store.rowAt(rowId) as MessageRecord);
  return result.ok ? result.payload : undefined;
}
