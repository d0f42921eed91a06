/**
 * The bounded history of one document's WebSocket traffic, kept by the bridge so that a panel
 * opened later still sees what happened before (Chrome and Firefox DevTools both lose it).
 *
 * Messages beyond the limits (count and payload bytes) are forgotten oldest first and counted
 * (`dropped`); connections beyond MAX_CONNECTIONS are forgotten oldest closed first. The webRequest
 * handshake of a connection is joined here too, whichever of the two arrives first.
 * What goes in comes from the hook decoder (hook-decoder.ts); what comes out is wire-shaped (wire.ts).
 */
import type { MarkedMessage } from '../protocol/intercept';
import type { HandshakeEvent } from '../protocol/messages';
import type { ConnectionInfo } from '../protocol/records';
import { DEFAULT_SETTINGS } from '../protocol/settings';
import { createHandshakeJoiner } from './handshake-joiner';
import { toWireConnection, toWireMessage, type CapturedMessage } from './wire';

export interface HistoryLimits {
  maxMessages: number;
  maxBytes: number;
}

/** Until the settings load: their defaults. */
export const DEFAULT_HISTORY_LIMITS: HistoryLimits = { maxMessages: DEFAULT_SETTINGS.historyMaxMessages, maxBytes: DEFAULT_SETTINGS.historyMaxBytes };

/** Most connections kept; beyond it the oldest closed ones are forgotten. */
const MAX_CONNECTIONS = 2_000;

export interface DocumentHistory {
  /** Keeps a new connection (the history updates nothing itself: the decoder changes it in place). */
  addConnection(info: ConnectionInfo): void;
  connection(connId: string): ConnectionInfo | undefined;
  /** Keeps a message, forgetting the oldest ones beyond the limits. */
  addMessage(message: CapturedMessage): void;
  snapshot(): { connections: ConnectionInfo[]; messages: MarkedMessage[] };
  /** Joins a webRequest handshake phase to its connection; returns the connection if it changed. */
  handshake(event: HandshakeEvent): ConnectionInfo | undefined;
  /** Forgets the messages and the finished connections. */
  clear(): void;
  /** New limits apply at once. */
  setLimits(limits: HistoryLimits): void;
  readonly dropped: number;
  /** Counts messages lost before they reached the history (a worker hook's full buffer). */
  addDropped(count: number): void;
  /** Bytes the kept payloads hold in memory (for the budget). */
  readonly heldBytes: number;
  readonly messageCount: number;
}

/** Memory a kept message holds: two bytes per UTF-16 unit of text, the buffer of binary. */
const heldBy = (m: CapturedMessage) => (m.text !== undefined ? m.text.length * 2 : (m.bytes?.byteLength ?? 0));

export function createDocumentHistory(options: { limits?: HistoryLimits } = {}): DocumentHistory {
  let limits = options.limits ?? DEFAULT_HISTORY_LIMITS;
  const connections = new Map<string, ConnectionInfo>();
  let messages: CapturedMessage[] = [];
  let head = 0;
  let heldBytes = 0;
  let dropped = 0;
  const joiner = createHandshakeJoiner();

  function evict(): void {
    while (messages.length - head > limits.maxMessages || (heldBytes > limits.maxBytes && messages.length - head > 0)) {
      heldBytes -= heldBy(messages[head]);
      messages[head] = undefined as unknown as CapturedMessage;
      head++;
      dropped++;
    }
    // Compact once the dead prefix dominates, so memory follows the live window.
    if (head > 1024 && head * 2 > messages.length) {
      messages = messages.slice(head);
      head = 0;
    }
  }

  function trimConnections(): void {
    if (connections.size <= MAX_CONNECTIONS) return;
    for (const [id, info] of connections) {
      if (connections.size <= MAX_CONNECTIONS) break;
      if (info.state === 'closed' || info.state === 'error') connections.delete(id);
    }
  }

  return {
    addConnection(info) {
      connections.set(info.id, info);
      joiner.connectionCreated(info);
      trimConnections();
    },
    connection: (connId) => connections.get(connId),
    addMessage(message) {
      messages.push(message);
      heldBytes += heldBy(message);
      evict();
    },
    snapshot() {
      const kept: MarkedMessage[] = [];
      for (let i = head; i < messages.length; i++) kept.push(toWireMessage(messages[i]));
      return { connections: Array.from(connections.values(), toWireConnection), messages: kept };
    },
    handshake(event) {
      return joiner.handshake(event, (id) => connections.get(id));
    },
    clear() {
      messages = [];
      head = 0;
      heldBytes = 0;
      // What was dropped before is no longer missing from anything: the history starts over.
      dropped = 0;
      for (const [id, info] of connections) {
        if (info.state === 'closed' || info.state === 'error') connections.delete(id);
      }
    },
    setLimits(next) {
      limits = { maxMessages: next.maxMessages, maxBytes: next.maxBytes };
      evict();
    },
    get dropped() {
      return dropped;
    },
    addDropped(count) {
      dropped += count;
    },
    get heldBytes() {
      return heldBytes;
    },
    get messageCount() {
      return messages.length - head;
    },
  };
}
