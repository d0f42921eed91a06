/**
 * Decoded results kept per connection, bounded so that a million messages cost little:
 * - a stateless decoder (JSON, MessagePack, Phoenix...) decodes any row on its own, so only the
 *   most recently used results are kept (`createRecentResults`);
 * - a stateful one (Socket.IO attachments, MQTT fragments, JSON-RPC method names...) cannot
 *   decode a row again without the rows before it, so every fed row's result is kept, in row
 *   order (`createAllResults`); only payloads are let go (`payload-eviction.ts`).
 */
import type { DecodedEntry } from './decoded-entry';
import { createPayloadEviction, type PayloadEviction } from './payload-eviction';

/** Results that keep their payload (stateless: all that is kept), per connection. */
export const RECENT_RESULTS = 4096;

/** Results by message seq. */
export interface ResultCache {
  get(seq: number): DecodedEntry | undefined;
  /** Keeps a result, letting go of what the bound no longer allows. */
  keep(seq: number, entry: DecodedEntry): void;
  /** Marks a result as just used (it is let go last). */
  touch(seq: number, entry: DecodedEntry): void;
  /** Lets go of results of rows the table no longer holds (Clear, the message limit). */
  dropBefore(firstRowId: number): void;
}

/** Stateless decoders: the most recently used results only, least recently used first. */
export function createRecentResults(limit = RECENT_RESULTS): ResultCache {
  const results = new Map<number, DecodedEntry>();
  return {
    get: (seq) => results.get(seq),
    keep(seq, entry) {
      results.set(seq, entry);
      if (results.size > limit) results.delete(results.keys().next().value!);
    },
    touch(seq, entry) {
      results.delete(seq);
      results.set(seq, entry);
    },
    dropBefore(firstRowId) {
      // In use order, not row order: check them all (at most `limit`).
      for (const [seq, entry] of results) if (entry.rowId < firstRowId) results.delete(seq);
    },
  };
}

/** Stateful decoders: every fed row's result, in row order; payloads of the most recent only. */
export function createAllResults(payloads: PayloadEviction = createPayloadEviction(RECENT_RESULTS)): ResultCache {
  const results = new Map<number, DecodedEntry>();
  return {
    get: (seq) => results.get(seq),
    keep(seq, entry) {
      results.set(seq, entry);
      if (entry.full) payloads.holds(seq, entry);
    },
    touch(seq, entry) {
      if (entry.full) payloads.used(seq, entry);
    },
    dropBefore(firstRowId) {
      for (const [seq, entry] of results) {
        if (entry.rowId >= firstRowId) break; // row order
        results.delete(seq);
        payloads.forget(seq);
      }
    },
  };
}
