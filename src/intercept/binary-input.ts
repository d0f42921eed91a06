/**
 * Reading bytes the user typed or pasted: hex (as hex dumps, C arrays and DevTools copy them)
 * and base64 (standard or URL-safe, wrapped or not). Errors name the character to blame with its
 * offset, line and column, so the editor can put the caret there.
 */
import { lineColumnAt } from '../lib/json-error';
import { base64ToBytes } from '../lib/bytes';
import type { CodedText } from '../lib/coded-text';
import { interceptTexts } from './texts';

const said = interceptTexts.text;

/** Where typed input went wrong. `offset` is a UTF-16 index into the input; line/column 1-based. */
export interface InputProblem {
  ok: false;
  /** One sentence that includes the position: `"g" is not a hex digit (line 1, column 4)`. */
  error: string;
  /** The same as coded text (src/lib/coded-text.ts), for the panel to say in its language. */
  problem: CodedText;
  offset: number;
  line: number;
  column: number;
}

export type ParsedBytes = { ok: true; bytes: Uint8Array } | InputProblem;

export function inputProblem(input: string, offset: number, reason: CodedText): InputProblem {
  const { line, column } = lineColumnAt(input, offset);
  const problem = said('intercept.input.at', { reason, line, column });
  return { ok: false, error: interceptTexts.english(problem), problem, offset, line, column };
}

const isBlank = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
const isHexDigit = (c: string) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

/** Shows a character in an error; control characters as escapes so the message stays one line. */
function shown(c: string): string {
  return c.charCodeAt(0) < 0x20 ? JSON.stringify(c) : `"${c}"`;
}

/**
 * Hex bytes. Tokens are separated by blanks (newlines included) or commas; each token may start
 * with `0x` and holds an even number of digits: `de ad`, `dead`, `0xDEAD`, `0xde, 0xad`.
 * A token with an odd digit count is an error rather than being re-paired with its neighbour:
 * `de a be` is far more likely a typo than `de ab e`. Empty input is zero bytes.
 */
export function parseHex(input: string): ParsedBytes {
  const bytes: number[] = [];
  let i = 0;
  const n = input.length;
  while (i < n) {
    const c = input[i];
    if (isBlank(c) || c === ',') {
      i++;
      continue;
    }
    const tokenStart = i;
    if (c === '0' && (input[i + 1] === 'x' || input[i + 1] === 'X')) {
      i += 2;
      if (i >= n || !isHexDigit(input[i])) return inputProblem(input, tokenStart, said('intercept.hex.after0x'));
    }
    const digitsStart = i;
    while (i < n && isHexDigit(input[i])) i++;
    if (i < n && !isBlank(input[i]) && input[i] !== ',') {
      return inputProblem(input, i, said('intercept.hex.notDigit', { char: shown(String.fromCodePoint(input.codePointAt(i)!)) }));
    }
    const digits = input.slice(digitsStart, i);
    if (digits.length % 2 === 1) {
      return inputProblem(input, tokenStart, said('intercept.hex.odd', { token: input.slice(tokenStart, i) }));
    }
    for (let k = 0; k < digits.length; k += 2) bytes.push(parseInt(digits.slice(k, k + 2), 16));
  }
  return { ok: true, bytes: Uint8Array.from(bytes) };
}

const BASE64_CHAR = /[A-Za-z0-9+/\-_]/;

/**
 * Base64, standard (`+/`) or URL-safe (`-_`), blanks anywhere (wrapped output), padding
 * optional. Checked character by character first so that an error points at the culprit, which
 * `atob` does not do.
 */
export function parseBase64(input: string): ParsedBytes {
  let clean = '';
  let padding = 0;
  let firstPadAt = -1;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (isBlank(c)) continue;
    if (c === '=') {
      if (padding === 0) firstPadAt = i;
      if (++padding > 2) return inputProblem(input, i, said('intercept.base64.tooMuchPadding'));
      continue;
    }
    if (padding > 0) return inputProblem(input, i, said('intercept.base64.afterPadding', { char: shown(c) }));
    if (!BASE64_CHAR.test(c)) return inputProblem(input, i, said('intercept.base64.notChar', { char: shown(String.fromCodePoint(input.codePointAt(i)!)) }));
    clean += c === '-' ? '+' : c === '_' ? '/' : c;
  }
  const rest = clean.length % 4;
  if (rest === 1) return inputProblem(input, input.length, said('intercept.base64.single'));
  if (padding > 0 && (clean.length + padding) % 4 !== 0) return inputProblem(input, firstPadAt, said('intercept.base64.wrongPadding'));
  try {
    return { ok: true, bytes: base64ToBytes(rest === 0 ? clean : clean + '='.repeat(4 - rest)) };
  } catch {
    // Unreachable after the checks above; kept so a surprise never throws into the caller.
    return inputProblem(input, 0, said('intercept.base64.invalid'));
  }
}
