import { describe, expect, it } from 'vitest';
import { createHarExport } from '../../../src/logs/export-har';
import { importLog } from '../../../src/logs/import';
import { createNdjsonExport } from '../../../src/logs/ndjson';
import type { SessionLog } from '../../../src/logs/types';
import { createSampleSession } from './sample-session';

const stripPrefix = (id: string) => id.replace(/^import-\d+:/, '');

function importOk(text: string): { log: SessionLog; warnings: string[] } {
  const result = importLog(text);
  if (!result.ok) throw new Error(result.error);
  return result;
}

/** Imported session with its prefix removed and times checked to 1 µs, then set to the originals. */
function normalize(imported: SessionLog, original: SessionLog): SessionLog {
  const connections = imported.connections.map(({ source, ...c }) => {
    expect(source).toBe('imported');
    return { ...c, id: stripPrefix(c.id) };
  });
  const messages = imported.messages.map((m, i) => {
    // Chrome stores seconds: ms -> s -> ms may move the last binary digit, never a millisecond.
    expect(Math.abs(m.time - original.messages[i].time)).toBeLessThan(0.001);
    return { ...m, connId: stripPrefix(m.connId), time: original.messages[i].time };
  });
  const handshakes = Object.fromEntries(Object.entries(imported.handshakes ?? {}).map(([id, h]) => [stripPrefix(id), h]));
  return { connections, messages, handshakes };
}

describe.each([
  ['HAR', (log: SessionLog) => JSON.stringify(createHarExport(log, { sanitize: false }))],
  ['NDJSON', (log: SessionLog) => createNdjsonExport(log, { sanitize: false })],
])('%s export -> import round trip', (_format, exportText) => {
  const original = createSampleSession();
  const { log: imported, warnings } = importOk(exportText(original));

  it('restores connections, messages and handshakes exactly (times to the microsecond)', () => {
    expect(warnings).toEqual([]);
    expect(normalize(imported, original)).toEqual({ connections: original.connections, messages: original.messages, handshakes: original.handshakes });
  });

  it('restores bytes, direction, order, close codes and marks', () => {
    expect(imported.messages.map((m) => [m.dir, m.opcode, m.size, m.text ?? m.base64])).toEqual(
      original.messages.map((m) => [m.dir, m.opcode, m.size, m.text ?? m.base64]),
    );
    expect(imported.messages.map((m) => m.seq)).toEqual(original.messages.map((m) => m.seq));
    expect(imported.connections[0]).toMatchObject({ closeCode: 4001, closeReason: 'kicked', wasClean: true });
    expect(imported.messages.filter((m) => m.truncated).map((m) => m.size)).toEqual([100000]);
    expect(imported.messages.find((m) => m.seq === 7)).toMatchObject({ injected: true, rule: 'rule-7' });
    expect(imported.messages.find((m) => m.seq === 9)).toMatchObject({ discarded: true });
  });

  it('gives ids that cannot collide with live ones and marks the source', () => {
    expect(imported.connections.every((c) => /^import-\d+:/.test(c.id) && c.source === 'imported')).toBe(true);
    const connIds = new Set(imported.connections.map((c) => c.id));
    expect(imported.messages.every((m) => connIds.has(m.connId))).toBe(true);
    expect(imported.source).toMatchObject({ kind: 'imported', format: _format === 'HAR' ? 'frameline-har' : 'frameline-ndjson', sanitized: false });
  });

  it('a second import gets another prefix; re-exporting an import does not stack prefixes', () => {
    const again = importOk(exportText(imported)).log;
    expect(again.connections[0].id).not.toBe(imported.connections[0].id);
    expect(stripPrefix(again.connections[0].id)).toBe('d1:1');
  });
});

describe('sanitized round trip', () => {
  it('keeps the original sizes although payloads were redacted', () => {
    const original = createSampleSession();
    const { log } = importOk(JSON.stringify(createHarExport(original)));
    expect(log.messages.map((m) => m.size)).toEqual(original.messages.map((m) => m.size));
    expect(log.messages[0].text).toBe('{"type":"auth","token":"REDACTED","user":"bob"}');
    expect(log.source?.sanitized).toBe(true);
  });
});

describe('errors recorded on a connection', () => {
  it('round-trip through HAR error items', () => {
    const original = createSampleSession();
    original.connections[1].errors = [{ time: original.connections[1].createdAt + 5, text: 'net::ERR_CONNECTION_REFUSED' }];
    const { log } = importOk(JSON.stringify(createHarExport(original, { sanitize: false })));
    expect(log.connections[1].errors).toEqual(original.connections[1].errors);
  });
});

describe.each([
  ['HAR', (log: SessionLog) => JSON.stringify(createHarExport(log, { sanitize: false }))],
  ['NDJSON', (log: SessionLog) => createNdjsonExport(log, { sanitize: false })],
])('%s keeps what interception did to each message', (_format, exportText) => {
  it('blocked, rewritten, delayed, dropped, auto-reply and the rules survive export and import', () => {
    const session = createSampleSession();
    const [first, second, third] = session.messages;
    session.messages = [
      { ...first, discarded: true, blocked: true, rule: 'No pings', rules: [{ id: 'r1', name: 'No pings' }] },
      { ...second, rewritten: true, delayedMs: 250, rule: 'Slow, Fix', rules: [{ id: 'r2', name: 'Slow' }, { id: 'r3', name: 'Fix' }] },
      { ...third, autoReply: true, inReplyTo: first.seq, rule: 'Mock', rules: [{ id: 'r4', name: 'Mock' }] },
      ...session.messages.slice(3).map((m, i) => (i === 0 ? { ...m, dropped: true, discarded: true } : m)),
    ];
    const imported = importOk(exportText(session)).log.messages;
    const marksOf = (m: SessionLog['messages'][number]) => ({
      blocked: m.blocked, rewritten: m.rewritten, delayedMs: m.delayedMs, dropped: m.dropped, autoReply: m.autoReply, inReplyTo: m.inReplyTo, rule: m.rule, rules: m.rules, discarded: m.discarded,
    });
    expect(imported.map(marksOf)).toEqual(session.messages.map(marksOf));
  });
});
