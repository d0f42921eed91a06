import { describe, expect, it } from 'vitest';
import { createHarExport, isFailedConnection } from '../../../src/logs/export-har';
import { InvalidRedactionRulesError } from '../../../src/logs/redact';
import type { HarEntry } from '../../../src/logs/types';
import { createSampleSession, T0 } from './sample-session';

const entryOf = (entries: HarEntry[], id: string) => entries.find((e) => e._frameline?.id === id)!;

describe('createHarExport', () => {
  const har = createHarExport(createSampleSession(), { creatorVersion: '1.2.3' });
  const chat = entryOf(har.log.entries, 'd1:1');
  const failed = entryOf(har.log.entries, 'd1:2');
  const other = entryOf(har.log.entries, 'd2:1');

  it('writes a HAR 1.2 log by Frameline with one entry per connection, in session order', () => {
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual({ name: 'Frameline', version: '1.2.3' });
    expect(har.log.entries.map((e) => e._frameline?.id)).toEqual(['d1:1', 'd1:2', 'd2:1']);
    expect(har.log._frameline).toEqual({ version: 1, sanitized: true, redactionRules: 0 });
  });

  it('describes the upgrade as a GET with a 101 response and Chrome websocket fields', () => {
    expect(chat._resourceType).toBe('websocket');
    expect(chat.request.method).toBe('GET');
    expect(chat.request.url.startsWith('wss://chat.example.com/socket?room=42')).toBe(true);
    expect(chat.request.queryString[0]).toEqual({ name: 'room', value: '42' });
    expect(chat.response.status).toBe(101);
    expect(chat.response.statusText).toBe('Switching Protocols');
    expect(chat.startedDateTime).toBe(new Date(T0).toISOString());
    expect(chat.cache).toEqual({});
  });

  it('writes messages in Chrome shape: seconds, opcode 1 text, opcode 2 base64', () => {
    const items = chat._webSocketMessages!;
    expect(items).toHaveLength(7);
    expect(Object.keys(items[0])).toEqual(['type', 'time', 'opcode', 'data', '_frameline']);
    expect(items[0]).toMatchObject({ type: 'send', time: (T0 + 40.125) / 1000, opcode: 1 });
    const binary = items.find((m) => m.opcode === 2)!;
    expect(binary).toMatchObject({ type: 'send', data: 'AAEC+v+AQA==' });
    expect(items.map((m) => m._frameline?.seq)).toEqual([3, 4, 5, 6, 7, 8, 9]);
  });

  it('keeps marks and the original size in _frameline, only where they say something', () => {
    const items = chat._webSocketMessages!;
    expect(items[1]._frameline).toEqual({ seq: 4, size: 56 }); // sanitized payload is shorter than the original
    expect(items[3]._frameline).toEqual({ seq: 6, size: 100000, truncated: true });
    expect(items[4]._frameline).toEqual({ seq: 7, injected: true, rule: 'rule-7' });
    expect(items[5]._frameline).toMatchObject({ seq: 8, replayed: true, edited: true });
    expect(items[6]._frameline).toEqual({ seq: 9, discarded: true });
  });

  it('puts close information in _frameline only, never as a message', () => {
    expect(chat._frameline).toMatchObject({ closeCode: 4001, closeReason: 'kicked', wasClean: true, closedAt: T0 + 9000.75 });
    expect(chat._webSocketMessages!.every((m) => m.type === 'send' || m.type === 'receive')).toBe(true);
  });

  it('gives a failed connection status 0 and an error item', () => {
    expect(isFailedConnection(createSampleSession().connections[1])).toBe(true);
    expect(failed.response.status).toBe(0);
    expect(failed.response.bodySize).toBe(-1);
    expect(failed.response._error).toBe('WebSocket connection failed');
    expect(failed._webSocketMessages).toEqual([{ type: 'error', time: (T0 + 110.125) / 1000, opcode: -1, data: 'WebSocket connection failed' }]);
  });

  it('writes recorded errors as error items merged by time', () => {
    const log = createSampleSession();
    log.connections[0].errors = [{ time: T0 + 50, text: 'boom' }];
    const items = entryOf(createHarExport(log).log.entries, 'd1:1')._webSocketMessages!;
    expect(items.map((m) => m.type)).toEqual(['send', 'error', 'receive', 'send', 'receive', 'receive', 'send', 'send']);
    expect(items[1]).toEqual({ type: 'error', time: (T0 + 50) / 1000, opcode: -1, data: 'boom' });
  });

  it('computes timings that add up to time (handshake = wait)', () => {
    expect(chat.timings).toEqual({ blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 35.5, receive: 8965.25 });
    expect(chat.time).toBe(9000.75);
    expect(other.timings.wait + other.timings.receive).toBe(other.time);
  });

  it('uses the handshake headers when known and none when not', () => {
    expect(chat.request.headers.map((h) => h.name)).toContain('Sec-WebSocket-Protocol');
    expect(chat._frameline?.handshake).toBe(true);
    expect(other.request.headers).toEqual([]);
    expect(other._frameline?.handshake).toBeUndefined();
  });

  it('turns the initiator stack into Chrome _initiator call frames (0-based lines)', () => {
    expect(chat._initiator).toEqual({
      type: 'script',
      stack: {
        callFrames: [
          { functionName: 'connect', scriptId: '', url: 'https://app.example.com/app.js', lineNumber: 9, columnNumber: 14 },
          { functionName: '', scriptId: '', url: 'https://app.example.com/main.js', lineNumber: 2, columnNumber: 0 },
        ],
      },
    });
    expect(other._initiator).toBeUndefined();
  });

  it('exports only the chosen connections', () => {
    const only = createHarExport(createSampleSession(), { scope: { connectionIds: ['d2:1', 'd1:2'] } });
    expect(only.log.entries.map((e) => e._frameline?.id)).toEqual(['d1:2', 'd2:1']);
  });

  it('exports only the messages a filter accepts, and the connections that have some', () => {
    const only = createHarExport(createSampleSession(), { scope: { messageFilter: (m) => m.dir === 'receive' && m.opcode === 1 && m.text === 'hi' } });
    expect(only.log.entries.map((e) => e._frameline?.id)).toEqual(['d2:1']);
    expect(only.log.entries[0]._webSocketMessages!.map((m) => m.data)).toEqual(['hi']);
  });

  it('rejects invalid redaction rules up front, naming them', () => {
    let error: unknown;
    try {
      createHarExport(createSampleSession(), { redactions: [{ kind: 'regex', pattern: 'ok' }, { kind: 'regex', pattern: '(unclosed' }, { kind: 'jsonPath', path: 'token' }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidRedactionRulesError);
    const errors = (error as InvalidRedactionRulesError).errors;
    expect(errors.map((e) => e.index)).toEqual([1, 2]);
    expect(errors[0].message).toMatch(/^Redaction rule 2 \(regex \/\(unclosed\/\): .*/);
    expect(errors[1].message).toBe('Redaction rule 3 (jsonPath token): A JSON path starts with "$" at 0');
  });

  it('exports an empty session as a valid empty log', () => {
    expect(createHarExport({ connections: [], messages: [] }).log.entries).toEqual([]);
  });
});
