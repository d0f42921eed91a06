/**
 * Looking for bytes in base64 without decoding (src/query/base64-needles.ts): never a false "no"
 * for canonical base64, whatever the offset of the bytes; a "no" where the bytes are absent; and no
 * answer (a "may") for text that is not canonical base64.
 */
import { describe, expect, it } from 'vitest';
import { base64MayHold, base64Needles } from '../../../src/query/base64-needles';
import { bytesToBase64 } from '../../../src/lib/bytes';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** Deterministic pseudo-random bytes. */
function bytesOf(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out[i] = x >>> 16;
  }
  return out;
}

describe('base64 needles', () => {
  it('finds a run of bytes at every offset of a payload', () => {
    const needle = ascii('"sym":"ETH-USD"');
    const variants = base64Needles(needle)!;
    expect(variants).toHaveLength(3);
    for (let offset = 0; offset < 40; offset++) {
      for (const tail of [0, 1, 2, 7]) {
        const payload = new Uint8Array(offset + needle.length + tail);
        payload.set(bytesOf(payload.length, offset * 31 + tail));
        payload.set(needle, offset);
        expect(base64MayHold(bytesToBase64(payload), variants), `offset ${offset}, tail ${tail}`).toBe(true);
      }
    }
  });

  it('finds random needles in random payloads, at their own offsets', () => {
    for (let round = 0; round < 200; round++) {
      const payload = bytesOf(20 + (round % 50), round + 1);
      const from = round % 17;
      const needle = payload.slice(from, from + 3 + (round % 9));
      const variants = base64Needles(needle);
      if (!variants) continue;
      expect(base64MayHold(bytesToBase64(payload), variants)).toBe(true);
    }
  });

  it('says no when the bytes are not there', () => {
    const variants = base64Needles(ascii('ETH-USD'))!;
    expect(base64MayHold(bytesToBase64(ascii('{"sym":"SOL-USD","px":1}')), variants)).toBe(false);
    expect(base64MayHold(bytesToBase64(bytesOf(512, 7)), variants)).toBe(false);
    expect(base64MayHold('', variants)).toBe(false);
  });

  it('gives no answer for text that is not canonical base64', () => {
    const variants = base64Needles(ascii('ETH-USD'))!;
    const split = bytesToBase64(ascii('xx ETH-USD yy'));
    // Whitespace or the URL-safe alphabet: decoding must judge.
    expect(base64MayHold(`${split.slice(0, 4)}\n${split.slice(4)}`, variants)).toBe(true);
    expect(base64MayHold('ab-_', variants)).toBe(true);
    expect(base64MayHold('ab=c', variants)).toBe(true);
  });

  it('has nothing to say for needles too short', () => {
    expect(base64Needles(ascii('a'))).toBeUndefined();
    // Two bytes leave two whole characters (12 bits) at every offset.
    expect(base64Needles(ascii('ab'))!.every((v) => v.length === 2)).toBe(true);
  });
});
