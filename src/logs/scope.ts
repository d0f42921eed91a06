/** Which part of a session an export covers. */
import type { SessionConnection, SessionLog, SessionMessage } from './types';

/**
 * - `'all'`: every connection and message.
 * - `{ connectionIds }`: exactly these connections (even those without messages), all their
 *   messages.
 * - `{ messageFilter }`: the messages it accepts (e.g. what the filtered list shows), and the
 *   connections that have at least one of them.
 * - both: these connections, with the accepted messages only.
 */
export type ExportScope =
  | 'all'
  | { connectionIds: readonly string[]; messageFilter?: (message: SessionMessage) => boolean }
  | { connectionIds?: undefined; messageFilter: (message: SessionMessage) => boolean };

export interface ScopedSession {
  /** In the session's order. */
  connections: SessionConnection[];
  /** In the session's order; only messages of `connections` (orphans are left out). */
  messages: SessionMessage[];
}

export function selectScope(log: SessionLog, scope: ExportScope = 'all'): ScopedSession {
  const known = new Set(log.connections.map((c) => c.id));
  if (scope === 'all') {
    return { connections: log.connections.slice(), messages: log.messages.filter((m) => known.has(m.connId)) };
  }
  const filter = scope.messageFilter;
  if (scope.connectionIds) {
    const wanted = new Set(scope.connectionIds);
    return {
      connections: log.connections.filter((c) => wanted.has(c.id)),
      messages: log.messages.filter((m) => wanted.has(m.connId) && known.has(m.connId) && (!filter || filter(m))),
    };
  }
  const messages = log.messages.filter((m) => known.has(m.connId) && (!filter || filter(m)));
  const used = new Set(messages.map((m) => m.connId));
  return { connections: log.connections.filter((c) => used.has(c.id)), messages };
}
