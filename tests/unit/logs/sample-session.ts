/** A small session exercising every feature of the log formats (shared by the har tests). */
import { bytesToBase64, utf8Length } from '../../../src/lib/bytes';
import type { SessionConnection, SessionLog, SessionMessage } from '../../../src/logs/types';
import { createTestConnection } from '../support/connection';

export const T0 = 1718020800000.25; // 2024-06-10T12:00:00.000Z plus a fraction, as capture times have

export const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IiLCJpYXQiOjE3MTgwMjA4MDB9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

const base = (id: string, extra: Partial<SessionConnection>): SessionConnection =>
  createTestConnection({ id, url: 'wss://chat.example.com/socket', frameUrl: 'https://app.example.com/', state: 'closed', createdAt: T0, ...extra });

export function createSampleSession(): SessionLog {
  const chat = base('d1:1', {
    url: 'wss://chat.example.com/socket?room=42&token=abc123&access_token=xyz',
    frameUrl: 'https://app.example.com/chat?session=s-1&tab=2#access_token=frag-secret&state=ok',
    protocolsRequested: ['chat.v2', 'chat.v1'],
    protocol: 'chat.v2',
    extensions: 'permessage-deflate',
    state: 'closed',
    createdAt: T0,
    openedAt: T0 + 35.5,
    closedAt: T0 + 9000.75,
    closeCode: 4001,
    closeReason: 'kicked',
    wasClean: true,
    initiator: 'at connect (https://app.example.com/app.js:10:15)\nat https://app.example.com/main.js:3:1',
    sent: { count: 4, bytes: 120 },
    received: { count: 3, bytes: 100050 },
  });
  const failed = base('d1:2', {
    url: 'ws://localhost:8080/feed',
    state: 'closed',
    createdAt: T0 + 100,
    closedAt: T0 + 110.125,
    closeCode: 1006,
    closeReason: '',
    wasClean: false,
    errored: true,
    // Opened by a worker (issue 14): the context goes out and comes back with the connection.
    context: { kind: 'worker', scriptUrl: 'https://app.example.com/feed-worker.js' },
  });
  const other = base('d2:1', {
    url: 'wss://other.example.org/live',
    frameUrl: 'https://ads.example.org/frame.html',
    frameId: 7,
    state: 'open',
    createdAt: T0 + 200,
    openedAt: T0 + 230,
    api: 'WebSocketStream',
    sent: { count: 0, bytes: 0 },
    received: { count: 1, bytes: 2 },
  });

  const bytes = new Uint8Array([0, 1, 2, 250, 255, 128, 64]);
  const text = (m: Omit<SessionMessage, 'opcode' | 'size'> & { text: string; size?: number }): SessionMessage => ({ opcode: 1, size: utf8Length(m.text), ...m });
  const messages: SessionMessage[] = [
    text({ connId: 'd1:1', seq: 3, dir: 'send', time: T0 + 40.125, text: '{"type":"auth","token":"tok-123","user":"bob"}' }),
    text({ connId: 'd1:1', seq: 4, dir: 'receive', time: T0 + 60.5, text: '{"type":"welcome","session":{"id":7,"sig":"sig-secret"}}' }),
    text({ connId: 'd2:1', seq: 1, dir: 'receive', time: T0 + 240.001, text: 'hi' }),
    { connId: 'd1:1', seq: 5, dir: 'send', time: T0 + 300.3, opcode: 2, size: bytes.length, base64: bytesToBase64(bytes) },
    text({ connId: 'd1:1', seq: 6, dir: 'receive', time: T0 + 400, size: 100000, text: 'x'.repeat(32), truncated: true }),
    text({ connId: 'd1:1', seq: 7, dir: 'receive', time: T0 + 500.999, text: 'héllo 👋', injected: true, rule: 'rule-7' }),
    text({ connId: 'd1:1', seq: 8, dir: 'send', time: T0 + 600, text: `auth Bearer ${JWT}`, edited: true, replayed: true }),
    text({ connId: 'd1:1', seq: 9, dir: 'send', time: T0 + 9000.5, text: 'late', discarded: true }),
  ];
  return {
    connections: [chat, failed, other],
    messages,
    handshakes: {
      'd1:1': {
        requestHeaders: [
          { name: 'Host', value: 'chat.example.com' },
          { name: 'Upgrade', value: 'websocket' },
          { name: 'Connection', value: 'Upgrade' },
          { name: 'Origin', value: 'https://app.example.com' },
          { name: 'Cookie', value: 'sid=cookie-secret; theme=dark' },
          { name: 'Authorization', value: `Bearer ${JWT}` },
          { name: 'Sec-WebSocket-Key', value: 'dGhlIHNhbXBsZSBub25jZQ==' },
          { name: 'Sec-WebSocket-Version', value: '13' },
          { name: 'Sec-WebSocket-Protocol', value: 'chat.v2, chat.v1' },
          { name: 'X-Api-Key', value: 'key-secret' },
        ],
        responseHeaders: [
          { name: 'Upgrade', value: 'websocket' },
          { name: 'Connection', value: 'Upgrade' },
          { name: 'Sec-WebSocket-Accept', value: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' },
          { name: 'Sec-WebSocket-Protocol', value: 'chat.v2' },
          { name: 'set-cookie', value: 'sid=new-cookie-secret; Path=/; HttpOnly; Secure; SameSite=Lax' },
        ],
        status: 101,
        statusText: 'Switching Protocols',
      },
    },
  };
}
