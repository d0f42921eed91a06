/**
 * Which messages the page sent on a served socket that the log did not expect ("unmatched" rows):
 * the engine's own pairing (findUnmatched in src/serve/pairing.ts) run again here over the
 * connection's sent messages, so the panel says what the player decided without a message of its
 * own crossing from the bridge. Cached per connection until it has more sent messages.
 */
import type { ServeScript } from '../../protocol/serve';
import { base64ToBytes } from '../../lib/bytes';
import { findUnmatched } from '../../serve/pairing';
import type { ServePayload } from '../../serve/payload';
import { forEachMessageRowOf } from './connection-rows';
import type { PanelStore } from './store';

export interface UnmatchedRows {
  /** Whether row `id` (a message of connection `connId`) is a sent message the served log did not expect. */
  isUnmatched(id: number, connId: string): boolean;
}

function payloadOfRow(store: PanelStore, id: number): ServePayload {
  const payload = store.table.payload(id);
  if (store.table.opcode(id) === 1) return payload;
  try {
    const bytes = base64ToBytes(payload);
    return bytes.slice().buffer as ArrayBuffer;
  } catch {
    return new ArrayBuffer(0);
  }
}

/** `scriptOf` finds a serving's script by id (the panel remembers the scripts it has seen). */
export function createUnmatchedRows(store: PanelStore, scriptOf: (id: string) => ServeScript | undefined): UnmatchedRows {
  const cache = new Map<string, { scriptId: string; sentRows: number; unmatched: Set<number> }>();
  return {
    isUnmatched(id, connId) {
      if (!store.table.has(id) || !store.table.isSend(id)) return false;
      const connection = store.connection(connId);
      const script = connection?.served === undefined ? undefined : scriptOf(connection.served);
      const index = store.connectionIndexOf(connId);
      if (!connection || !script || index === undefined) return false;
      let entry = cache.get(connId);
      if (!entry || entry.scriptId !== script.id || entry.sentRows !== connection.sent.count) {
        const rows: number[] = [];
        forEachMessageRowOf(store.table, index, store.table.firstId, store.table.endId, (row) => {
          if (store.table.isSend(row) && !(store.rowAt(row) as { discarded?: boolean }).discarded) rows.push(row);
        });
        const flags = findUnmatched(script, rows.map((row) => payloadOfRow(store, row)));
        entry = { scriptId: script.id, sentRows: connection.sent.count, unmatched: new Set(rows.filter((_, i) => flags[i])) };
        cache.set(connId, entry);
      }
      return entry.unmatched.has(id);
    },
  };
}
