/**
 * Synthetic traffic shared by the Node scenarios (panel at scale, logs) and the browser's bulk
 * stream, so that a filter means the same thing in both: market-data-like JSON text messages of
 * about 100 bytes, one binary message of 512 bytes every 20th message, one sent message every
 * 10th (the rest received).
 */
import type { ConnectionInfo, MessageRecord } from '../../src/protocol/records';

const SYMBOLS = ['BTC-USD', 'ETH-USD', 'SOL-USD', 'XRP-USD', 'ADA-USD', 'DOT-USD', 'LTC-USD', 'BNB-USD'];

/** A text payload of about 100 bytes, e.g. {"type":"trade","seq":42,"sym":"ETH-USD","px":43012.5,"qty":0.0042,"side":"sell","ts":1700000000042} */
export function tradeText(seq: number): string {
  const sym = SYMBOLS[seq % SYMBOLS.length];
  const px = (40000 + ((seq * 7919) % 10000) + (seq % 2) * 0.5).toFixed(1);
  const qty = (((seq * 104729) % 10000) / 1e4).toFixed(4);
  return `{"type":"trade","seq":${seq},"sym":"${sym}","px":${px},"qty":${qty},"side":"${seq % 3 ? 'buy' : 'sell'}","ts":${1_700_000_000_000 + seq}}`;
}

export const BINARY_EVERY = 20;
export const SEND_EVERY = 10;
export const BINARY_BYTES = 512;

export function binaryPayload(seq: number): Uint8Array {
  const bytes = new Uint8Array(BINARY_BYTES);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (seq + i * 31) & 255;
  return bytes;
}

export function connection(id = 'bench0001:1'): ConnectionInfo {
  const t = 1_700_000_000_000;
  return {
    id,
    url: 'wss://feed.example.test/v1/stream?token=abc123',
    frameUrl: 'https://app.example.test/',
    frameId: 0,
    protocolsRequested: [],
    protocol: '',
    extensions: 'permessage-deflate',
    state: 'open',
    createdAt: t,
    openedAt: t + 5,
    api: 'WebSocket',
    sent: { count: 0, bytes: 0 },
    received: { count: 0, bytes: 0 },
  };
}

/** Message number `seq` (1-based) as the bridge sends it (binary as base64). */
export function message(seq: number, connId: string): MessageRecord {
  const time = 1_700_000_000_000 + seq * 0.05;
  const dir = seq % SEND_EVERY === 0 ? 'send' : 'receive';
  if (seq % BINARY_EVERY === 0) {
    const bytes = binaryPayload(seq);
    return { connId, seq, dir, time, opcode: 2, size: bytes.length, base64: Buffer.from(bytes).toString('base64') };
  }
  const text = tradeText(seq);
  return { connId, seq, dir, time, opcode: 1, size: text.length, text };
}

/** Bytes of the payloads as they crossed the wire (what `size` says). */
export function payloadBytesOf(from: number, to: number): number {
  let total = 0;
  for (let seq = from; seq <= to; seq++) total += seq % BINARY_EVERY === 0 ? BINARY_BYTES : tradeText(seq).length;
  return total;
}
