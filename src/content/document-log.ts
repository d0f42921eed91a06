/**
 * The bounded log of one document's WebSocket traffic, kept by the bridge so that a panel opened
 * later still sees what happened before (Chrome and Firefox DevTools both lose it).
 *
 * Hook records go in; model-shaped connections and messages come out. Binary payloads stay as
 * ArrayBuffers here and become base64 only when they leave for the router.
 */
import type { HookBatch, HookRecord } from '../protocol/hook-dialect';
import { bytesToBase64, utf8Length } from '../lib/bytes';
import type { ConnectionInfo, MessageRecord } from '../protocol/records';
import type { HandshakeEvent } from '../protocol/messages';
import { createHandshakeJoiner } from './handshake-joiner';

export interface HistoryLimits {
  maxMessages: number;
  maxBytes: number;
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = { maxMessages: 10_000, maxBytes: 50 * 1024 * 1024 };

/** Most connections kept; beyond it the oldest closed ones are forgotten. */
const MAX_CONNECTIONS = 2_000;

interface StoredMessage {
  connId: string;
  seq: number;
  dir: 'send' | 'receive';
  time: number;
  size: number;
  text?: string;
  bytes?: ArrayBuffer;
  truncated: boolean;
  discarded: boolean;
  /** Bytes this entry holds in memory (for the history budget). */
  held: number;
  mark?: 'injected' | 'replayed' | 'edited';
  rule?: string;
}

/** A message the hook holds for a decision, in the model's shape plus the hook's token. */
export type AskedMessage = MessageRecord & { token: number };

/** The outcome of a panel command, reported by the hook. */
export interface CommandResult {
  ref: number;
  ok: boolean;
  error?: string;
}

export interface DocumentLog {
  /** Applies a batch from the hook; returns what changed (for live streaming). */
  /** `wire`: build wire records of new messages (only worth it while a panel watches). */
  ingest(batch: HookBatch, wire?: boolean): { connections: ConnectionInfo[]; messages: MessageRecord[]; results: CommandResult[]; asks: AskedMessage[] };
  snapshot(): { connections: ConnectionInfo[]; messages: MessageRecord[] };
  /** Joins a webRequest handshake phase to its connection; returns the connection if it changed. */
  handshake(event: HandshakeEvent): ConnectionInfo | undefined;
  clear(): void;
  /** New limits apply from the next batch on (and drop what is over them now). */
  setLimits(limits: HistoryLimits): void;
  readonly dropped: number;
  readonly heldBytes: number;
  readonly messageCount: number;
}

export function createDocumentLog(options: { docId: string; frameUrl: string; limits?: HistoryLimits }): DocumentLog {
  let limits = options.limits ?? DEFAULT_HISTORY_LIMITS;
  const connections = new Map<string, ConnectionInfo>();
  let messages: StoredMessage[] = [];
  let head = 0;
  let heldBytes = 0;
  let dropped = 0;
  let wantWire = true;

  const connId = (id: number) => `${options.docId}:${id}`;
  const joiner = createHandshakeJoiner();

  function applyRecord(record: HookRecord, changed: Set<ConnectionInfo>, fresh: MessageRecord[], results: CommandResult[], asks: AskedMessage[]): void {
    if (record.k === 'ask') {
      const isText = typeof record.data === 'string';
      const ask: AskedMessage = {
        token: Number(record.token),
        connId: connId(record.id),
        seq: 0,
        dir: record.dir === 0 ? 'send' : 'receive',
        time: Number(record.time),
        opcode: isText ? 1 : 2,
        size: isText ? utf8Length(record.data as string) : (record.data as ArrayBuffer).byteLength,
      };
      if (isText) ask.text = record.data as string;
      else ask.base64 = bytesToBase64(new Uint8Array(record.data as ArrayBuffer));
      asks.push(ask);
      return;
    }
    if (record.k === 'result') {
      results.push({ ref: Number(record.ref), ok: record.ok === true, ...(record.error ? { error: String(record.error) } : {}) });
      return;
    }
    if (record.k === 'create') {
      const info: ConnectionInfo = {
        id: connId(record.id),
        url: String(record.url),
        frameUrl: options.frameUrl,
        frameId: 0,
        protocolsRequested: Array.from(record.protocols ?? [], String),
        protocol: '',
        extensions: '',
        state: 'connecting',
        createdAt: Number(record.time),
        initiator: cleanStack(String(record.stack ?? '')),
        api: record.api === 'WebSocketStream' ? 'WebSocketStream' : 'WebSocket',
        sent: { count: 0, bytes: 0 },
        received: { count: 0, bytes: 0 },
      };
      connections.set(info.id, info);
      changed.add(info);
      joiner.connectionCreated(info);
      trimConnections();
      return;
    }
    const info = connections.get(connId(record.id));
    if (!info) return;
    changed.add(info);
    switch (record.k) {
      case 'open':
        info.state = 'open';
        info.openedAt = record.time;
        info.protocol = String(record.protocol);
        info.extensions = String(record.extensions);
        break;
      case 'closing':
        if (info.state === 'connecting' || info.state === 'open') info.state = 'closing';
        break;
      case 'error':
        info.errored = true;
        info.state = 'error';
        break;
      case 'close':
        info.state = info.errored ? 'error' : 'closed';
        info.closedAt = record.time;
        info.closeCode = record.code;
        info.closeReason = record.reason;
        info.wasClean = record.wasClean;
        break;
      case 'msg': {
        const isText = typeof record.data === 'string';
        const size = record.size >= 0 ? record.size : isText ? utf8Length(record.data as string) : 0;
        const stored: StoredMessage = {
          connId: info.id,
          seq: record.seq,
          dir: record.dir === 0 ? 'send' : 'receive',
          time: record.time,
          size,
          truncated: record.truncated === true,
          discarded: record.discarded === true,
          held: 0,
        };
        if (record.mark === 'injected' || record.mark === 'replayed' || record.mark === 'edited') stored.mark = record.mark;
        if (typeof record.rule === 'string') stored.rule = record.rule;
        if (isText) {
          stored.text = record.data as string;
          stored.held = (record.data as string).length * 2;
        } else {
          stored.bytes = record.data as ArrayBuffer;
          stored.held = stored.bytes.byteLength;
        }
        if (!stored.discarded) {
          const counter = stored.dir === 'send' ? info.sent : info.received;
          counter.count++;
          counter.bytes += size;
        }
        messages.push(stored);
        heldBytes += stored.held;
        if (wantWire) fresh.push(toWire(stored));
        break;
      }
    }
  }

  function evict(): void {
    while (messages.length - head > limits.maxMessages || (heldBytes > limits.maxBytes && messages.length - head > 0)) {
      heldBytes -= messages[head].held;
      messages[head] = undefined as unknown as StoredMessage;
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
    ingest(batch, wire = true) {
      wantWire = wire;
      const changed = new Set<ConnectionInfo>();
      const fresh: MessageRecord[] = [];
      const results: CommandResult[] = [];
      const asks: AskedMessage[] = [];
      const records = batch.records;
      for (let i = 0; i < records.length; i++) {
        try {
          applyRecord(records[i], changed, fresh, results, asks);
        } catch {
          // A malformed record (a stale hook of another version, say) is skipped, not fatal.
        }
      }
      evict();
      return { connections: wire ? Array.from(changed, (c) => structuredCloneConnection(c)) : [], messages: fresh, results, asks };
    },
    handshake(event) {
      const info = joiner.handshake(event, (id) => connections.get(id));
      return info ? structuredCloneConnection(info) : undefined;
    },
    snapshot() {
      const kept: MessageRecord[] = [];
      for (let i = head; i < messages.length; i++) kept.push(toWire(messages[i]));
      return { connections: Array.from(connections.values(), structuredCloneConnection), messages: kept };
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
    get heldBytes() {
      return heldBytes;
    },
    get messageCount() {
      return messages.length - head;
    },
  };
}

function toWire(m: StoredMessage): MessageRecord {
  const wire: MessageRecord = { connId: m.connId, seq: m.seq, dir: m.dir, time: m.time, opcode: m.text === undefined ? 2 : 1, size: m.size };
  if (m.text !== undefined) wire.text = m.text;
  else wire.base64 = bytesToBase64(new Uint8Array(m.bytes ?? new ArrayBuffer(0)));
  if (m.truncated) wire.truncated = true;
  if (m.discarded) wire.discarded = true;
  if (m.mark) wire[m.mark] = true;
  if (m.rule) wire.rule = m.rule;
  return wire;
}

function structuredCloneConnection(c: ConnectionInfo): ConnectionInfo {
  return {
    ...c,
    protocolsRequested: [...c.protocolsRequested],
    sent: { ...c.sent },
    received: { ...c.received },
    ...(c.handshake ? { handshake: { ...c.handshake } } : {}),
  };
}

/** Drops the hook's own frames and the "Error" header from a construction stack. */
export function cleanStack(stack: string): string {
  return stack
    .split('\n')
    .filter((line) => line.trim() !== 'Error' && !/(chrome|moz)-extension:\/\//.test(line))
    .map((line) => line.trim())
    .join('\n');
}
