/**
 * Low-level readers of the query text shared by the parser and the JSON-term reader. Each takes
 * the text and a start offset and returns the end offset, or an error with the offset to blame.
 */

import { rawText, type CodedText } from '../lib/coded-text';
import { queryTexts } from './texts';

const said = queryTexts.text;

/** Errors read `${problem} at ${at}`, then ` (${hint})` when there is one (see `query.at` in texts.ts). */
export type ScanError = { ok: false; problem: CodedText; at: number; hint?: CodedText };
export type Scanned<T> = ({ ok: true; end: number } & T) | ScanError;

export function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v' || ch === '\u00a0';
}

/**
 * A bare word ends at blanks, at `|` (OR), and at `)` only inside a group, so `foo)` can still be
 * searched for at top level and `(a OR b)` closes where it should.
 */
export function isWordEnd(ch: string, depth: number): boolean {
  return ch === '' || isSpace(ch) || ch === '|' || (ch === ')' && depth > 0);
}

/**
 * Reads to the end of a word. Parentheses opened inside the word are its own: in `(f(x) OR y)`
 * the word is `f(x)`, and only an unbalanced `)` closes the group.
 */
export function readBare(src: string, start: number, depth: number): { value: string; end: number } {
  let end = start;
  let open = 0;
  for (; end < src.length; end++) {
    const ch = src[end];
    if (ch === '(') open++;
    else if (ch === ')' && open > 0) open--;
    else if (isWordEnd(ch, depth)) break;
  }
  return { value: src.slice(start, end), end };
}

/** `"..."` with `\` escaping the next character (so `\"` and `\\`). `start` is at the quote. */
export function readQuoted(src: string, start: number): Scanned<{ value: string }> {
  let value = '';
  for (let i = start + 1; i < src.length; i++) {
    const ch = src[i];
    if (ch === '"') return { ok: true, value, end: i + 1 };
    if (ch === '\\' && i + 1 < src.length) value += src[++i];
    else value += ch;
  }
  return { ok: false, problem: said('query.unterminatedQuote'), at: start };
}

/** A quoted or bare value, as after `field:` or a JSON operator. */
export function readValue(src: string, start: number, depth: number): Scanned<{ value: string; quoted: boolean }> {
  if (src[start] === '"') {
    const q = readQuoted(src, start);
    return q.ok ? { ...q, quoted: true } : q;
  }
  const bare = readBare(src, start, depth);
  return { ok: true, ...bare, quoted: false };
}

const REGEX_FLAGS = /^[dgimsuvy]*/;

/**
 * `/source/flags` as in JavaScript: a `/` inside `[...]` or after `\` does not end it. `start` is at
 * the opening slash. Returns `undefined` when a closing slash and flags are followed by more of the
 * word (`/api/v1`, `/queue/a`): the parser then reads the word as plain text, so paths can be
 * searched without quotes. `g` and `y` are dropped: they make `RegExp#test` stateful, which would
 * make a filter skip every other match.
 */
export function readRegex(src: string, start: number, depth: number): Scanned<{ source: string; flags: string }> | undefined {
  let inClass = false;
  for (let i = start + 1; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\') i++;
    else if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    else if (ch === '/' && !inClass) {
      const source = src.slice(start + 1, i);
      const flags = REGEX_FLAGS.exec(src.slice(i + 1))![0];
      const end = i + 1 + flags.length;
      if (!isWordEnd(src[end] ?? '', depth)) return undefined;
      if (source === '') return { ok: false, problem: said('query.emptyRegex'), at: start };
      try {
        new RegExp(source, flags);
      } catch (e) {
        // V8: "Invalid regular expression: /a(/: Unterminated group": keep the last part.
        const message = e instanceof Error ? e.message : String(e);
        const reason = /: ([^:]+)$/.exec(message)?.[1] ?? message;
        return { ok: false, problem: said('query.badRegex'), at: start, hint: rawText(reason) };
      }
      return { ok: true, source, flags: flags.replace(/[gy]/g, ''), end };
    }
  }
  return { ok: false, problem: said('query.unterminatedRegex'), at: start };
}
