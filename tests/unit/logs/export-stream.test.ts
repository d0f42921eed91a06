import { describe, expect, it } from 'vitest';
import { utf8Length } from '../../../src/lib/bytes';
import { createHarExport } from '../../../src/logs/export-har';
import { createHarBlob, createHarExportStream } from '../../../src/logs/export-stream';
import { serializeAround } from '../../../src/logs/chunked';
import { InvalidRedactionRulesError } from '../../../src/logs/redact';
import type { SessionConnection, SessionLog, SessionMessage } from '../../../src/logs/types';
import { createSampleSession } from './sample-session';
import { createTestConnection } from '../support/connection';

const MESSAGES = 500_000;

function createLargeSession(count: number): SessionLog {
  const start = 1718020800000;
  const connections: SessionConnection[] = [0, 1, 2].map((n) =>
    createTestConnection({ id: `doc:${n}`, url: `wss://feed${n}.example.com/stream?token=t${n}`, frameUrl: 'https://app.example.com/', createdAt: start + n, openedAt: start + n + 10 }),
  );
  const messages = new Array<SessionMessage>(count);
  for (let i = 0; i < count; i++) {
    const binary = i % 10 === 9;
    const text = `{"tick":${i},"px":${(i * 0.37).toFixed(2)},"token":"s${i}"}`;
    messages[i] = binary
      ? { connId: `doc:${i % 3}`, seq: i + 1, dir: 'receive', time: start + 20 + i * 0.125, opcode: 2, size: 6, base64: 'AAECAwQF' }
      : { connId: `doc:${i % 3}`, seq: i + 1, dir: i % 4 === 0 ? 'send' : 'receive', time: start + 20 + i * 0.125, opcode: 1, size: utf8Length(text), text };
  }
  return { connections, messages };
}

describe('serializeAround', () => {
  it('cuts JSON.stringify output around one property', () => {
    const value = { a: 1, skip: undefined, list: [9], b: 'x', c: { d: null } };
    const [head, tail] = serializeAround(value, 'list');
    expect(head + '[9]' + tail).toBe(JSON.stringify(value));
    const [first, rest] = serializeAround({ list: [], z: 1 }, 'list');
    expect(first + '[]' + rest).toBe('{"list":[],"z":1}');
  });
});

describe('createHarExportStream', () => {
  it.each([{}, { sanitize: false }, { redactions: [{ kind: 'jsonPath' as const, path: '$..user' }] }])(
    'produces exactly JSON.stringify(createHarExport()) for a small session, any chunk size (%j)',
    async (options) => {
      const expected = JSON.stringify(createHarExport(createSampleSession(), options));
      for (const chunkMessages of [1, 2, 1000]) {
        const chunks: string[] = [];
        for await (const chunk of createHarExportStream(createSampleSession(), options, { chunkMessages, yieldToEventLoop: async () => {} })) chunks.push(chunk);
        expect(chunks.join('')).toBe(expected);
      }
    },
  );

  it('throws for invalid rules when called, not later', () => {
    expect(() => createHarExportStream(createSampleSession(), { redactions: [{ kind: 'regex', pattern: '(' }] })).toThrow(InvalidRedactionRulesError);
  });

  it(`streams ${MESSAGES.toLocaleString('en')} messages: same JSON, progress reported, event loop given back`, async () => {
    const log = createLargeSession(MESSAGES);
    // Unsanitized to keep the test fast; the small-session test above covers sanitizing in streams.
    const options = { sanitize: false };
    const expected = JSON.stringify(createHarExport(log, options));

    const progress: { done: number; total: number }[] = [];
    let yields = 0;
    const chunks: string[] = [];
    const stream = createHarExportStream(log, options, {
      chunkMessages: 25_000,
      sliceMs: Infinity, // chunks by count only, so that their number is known
      onProgress: (p) => progress.push(p),
      yieldToEventLoop: () => {
        yields++;
        return new Promise((resolve) => setImmediate(resolve));
      },
    });
    for await (const chunk of stream) chunks.push(chunk);

    // No chunk comes close to the whole text: it is never built in one piece.
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(expected.length / 10);
    expect(chunks.join('')).toBe(expected);
    const parsed = JSON.parse(expected);
    expect(parsed.log.entries.map((e: { _webSocketMessages: unknown[] }) => e._webSocketMessages.length)).toEqual([166667, 166667, 166666]);

    expect(yields).toBe(MESSAGES / 25_000);
    expect(progress[0]).toEqual({ done: 0, total: MESSAGES });
    expect(progress.at(-1)).toEqual({ done: MESSAGES, total: MESSAGES });
    expect(progress.length).toBe(yields + 2);
    for (let i = 1; i < progress.length; i++) expect(progress[i].done).toBeGreaterThanOrEqual(progress[i - 1].done);
  }, 60_000);

  it('also ends a chunk when it has taken sliceMs to build, whatever its size', async () => {
    const log = createLargeSession(1000);
    let clock = 0;
    const chunks: string[] = [];
    // Every reading of the clock advances it 1 ms: a 10 ms slice holds about 10 messages.
    const stream = createHarExportStream(log, { sanitize: false }, { chunkMessages: 5000, sliceMs: 10, now: () => clock++, yieldToEventLoop: async () => {} });
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.join('')).toBe(JSON.stringify(createHarExport(log, { sanitize: false })));
    expect(chunks.length).toBeGreaterThanOrEqual(1000 / 11);
    expect(chunks.length).toBeLessThanOrEqual(1000 / 9 + 2);
  });

  it('createHarBlob gives a Blob of the same bytes', async () => {
    const log = createSampleSession();
    const blob = await createHarBlob(log, {}, { yieldToEventLoop: async () => {} });
    expect(blob.type).toBe('application/json');
    expect(await blob.text()).toBe(JSON.stringify(createHarExport(log)));
  });

  it('yields with setTimeout by default', async () => {
    const chunks: string[] = [];
    for await (const chunk of createHarExportStream(createSampleSession(), {}, { chunkMessages: 4 })) chunks.push(chunk);
    expect(chunks.join('')).toBe(JSON.stringify(createHarExport(createSampleSession())));
  });
});
