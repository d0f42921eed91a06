/**
 * Between the panel store and saved logs (src/har): what to export (all, the selected
 * connections, or what the filter shows) as a SessionLog, and how an imported log joins the store.
 */
import type { Handshake as HarHandshake, SessionLog } from '../har/types';
import type { ConnectionInfo, MessageRecord } from '../model/types';
import { isControlEvent } from '../query/types';
import type { PanelStore } from './store';
import type { MessageView } from './model/message-view';

export type ExportChoice = { kind: 'all' } | { kind: 'connections'; ids: string[] } | { kind: 'shown'; view: MessageView };

export function sessionFromStore(store: PanelStore, choice: ExportChoice): SessionLog {
  const { table } = store;
  const messages: MessageRecord[] = [];
  const push = (id: number) => {
    const row = store.rowAt(id);
    if (!isControlEvent(row)) messages.push(row);
  };
  if (choice.kind === 'shown') {
    for (let i = 0; i < choice.view.count; i++) push(choice.view.idAt(i));
  } else {
    const wanted = choice.kind === 'connections' ? new Set(choice.ids.map((id) => store.connectionIndexOf(id))) : null;
    for (let id = table.firstId; id < table.endId; id++) if (!wanted || wanted.has(table.connIndex(id))) push(id);
  }
  const used = new Set(messages.map((m) => m.connId));
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
