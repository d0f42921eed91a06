/**
 * Plain-text needles. Case-insensitivity uses a precompiled `/needle/iu` regex: measured in V8 it
 * is as fast as `String#includes` and 2-3x faster than `toLowerCase().includes()`, which allocates
 * a copy of every payload. `iu` means Unicode simple case folding (`é` finds `É`, `k` finds `K`).
 */

function escapeRegExp(text: string): string {
  // Only syntax characters (and `/`) may be escaped under the `u` flag.
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** Case-insensitive substring test. */
export function containsIgnoringCase(needle: string): (haystack: string) => boolean {
  if (needle === '') return () => true;
  const re = new RegExp(escapeRegExp(needle), 'iu');
  return (haystack) => re.test(haystack);
}

const HEX_NEEDLE = /^(?:0x)?([0-9a-f]{2}(?: ?[0-9a-f]{2})*)$/i;

/**
 * Bytes a plain needle stands for when it reads as hex: whole bytes, optionally `0x`-prefixed,
 * optionally one space between bytes (`cafe`, `0xCAFE`, `"ca fe"`). Such needles also search
 * binary payloads byte-wise, which is byte-aligned: `afe` never matches `ca fe`.
 */
export function hexNeedleBytes(needle: string): Uint8Array | undefined {
  const m = HEX_NEEDLE.exec(needle);
  if (!m) return undefined;
  const digits = m[1].replace(/ /g, '');
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Whether `needle` occurs in `haystack` (naive scan: needles are a few bytes, payloads small). */
export function includesBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  const n = needle.length;
  if (n === 0) return true;
  const first = needle[0];
  const last = haystack.length - n;
  outer: for (let i = haystack.indexOf(first); i !== -1 && i <= last; i = haystack.indexOf(first, i + 1)) {
    for (let j = 1; j < n; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** `*` matches any run of characters (including none); everything else is literal and case-sensitive. */
export function globMatcher(pattern: string): (value: string) => boolean {
  if (!pattern.includes('*')) return (value) => value === pattern;
  const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 'su');
  return (value) => re.test(value);
}
