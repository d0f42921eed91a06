/**
 * Each requirement of Chrome DevTools' HAR importer (read from its sources,
 * front_end/models/har/HARFormat.ts and Importer.ts), asserted on our export as a file.
 */
import { describe, expect, it } from 'vitest';
import { createHarExport } from '../../../src/logs/export-har';
import { createSampleSession } from './sample-session';

const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
// HARBase.safeNumber: Number(value) must not be NaN; we hold ourselves to real numbers.
const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

describe("Chrome DevTools importer's requirements", () => {
  const file = JSON.stringify(createHarExport(createSampleSession()));
  const har = JSON.parse(file);
  const entries: Record<string, any>[] = har.log.entries;

  it('log.entries is an array, log.creator an object', () => {
    expect(Array.isArray(har.log.entries)).toBe(true);
    expect(entries.length).toBeGreaterThan(0);
    expect(isObject(har.log.creator)).toBe(true);
    expect(har.log.pages === undefined || Array.isArray(har.log.pages)).toBe(true);
  });

  it('each entry has a valid startedDateTime and a numeric time', () => {
    for (const e of entries) {
      expect(Number.isNaN(new Date(e.startedDateTime).getTime())).toBe(false);
      expect(isNumber(e.time)).toBe(true);
    }
  });

  it('request, response, content and timings are objects (HARBase throws otherwise)', () => {
    for (const e of entries) {
      for (const part of [e.request, e.response, e.response.content, e.timings]) expect(isObject(part)).toBe(true);
      // `_initiator: null` would reach `new HARInitiator(null)` and throw: absent or an object only.
      expect(e._initiator === undefined || isObject(e._initiator)).toBe(true);
    }
  });

  it('the numeric fields are numbers (-1 where unknown)', () => {
    for (const e of entries) {
      const numbers = [
        e.request.headersSize, e.request.bodySize,
        e.response.status, e.response.headersSize, e.response.bodySize, e.response.content.size,
        e.timings.send, e.timings.wait, e.timings.receive,
      ];
      for (const n of numbers) expect(isNumber(n)).toBe(true);
      for (const n of numbers) expect(n).toBeGreaterThanOrEqual(-1);
    }
  });

  it('websocket entries carry _resourceType "websocket" and a _webSocketMessages array', () => {
    for (const e of entries) {
      expect(e._resourceType).toBe('websocket');
      expect(Array.isArray(e._webSocketMessages)).toBe(true);
    }
  });

  it('every message has a known type, a time in epoch seconds, an opcode and string data (else Chrome drops it)', () => {
    let count = 0;
    for (const e of entries) {
      for (const m of e._webSocketMessages) {
        count++;
        expect(['send', 'receive', 'error']).toContain(m.type);
        expect(isNumber(m.time)).toBe(true);
        expect(m.time).toBeGreaterThan(1e9); // seconds, not milliseconds
        expect(m.time).toBeLessThan(1e11);
        expect(isNumber(m.opcode)).toBe(true);
        expect(m.type === 'error' ? [-1] : [1, 2]).toContain(m.opcode);
        expect(typeof m.data).toBe('string');
      }
    }
    expect(count).toBe(createSampleSession().messages.length + 1); // + the failed connection's error item
  });

  it('binary data is base64, text is as is', () => {
    const items = entries[0]._webSocketMessages;
    expect(items.find((m: any) => m.opcode === 2).data).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(items.find((m: any) => m._frameline.seq === 7).data).toBe('héllo 👋');
  });

  it('startedDateTime is ISO 8601 with milliseconds and Z', () => {
    for (const e of entries) expect(e.startedDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});
