/** The bounded results of decoding (src/panel/decoding/result-cache.ts, payload-eviction.ts). */
import { describe, expect, it } from 'vitest';
import { createAllResults, createRecentResults } from '../../../../src/panel/decoding/result-cache';
import { createPayloadEviction } from '../../../../src/panel/decoding/payload-eviction';
import type { DecodedEntry } from '../../../../src/panel/decoding/decoded-entry';

const entry = (rowId: number): DecodedEntry => ({ rowId, full: true, result: { ok: true, protocol: 'p', summary: `s${rowId}`, type: 't', fields: {}, payload: { rowId } } });

describe('recent results (stateless decoders)', () => {
  it('keeps the most recently used only', () => {
    const cache = createRecentResults(2);
    const [a, b, c] = [entry(1), entry(2), entry(3)];
    cache.keep(1, a);
    cache.keep(2, b);
    cache.touch(1, a); // 1 is used again: 2 goes first
    cache.keep(3, c);
    expect([cache.get(1), cache.get(2), cache.get(3)]).toEqual([a, undefined, c]);
  });

  it('lets go of rows the table dropped', () => {
    const cache = createRecentResults(10);
    cache.keep(1, entry(1));
    cache.keep(2, entry(5));
    cache.dropBefore(3);
    expect(cache.get(1)).toBeUndefined();
    expect(cache.get(2)).toBeDefined();
  });
});

describe('all results (stateful decoders)', () => {
  it('keeps every result but the payloads of the most recently used only', () => {
    const cache = createAllResults(createPayloadEviction(2));
    const entries = [entry(1), entry(2), entry(3)];
    entries.forEach((e, i) => cache.keep(i + 1, e));
    expect(entries.map((e) => e.full)).toEqual([false, true, true]);
    expect(cache.get(1)?.result).toEqual({ ok: true, protocol: 'p', summary: 's1', type: 't', fields: {} });
    cache.touch(2, entries[1]); // 2 used again: 3 loses its payload next
    cache.keep(4, entry(4));
    expect(entries.map((e) => e.full)).toEqual([false, true, false]);
  });

  it('lets go of rows the table dropped, in row order', () => {
    const cache = createAllResults(createPayloadEviction(10));
    [1, 2, 3].forEach((row) => cache.keep(row, entry(row)));
    cache.dropBefore(3);
    expect([cache.get(1), cache.get(2), cache.get(3)?.rowId]).toEqual([undefined, undefined, 3]);
  });
});
