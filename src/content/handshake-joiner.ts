/**
 * Joins webRequest handshake phases to the page's connections. The two arrive independently
 * (the hook's batch may come before or after the request event), so whichever comes first waits
 * for the other; sockets to the same URL are paired in creation order.
 */
import type { ConnectionInfo } from '../protocol/records';
import type { HandshakeEvent } from '../protocol/messages';

/** webRequest may report the upgrade with an http(s) scheme; the page sees ws(s). */
export function normalizeSocketUrl(url: string): string {
  return url.replace(/^http(s?):/i, 'ws$1:');
}

const MAX_PENDING = 200;

export function createHandshakeJoiner() {
  const connByRequest = new Map<string, string>();
  /** Connections still waiting for their request event, by URL, oldest first. */
  const waitingConnections = new Map<string, string[]>();
  /** Events whose connection has not been created yet, in arrival order. */
  let orphanEvents: HandshakeEvent[] = [];

  function apply(info: ConnectionInfo, event: HandshakeEvent): void {
    const handshake = (info.handshake ??= {});
    handshake.requestId = event.requestId;
    if (event.phase === 'request') {
      handshake.requestHeaders = event.headers ?? [];
      handshake.requestTime = event.time;
    } else if (event.phase === 'response') {
      handshake.responseHeaders = event.headers ?? [];
      handshake.status = event.status;
      handshake.statusText = event.statusText;
      handshake.responseTime = event.time;
    } else {
      handshake.error = event.error;
      handshake.responseTime = event.time;
    }
  }

  function bind(event: HandshakeEvent): string | undefined {
    const known = connByRequest.get(event.requestId);
    if (known) return known;
    const queue = waitingConnections.get(normalizeSocketUrl(event.url));
    const id = queue?.shift();
    if (id) connByRequest.set(event.requestId, id);
    return id;
  }

  return {
    connectionCreated(info: ConnectionInfo): void {
      const url = normalizeSocketUrl(info.url);
      const queue = waitingConnections.get(url) ?? [];
      queue.push(info.id);
      waitingConnections.set(url, queue);
      const pending = orphanEvents;
      orphanEvents = [];
      for (const event of pending) {
        const id = bind(event);
        if (id === info.id) apply(info, event);
        else if (!id) orphanEvents.push(event);
      }
    },
    handshake(event: HandshakeEvent, lookup: (id: string) => ConnectionInfo | undefined): ConnectionInfo | undefined {
      const id = bind(event);
      const info = id ? lookup(id) : undefined;
      if (info) {
        apply(info, event);
        return info;
      }
      if (!id) {
        orphanEvents.push(event);
        if (orphanEvents.length > MAX_PENDING) orphanEvents.shift();
      }
      return undefined;
    },
  };
}
