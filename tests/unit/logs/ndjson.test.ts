import { describe, expect, it } from 'vitest';
import { createNdjsonExport, createNdjsonExportStream, isNdjsonLog } from '../../../src/logs/ndjson';
import { importLog } from '../../../src/logs/import';
import { createSampleSession, T0 } from './sample-session';

describe('NDJSON export', () => {
  const text = createNdjsonExport(createSampleSession(), { creatorVersion: '9.9.9' });
  const lines = text.split('\n');

  it('is one JSON object per line, each ending with a newline', () => {
    expect(text.endsWith('\n')).toBe(true);
    expect(lines.pop()).toBe('');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(lines).toHaveLength(1 + 3 + 8);
  });

  it('starts with a header, then the connections, then the messages in session order', () => {
    expect(JSON.parse(lines[0])).toEqual({ type: 'frameline-ndjson', version: 1, creator: { name: 'Frameline', version: '9.9.9' }, sanitized: true, redactionRules: 0 });
    expect(lines.slice(1, 4).map((l) => JSON.parse(l).type)).toEqual(['connection', 'connection', 'connection']);
    expect(lines.slice(4).map((l) => JSON.parse(l).seq)).toEqual([3, 4, 1, 5, 6, 7, 8, 9]);
  });

  it('writes each message with connection, url, direction, ISO and epoch time, opcode, data, size and marks', () => {
    expect(JSON.parse(lines[4])).toEqual({
      type: 'message',
      conn: 'd1:1',
      url: 'wss://chat.example.com/socket?room=42&token=REDACTED&access_token=REDACTED',
      dir: 'send',
      time: new Date(T0 + 40.125).toISOString(),
      timeMs: T0 + 40.125,
      opcode: 1,
      data: '{"type":"auth","token":"REDACTED","user":"bob"}',
      size: 46,
      seq: 3,
    });
    expect(JSON.parse(lines[7])).toMatchObject({ opcode: 2, data: 'AAEC+v+AQA==', size: 7 });
    expect(JSON.parse(lines[8])).toMatchObject({ truncated: true, size: 100000 });
  });

  it('writes the handshake on the connection line, sanitized', () => {
    const chat = JSON.parse(lines[1]);
    expect(chat).toMatchObject({ type: 'connection', id: 'd1:1', closeCode: 4001 });
    expect(chat.handshake.requestHeaders.map((h: { name: string }) => h.name)).not.toContain('Cookie');
    expect(JSON.parse(lines[2]).handshake).toBeUndefined();
  });

  it('streams the same text in chunks', async () => {
    const chunks: string[] = [];
    for await (const chunk of createNdjsonExportStream(createSampleSession(), { creatorVersion: '9.9.9' }, { chunkMessages: 3, yieldToEventLoop: async () => {} })) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.join('')).toBe(text);
  });
});

describe('NDJSON import', () => {
  it('is recognised by its header line', () => {
    expect(isNdjsonLog(createNdjsonExport(createSampleSession()))).toBe(true);
    expect(isNdjsonLog('{"log":{"comment":"frameline-ndjson"}}')).toBe(false);
  });

  it('rebuilds connections whose line was filtered out (grep), with a warning', () => {
    const text = createNdjsonExport(createSampleSession())
      .split('\n')
      .filter((l) => !l.includes('"type":"connection"'))
      .join('\n');
    const result = importLog(text);
    if (!result.ok) throw new Error(result.error);
    expect(result.warnings).toEqual(['2 connection(s) had no "connection" line; rebuilt from their messages']);
    expect(result.log.connections.map((c) => [c.url.split('?')[0], c.sent.count, c.received.count])).toEqual([
      ['wss://chat.example.com/socket', 4, 3],
      ['wss://other.example.org/live', 0, 1],
    ]);
  });

  it('names the line of a bad message', () => {
    const lines = createNdjsonExport(createSampleSession()).split('\n');
    lines[5] = lines[5].replace('"dir":"receive"', '"dir":"sideways"');
    expect(importLog(lines.join('\n'))).toEqual({
      ok: false,
      error: 'line 6: "dir" is "sideways"; expected "send" or "receive"',
      problem: { code: 'logs.ndjson.badDir', params: { where: { code: 'logs.ndjson.line', params: { n: 6 } }, value: '"sideways"' } },
    });
    lines[5] = '{"type":"message",';
    expect(importLog(lines.join('\n'))).toMatchObject({ ok: false, error: expect.stringMatching(/^line 6: Not JSON: /) });
  });

  it('refuses a newer format version and a file without header', () => {
    expect(importLog('{"type":"frameline-ndjson","version":2}\n')).toEqual({
      ok: false,
      error: 'line 1: NDJSON version 2 is not supported (this Frameline reads version 1)',
      problem: { code: 'logs.ndjson.version', params: { where: { code: 'logs.ndjson.line', params: { n: 1 } }, value: '2', supported: 1 } },
    });
    expect(importLog({ text: '{"type":"message"}\n', fileName: 'x.ndjson' })).toEqual({
      ok: false,
      error: 'Not a Frameline NDJSON file: line 1 is not the "frameline-ndjson" header',
      problem: { code: 'logs.ndjson.noHeader', params: { where: { code: 'logs.ndjson.line', params: { n: 1 } }, type: 'frameline-ndjson' } },
    });
  });
});
