/**
 * MQTT is a byte stream: a server may write one packet over several WebSocket messages (aedes
 * over `ws` writes the header, the length, the packet id and the payload separately), and a
 * client reassembles them. Ids can only be carried into whole packets, so the recorded server
 * messages of an MQTT conversation are joined into whole packets before serving, each at the time
 * (and conversational position) of its last piece. The page receives the same bytes in fewer
 * messages, which MQTT over WebSocket allows.
 */
import { base64ToBytes, bytesToBase64 } from '../lib/bytes';
import type { ServeFrame } from '../protocol/serve';
import { splitMqttPackets } from './mqtt-packets';
import { PARSE_LIMIT } from './parse';

function join(chunks: Uint8Array[]): Uint8Array {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Frames in recorded order, server pieces joined into whole packets (page frames untouched). */
export function joinMqttServerPackets(frames: readonly ServeFrame[]): ServeFrame[] {
  const out: ServeFrame[] = [];
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let lastAt = 0;
  const flush = () => {
    if (pending.length === 0) return;
    out.push({ dir: 1, at: lastAt, base64: bytesToBase64(join(pending)) });
    pending = [];
    pendingBytes = 0;
  };
  for (const frame of frames) {
    if (frame.dir === 0) {
      out.push(frame);
      continue;
    }
    if (frame.base64 === undefined) {
      flush();
      out.push(frame);
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = base64ToBytes(frame.base64);
    } catch {
      flush();
      out.push(frame);
      continue;
    }
    if (pending.length === 0 && splitMqttPackets(bytes)) {
      out.push(frame);
      continue;
    }
    pending.push(bytes);
    pendingBytes += bytes.length;
    lastAt = frame.at;
    if (pendingBytes > PARSE_LIMIT || splitMqttPackets(join(pending))) flush();
  }
  flush();
  return out;
}
