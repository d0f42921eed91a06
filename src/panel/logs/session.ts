/**
 * Between the panel store and saved logs (src/logs): what to export (all, the selected
 * connections, or what the filter shows) as a SessionLog, and how an imported log joins the store.
 * Collecting a million rows is sliced with the one time-slicing helper (src/lib/time-slices.ts).
 */
import type { Handshake as HarHandshake, SessionLog } from '../../logs/types';
import type { ConnectionInfo, MessageRecord } from '../../protocol/records';
import { isControlEvent } from '../../query/types';
import type { PanelStore } from '../state/store';
import type { MessageView } from '../state/message-view';
import { rowsOfConnections } from '../state/connection-rows';
import { createSlicer } from '../../lib/time-slices';

/** Work per slice while collecting an export, as the export's own stages use: under the 50 ms where input starts to feel late. */
const DEFAULT_SLICE_MS = 20;

export type ExportChoice = { kind: 'all' } | { kind: 'connections'; ids: string[] } | { kind: 'shown'; view: MessageView };

export interface SessionSlicing {
  /** Awaited between slices (default: `yieldToEventLoop`, so the panel renders and takes input). */
  yieldToEventLoop?: () => Promise<void>;
  /** Work per slice (default 20 ms). */
  sliceMs?: number;
}

/**
 * The chosen rows as a SessionLog, built in slices: a million rows take a few hundred ms, which
 * in one task would freeze the panel. The rows are those present when it starts; rows the
 * message limit drops meanwhile are left out.
 */
export async function sessionFromStore(store: PanelStore, choice: ExportChoice, slicing: SessionSlicing = {}): Promise<SessionLog> {
  const { table } = store;
  const slicer = createSlicer({ sliceMs: slicing.sliceMs ?? DEFAULT_SLICE_MS, yieldToEventLoop: slicing.yieldToEventLoop });
  let ids: ArrayLike<number>;
  if (choice.kind === 'shown') {
    // The view changes with the filter and new rows: take its ids now.
    const shown = new Float64Array(choice.view.count);
    for (let i = 0; i < shown.length; i++) shown[i] = choice.view.idAt(i);
    ids = shown;
  } else {
    const wanted = choice.kind === 'connections' ? new Set(choice.ids.map((id) => store.connectionIndexOf(id)).filter((i): i is number => i !== undefined)) : null;
    ids = rowsOfConnections(table, wanted);
  }
  const messages: MessageRecord[] = [];
  const used = new Set<string>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (table.has(id)) {
      const row = store.rowAt(id);
      if (!isControlEvent(row)) {
        messages.push(row);
        used.add(row.connId);
      }
    }
    // The clock is read once per 1,024 rows: reading it per row would cost more than the row.
    if ((i & 1023) === 1023 && slicer.expired()) await slicer.next();
  }
  // What the caller does next (an export plan over every message) starts in a task of its own.
  await slicer.next();
  const connections = store
    .getState()
    .connections.filter((c) => (choice.kind === 'all' ? true : choice.kind === 'connections' ? choice.ids.includes(c.id) : used.has(c.id)));
  const handshakes: Record<string, HarHandshake> = {};
  for (const c of connections) {
    const h = c.handshake;
    if (h && (h.requestHeaders || h.responseHeaders)) {
      handshakes[c.id] = {
        requestHeaders: h.requestHeaders ?? [],
        responseHeaders: h.responseHeaders ?? [],
        status: h.status ?? 0,
        statusText: h.statusText ?? '',
      };
    }
  }
  return { connections, messages, handshakes, source: { kind: 'live' } };
}

/** Adds an imported log to the store: its connections carry `source: 'imported'` and their handshakes. */
export function addImportedLog(store: PanelStore, log: SessionLog): void {
  const connections: ConnectionInfo[] = log.connections.map((c) => {
    const h = log.handshakes?.[c.id];
    const handshake = h
      ? { requestHeaders: h.requestHeaders, responseHeaders: h.responseHeaders, status: h.status, statusText: h.statusText }
      : c.handshake;
    return { ...c, source: 'imported', ...(handshake ? { handshake } : {}) };
  });
  store.addLog(connections, log.messages);
}
