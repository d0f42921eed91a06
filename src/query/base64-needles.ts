/**
 * Searching base64 text for a run of bytes without decoding it. A binary row is held as base64;
 * decoding every one to rule it out was most of a regex filter's time over a million rows (issue
 * 13). A run of bytes at some offset in the payload shows in its base64 as a fixed run of
 * characters, one of three depending on the offset modulo 3, less the characters at either end
 * that also carry bits of the neighbouring bytes. So when the base64 holds none of the three, the
 * bytes do not hold the run. Only canonical base64 (the standard alphabet, padding at the end, no
 * whitespace) is read this way; anything else gives no answer and the caller decodes.
 */
import { bytesToBase64 } from '../lib/bytes';

/** The three character runs, or undefined when the needle is too short for all three to say something. */
export function base64Needles(needle: Uint8Array): string[] | undefined {
  const variants: string[] = [];
  for (let lead = 0; lead < 3; lead++) {
    const stream = new Uint8Array(lead + needle.length + 2);
    stream.set(needle, lead);
    const encoded = bytesToBase64(stream);
    // Character j stands for bits [6j, 6j + 6) of the stream; keep those wholly inside the needle's.
    const first = Math.ceil((8 * lead) / 6);
    const end = Math.floor((8 * (lead + needle.length)) / 6);
    if (end - first < 2) return undefined;
    variants.push(encoded.slice(first, end));
  }
  return variants;
}

const CANONICAL = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * False when `base64` certainly does not decode to bytes holding the needle of `variants`;
 * true when it may (or when it is not canonical base64, which this cannot read).
 */
export function base64MayHold(base64: string, variants: readonly string[]): boolean {
  for (const v of variants) if (base64.includes(v)) return true;
  return !CANONICAL.test(base64);
}
