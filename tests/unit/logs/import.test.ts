import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createHarExport } from '../../../src/logs/export-har';
import { checkImportSize, importLog, type ImportResult } from '../../../src/logs/import';
import type { SessionLog } from '../../../src/logs/types';
import { createSampleSession } from './sample-session';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/har/${name}`, import.meta.url), 'utf8');

function importFixture(name: string): { log: SessionLog; warnings: string[] } {
  const result = importLog({ text: fixture(name), fileName: name }, { idPrefix: 'import-t:' });
  if (!result.ok) throw new Error(result.error);
  return result;
}

describe('importing a Chrome DevTools HAR', () => {
  const { log, warnings } = importFixture('chrome-websocket.har');
  const [chat, refused] = log.connections;

  it('takes the websocket entries and says what it skipped', () => {
    expect(log.connections.map((c) => c.id)).toEqual(['import-t:1', 'import-t:2']);
    expect(warnings).toEqual(['1 non-WebSocket entry was skipped']);
    expect(log.source).toEqual({ kind: 'imported', format: 'chrome-har', creator: 'WebInspector 537.36', fileName: 'chrome-websocket.har' });
  });

  it('reads message times as seconds and payloads as text / base64', () => {
    expect(log.messages.map((m) => [m.dir, m.opcode, m.size, m.text ?? m.base64])).toEqual([
      ['send', 1, 31, '{"type":"hello","room":"lobby"}'],
      ['receive', 1, 39, '{"type":"welcome","users":["ana","bo"]}'],
      ['receive', 2, 5, 'AAECA/8='],
      ['send', 1, 11, 'héllo 👋'],
    ]);
    expect(log.messages[0].time).toBeCloseTo(1718020800456.123, 3);
    expect(log.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(log.messages.every((m) => m.connId === chat.id)).toBe(true);
  });

  it('rebuilds the connection from the entry: URL, page, protocols, timing, initiator, counters', () => {
    const createdAt = Date.parse('2024-06-10T12:00:00.401Z');
    expect(chat).toEqual({
      id: 'import-t:1',
      url: 'wss://app.example.com/socket?room=lobby&v=3',
      frameUrl: 'https://app.example.com/chat',
      frameId: 0,
      protocolsRequested: ['chat.v2', 'chat.v1'],
      protocol: 'chat.v2',
      extensions: 'permessage-deflate',
      state: 'closed',
      createdAt,
      openedAt: createdAt + 41.752,
      initiator: 'at connect (https://app.example.com/static/app.js:42:18)\nat https://app.example.com/static/app.js:89:3',
      api: 'WebSocket',
      sent: { count: 2, bytes: 42 },
      received: { count: 2, bytes: 44 },
      source: 'imported',
    });
    expect(log.handshakes?.[chat.id]).toMatchObject({ status: 101, statusText: 'Switching Protocols' });
    expect(log.handshakes?.[chat.id].requestHeaders).toContainEqual({ name: 'Cookie', value: 'sid=abc; theme=dark' });
  });

  it('turns error items into connection errors', () => {
    expect(refused).toMatchObject({ state: 'error', errored: true, errors: [{ time: 1718020802118, text: 'net::ERR_CONNECTION_REFUSED' }] });
    expect(refused.openedAt).toBeUndefined();
    expect(log.handshakes?.[refused.id]).toBeUndefined();
  });
});

describe('importing a Playwright HAR', () => {
  const { log, warnings } = importFixture('playwright-websocket.har');

  it('reads message times as milliseconds', () => {
    expect(log.messages.map((m) => m.time)).toEqual([1718020800456.789, 1718020800480.5, 1718020801957.241]);
    expect(log.messages.map((m) => [m.dir, m.opcode, m.size])).toEqual([
      ['send', 2, 14],
      ['receive', 2, 4],
      ['send', 1, 4],
    ]);
    expect(log.source?.format).toBe('playwright-har');
  });

  it('keeps the negotiated protocol and does not take a page title for a URL', () => {
    expect(log.connections[0]).toMatchObject({ protocol: 'mqtt', protocolsRequested: ['mqtt'], frameUrl: '' });
  });

  it('warns when the messages were saved in a separate file', () => {
    expect(warnings).toEqual([
      'entries[1]: the messages are in a separate file "9b2f3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d.jsonl" (Playwright\'s content: "attach"); only the connection was imported',
    ]);
    expect(log.connections[1]).toMatchObject({ url: 'wss://app.example.com/events', state: 'closed' });
  });
});

describe('importing a Frameline HAR', () => {
  it('keeps connections with the same id apart (two exports pasted together)', () => {
    const har = createHarExport(createSampleSession());
    har.log.entries.push(...createHarExport(createSampleSession()).log.entries);
    const result = importLog(JSON.stringify(har), { idPrefix: 'import-t:' });
    if (!result.ok) throw new Error(result.error);
    expect(result.log.connections.map((c) => c.id)).toEqual(['import-t:d1:1', 'import-t:d1:1~3', 'import-t:d1:2', 'import-t:d1:2~4', 'import-t:d2:1', 'import-t:d2:1~5']);
    expect(result.log.messages.filter((m) => m.connId === 'import-t:d1:1~3')).toHaveLength(7);
  });
});

describe('importing other producers', () => {
  const wrap = (messages: unknown[]) =>
    JSON.stringify({
      log: {
        version: '1.2',
        creator: { name: 'x', version: '1' },
        entries: [
          {
            startedDateTime: '2024-06-10T12:00:00.000Z',
            time: 0,
            request: { method: 'GET', url: 'wss://h/' },
            response: { status: 101 },
            _resourceType: 'websocket',
            _webSocketMessages: messages,
          },
        ],
      },
    });

  it('skips unknown types and control frames with a warning, like Chrome drops them', () => {
    const result = importLog(wrap([
      { type: 'send', time: 1718020800.5, opcode: 1, data: 'a' },
      { type: 'close', time: 1718020800.6, opcode: 8, data: '' },
      { type: 'receive', time: 1718020800.7, opcode: 9, data: '' },
    ]));
    expect(result.ok && result.warnings).toEqual([
      'entries[0]: skipped 1 message(s) of unknown type "close"',
      'entries[0]: skipped 1 control frame(s) (opcode other than 1 or 2)',
    ]);
    expect(result.ok && result.log.messages.length).toBe(1);
  });

  it('anchors relative (monotonic) times at the connection start and places missing times there', () => {
    const result = importLog(wrap([
      { type: 'send', time: 5000.25, opcode: 1, data: 'a' },
      { type: 'send', time: 5001.5, opcode: 1, data: 'b' },
      { type: 'send', time: -1, opcode: 1, data: 'c' },
    ]));
    if (!result.ok) throw new Error(result.error);
    const start = Date.parse('2024-06-10T12:00:00.000Z');
    expect(result.log.messages.map((m) => [m.text, m.time])).toEqual([
      ['a', start],
      ['c', start],
      ['b', start + 1250],
    ]);
    expect(result.warnings).toHaveLength(2);
  });
});

const BROKEN: [file: string, error: string | RegExp][] = [
  ['saved-html-page.har', 'Not JSON: Unexpected token < at line 1 column 1'],
  ['trailing-comma.har', 'Not JSON: Unexpected token } at line 4 column 5'],
  ['extra-brace.har', 'Not JSON: Unexpected token } after the end of the JSON value at line 5 column 1'],
  ['truncated.har', /^Not JSON: Unexpected end of JSON input at line \d+ column \d+: the file seems truncated$/],
  ['empty.har', 'The file is empty'],
  ['json-not-har.json', 'Not a HAR file: missing "log"'],
  ['top-level-array.json', 'Not a HAR file: expected a JSON object with "log", found an array'],
  ['har-missing-entries.har', 'Not a HAR file: missing "log.entries"'],
  ['entries-not-array.har', 'Not a HAR file: "log.entries" is an object, expected an array'],
  ['har-no-entries.har', 'HAR has no entries'],
  ['har-no-websocket.har', 'HAR has no WebSocket entries (3 entries, none with _resourceType "websocket" or _webSocketMessages)'],
  ['message-time-not-number.har', 'entries[1]._webSocketMessages[1].time is not a number'],
  ['message-data-not-string.har', 'entries[0]._webSocketMessages[0].data is not a string'],
  ['message-opcode-missing.har', 'entries[0]._webSocketMessages[0].opcode is not a number'],
  ['messages-not-array.har', 'entries[0]._webSocketMessages is not an array'],
  ['bad-base64.har', 'entries[0]._webSocketMessages[0].data is not valid base64 (opcode 2 is binary, stored as base64)'],
  ['status-not-number.har', 'entries[0].response.status is not a number'],
  ['bad-date.har', 'entries[0].startedDateTime is not a valid date'],
  ['ndjson-bad-opcode.ndjson', 'line 3: "opcode" is 9; expected 1 (text) or 2 (binary)'],
];

describe('broken files give one clear message', () => {
  it.each(BROKEN)('%s', (file, error) => {
    const result: ImportResult = importLog({ text: fixture(`broken/${file}`), fileName: file });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(typeof error === 'string' ? new RegExp(`^${error.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : error);
  });

  it('the truncated HAR is reported at its last line', () => {
    const text = fixture('broken/truncated.har');
    const result = importLog(text);
    expect(!result.ok && result.error).toContain(`at line ${text.split('\n').length} `);
  });

  it('a truncated NDJSON file keeps what came before the cut, with a warning', () => {
    const result = importLog(fixture('broken/ndjson-truncated.ndjson'));
    if (!result.ok) throw new Error(result.error);
    expect(result.warnings).toEqual(['line 4 is incomplete (the file seems truncated); kept the 1 message(s) before it']);
    expect(result.log.messages.map((m) => m.text)).toEqual(['hi']);
  });

  it('never throws, whatever it is given', () => {
    const text = JSON.stringify(createHarExport(createSampleSession()));
    for (let cut = 0; cut < text.length; cut += 97) expect(() => importLog(text.slice(0, cut))).not.toThrow();
    for (const junk of [undefined, null, 42, {}, { text: 7 }] as unknown[]) {
      const result = importLog(junk as string);
      expect(result.ok).toBe(false);
    }
    expect(importLog('null')).toEqual({
      ok: false,
      error: 'Not a HAR file: expected a JSON object with "log", found null',
      problem: { code: 'logs.har.rootNotObject', params: { kind: { code: 'logs.kind.null' } } },
    });
    expect(importLog('\uFEFF{"log":{"entries":[]}}')).toEqual({ ok: false, error: 'HAR has no entries', problem: { code: 'logs.har.empty' } });
  });
});

describe('size limit', () => {
  it('refuses files above the limit, in words', () => {
    expect(importLog({ text: '{}', byteLength: 230_000_000 })).toEqual({ ok: false, error: 'File is 230 MB; the limit is 200 MB', problem: { code: 'logs.tooBig', params: { size: '230 MB', limit: '200 MB' } } });
    expect(importLog('x'.repeat(2500), { maxBytes: 1000 })).toMatchObject({ ok: false, error: 'File is 2.5 kB; the limit is 1 kB' });
    // 400 characters but 800 UTF-8 bytes.
    expect(importLog('é'.repeat(400), { maxBytes: 700 })).toMatchObject({ ok: false, error: 'File is 800 B; the limit is 700 B', problem: { code: 'logs.tooBig' } });
  });

  it('checkImportSize lets the UI refuse a File before reading it', () => {
    expect(checkImportSize(230_000_000)).toBe('File is 230 MB; the limit is 200 MB');
    expect(checkImportSize(199_000_000)).toBeUndefined();
  });
});

describe('importing ids far too long for the panel', () => {
  it('keeps a short, stable id in place of a huge one, the same for the same id', async () => {
    const { createImportedId, MAX_IMPORTED_ID_CHARS } = await import('../../../src/logs/import-common');
    const huge = `conn-${'x'.repeat(1_000_000)}`;
    const id = createImportedId('import-1:', huge);
    expect(id.length).toBeLessThan(MAX_IMPORTED_ID_CHARS);
    expect(id.startsWith('import-1:conn-xxx')).toBe(true);
    expect(createImportedId('import-1:', huge)).toBe(id);
    expect(createImportedId('import-1:', `${huge}y`)).not.toBe(id);
    expect(createImportedId('import-1:', `conn-${'y'.repeat(1_000_000)}`)).not.toBe(id);
    expect(createImportedId('import-2:', 'import-1:d:1')).toBe('import-2:d:1');
  });
});
