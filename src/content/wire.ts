/**
 * The bridge's kept shapes, and what they become when they leave for the router. Binary payloads
 * stay ArrayBuffers while kept (most are never shown) and become base64 only on the way out, as
 * Chrome serialises extension messages as JSON; connections leave as copies, since the bridge
 * keeps updating its own.
 */
import { bytesToBase64 } from '../lib/bytes';
import type { InterceptMarks, MarkedMessage } from '../protocol/intercept';
import type { ConnectionInfo, Direction } from '../protocol/records';

/** A message as the bridge keeps it. */
export interface CapturedMessage {
  connId: string;
  seq: number;
  dir: Direction;
  time: number;
  /** Bytes on the wire (UTF-8 bytes for text). */
  size: number;
  text?: string;
  /** Binary payload: a view (hook batches keep all of a batch's payloads in one buffer). */
  bytes?: Uint8Array;
  truncated: boolean;
  /** Nothing went on (see `HookMessage.discarded`). */
  discarded: boolean;
  /** What Frameline did to it; absent when nothing. */
  marks?: InterceptMarks;
}

export function toWireMessage(m: CapturedMessage): MarkedMessage {
  const wire: MarkedMessage = { connId: m.connId, seq: m.seq, dir: m.dir, time: m.time, opcode: m.text === undefined ? 2 : 1, size: m.size };
  if (m.text !== undefined) wire.text = m.text;
  else wire.base64 = bytesToBase64(m.bytes ?? new Uint8Array(0));
  if (m.truncated) wire.truncated = true;
  if (m.discarded) wire.discarded = true;
  if (m.marks) Object.assign(wire, m.marks);
  return wire;
}

export function toWireConnection(c: ConnectionInfo): ConnectionInfo {
  return {
    ...c,
    protocolsRequested: [...c.protocolsRequested],
    sent: { ...c.sent },
    received: { ...c.received },
    ...(c.handshake ? { handshake: { ...c.handshake } } : {}),
  };
}
