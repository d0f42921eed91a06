/**
 * Puts a one-line prefix (the worker hook) in front of a script's response bytes as they stream
 * through `webRequest.filterResponseData`, without changing what the script means:
 *
 * - Encoding: a worker script is decoded as UTF-8 unless it starts with a byte order mark, which
 *   wins (a UTF-16 BOM makes the whole script UTF-16). The prefix goes after the BOM, encoded the
 *   way the BOM says, so the BOM is still the first thing the browser sees.
 * - Directives: a classic script's `"use strict"` counts only at the very start (after comments);
 *   code put before it would silently make the worker sloppy. The prefix goes after the directive
 *   prologue, on the same line (a `;` is added when the directive relied on ASI).
 * - A hashbang line (`#!...`) must stay first: the prefix starts the next line.
 * - Line numbers: the prefix holds no line break, so every line keeps its number (only columns on
 *   the line the prefix lands on shift), and `//# sourceMappingURL` stays where it was.
 *
 * The bytes are held back only until the insertion point is known, usually within the first
 * chunk; past `holdLimit` bytes the prefix goes at the best point found so far.
 */
export interface ScriptPrefixer {
  /** Returns the bytes to write for this chunk (possibly none while the start is held back). */
  push(chunk: Uint8Array): Uint8Array[];
  /** The response ended: returns what is still held back, prefix included. */
  end(): Uint8Array[];
}

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

const DEFAULT_HOLD_LIMIT = 64 * 1024;

export function createScriptPrefixer(prefix: string, holdLimit = DEFAULT_HOLD_LIMIT): ScriptPrefixer {
  let held: Uint8Array = new Uint8Array(0);
  let done = false;

  function release(final: boolean): Uint8Array[] {
    const plan = planInsertion(held, final || held.length >= holdLimit);
    if (!plan) return [];
    done = true;
    const out = [held.subarray(0, plan.at), encode(plan.lead + prefix, plan.encoding), held.subarray(plan.at)].filter((part) => part.length > 0);
    held = new Uint8Array(0);
    return out;
  }

  return {
    push(chunk) {
      if (done) return chunk.length ? [chunk] : [];
      held = concat(held, chunk);
      return release(false);
    },
    end() {
      if (done) return [];
      return release(true);
    },
  };
}

interface Plan {
  /** Byte offset where the prefix goes. */
  at: number;
  /** `;` when the directive before the insertion point ended by ASI. */
  lead: string;
  encoding: Encoding;
}

/** Where the prefix goes, or undefined when more bytes are needed to know (never when `final`). */
export function planInsertion(bytes: Uint8Array, final: boolean): Plan | undefined {
  const bom = detectBom(bytes, final);
  if (!bom) return undefined;
  const width = bom.encoding === 'utf-8' ? 1 : 2;
  const units = Math.floor((bytes.length - bom.length) / width);
  const unitAt = (i: number): number => {
    if (i >= units) return -1;
    const b = bom.length + i * width;
    if (width === 1) return bytes[b];
    return bom.encoding === 'utf-16le' ? bytes[b] | (bytes[b + 1] << 8) : (bytes[b] << 8) | bytes[b + 1];
  };
  const found = scanPrologue(unitAt, units, final);
  if (!found) return undefined;
  return { at: bom.length + found.at * width, lead: found.lead, encoding: bom.encoding };
}

function detectBom(bytes: Uint8Array, final: boolean): { encoding: Encoding; length: number } | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  // Too short to rule a BOM out yet.
  if (!final && bytes.length < 3 && [0xef, 0xff, 0xfe].includes(bytes[0] ?? 0xef)) return undefined;
  return { encoding: 'utf-8', length: 0 };
}

const CH = (c: string) => c.charCodeAt(0);
const isLineTerminator = (u: number) => u === 0x0a || u === 0x0d || u === 0x2028 || u === 0x2029;
const isSpace = (u: number) => u === 0x20 || u === 0x09 || u === 0x0b || u === 0x0c || u === 0xa0 || u === 0xfeff;
/** A character after a string literal and a line break that continues the expression: no ASI, so no directive. */
const CONTINUES = new Set('([.+-*/%=<>&|^?,:`'.split('').map(CH));

/**
 * Walks the directive prologue in code units. Returns the unit offset after the last directive
 * (after a hashbang line at least), or undefined when the units end before that is known.
 */
function scanPrologue(unitAt: (i: number) => number, length: number, final: boolean): { at: number; lead: string } | undefined {
  let i = 0;
  let at = 0;
  let lead = '';
  const more = () => (final ? { at, lead } : undefined);

  if (unitAt(0) === CH('#') && length < 2 && !final) return undefined;
  if (unitAt(0) === CH('#') && unitAt(1) === CH('!')) {
    while (i < length && !isLineTerminator(unitAt(i))) i++;
    if (i >= length) return final ? { at: length, lead: '\n' } : undefined;
    if (unitAt(i) === 0x0d && unitAt(i + 1) === 0x0a) i++;
    else if (unitAt(i) === 0x0d && i + 1 >= length && !final) return undefined;
    at = ++i;
  }

  /** Skips white space, line breaks and comments; -1 = ran out of units, else the new offset. */
  const skipTrivia = (from: number, lineBreaks: boolean): number => {
    let j = from;
    for (;;) {
      if (j >= length) return -1;
      const u = unitAt(j);
      if (isSpace(u) || (lineBreaks && isLineTerminator(u))) j++;
      else if (u === CH('/') && unitAt(j + 1) === CH('*')) {
        const close = findBlockEnd(unitAt, length, j + 2);
        if (close < 0) return -1;
        j = close;
      } else if (u === CH('/') && unitAt(j + 1) === CH('/')) {
        if (!lineBreaks) return j;
        while (j < length && !isLineTerminator(unitAt(j))) j++;
      } else if (u === CH('/') && j + 1 >= length) return -1;
      else return j;
    }
  };

  for (;;) {
    const start = skipTrivia(i, true);
    if (start < 0) return more();
    const quote = unitAt(start);
    if (quote !== CH('"') && quote !== CH("'")) return { at, lead };
    let j = start + 1;
    for (;;) {
      if (j >= length) return more();
      const u = unitAt(j);
      if (u === quote) break;
      if (isLineTerminator(u)) return { at, lead };
      j += u === CH('\\') ? 2 : 1;
    }
    const afterString = j + 1;
    const next = skipTrivia(afterString, false);
    if (next < 0) return final ? { at: afterString, lead: ';' } : undefined;
    const u = unitAt(next);
    if (u === CH(';')) {
      at = next + 1;
      lead = '';
      i = at;
      continue;
    }
    if (u === CH('}')) return { at, lead };
    if (!isLineTerminator(u) && !(u === CH('/') && unitAt(next + 1) === CH('/'))) return { at, lead };
    // A line break (or line comment) after the string: a directive by ASI unless the next token continues it.
    const following = skipTrivia(next, true);
    if (following < 0) return final ? { at: afterString, lead: ';' } : undefined;
    const f = unitAt(following);
    if (CONTINUES.has(f) || startsWord(unitAt, following, 'in')) return { at, lead };
    at = afterString;
    lead = ';';
    i = following;
  }
}

function findBlockEnd(unitAt: (i: number) => number, length: number, from: number): number {
  for (let j = from; j + 1 < length; j++) if (unitAt(j) === CH('*') && unitAt(j + 1) === CH('/')) return j + 2;
  return -1;
}

/** `in` / `instanceof` after a string continue the expression too. */
function startsWord(unitAt: (i: number) => number, at: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (unitAt(at + k) !== CH(word[k])) return false;
  return true;
}

function encode(text: string, encoding: Encoding): Uint8Array {
  if (encoding === 'utf-8') return new TextEncoder().encode(text);
  const out = new Uint8Array(text.length * 2);
  for (let k = 0; k < text.length; k++) {
    const unit = text.charCodeAt(k);
    const [first, second] = encoding === 'utf-16le' ? [unit & 0xff, unit >> 8] : [unit >> 8, unit & 0xff];
    out[2 * k] = first;
    out[2 * k + 1] = second;
  }
  return out;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b.slice();
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
