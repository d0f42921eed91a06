/**
 * JSON as the user edits it: validation with a line/column to point at, and re-layout between
 * pretty and compact.
 *
 * Re-layout works on the tokens, never through `JSON.parse`/`JSON.stringify`: a round trip would
 * silently change what the user is about to send (`12345678901234567890` loses digits, `1.0`
 * becomes `1`, `"\u00e9"` becomes `"é"`, a duplicated key disappears). Only whitespace between
 * tokens changes.
 */
import { findJsonSyntaxError } from '../lib/json-error';
import { rawText } from '../lib/coded-text';
import { inputProblem, type InputProblem } from './binary-input';
import { interceptTexts } from './texts';

export type JsonCheck = { ok: true; value: unknown } | InputProblem;

/** Parses `text`; on failure says where, with the same wording on every browser (see json-error). */
export function checkJson(text: string): JsonCheck {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    const problem = findJsonSyntaxError(text);
    if (!problem) {
      // Our scanner and the engine disagree (should not happen): report the engine's words.
      const error = e instanceof Error ? e.message : String(e);
      return { ok: false, error, problem: rawText(error), offset: 0, line: 1, column: 1 };
    }
    return inputProblem(text, problem.offset, text.trim() === '' ? interceptTexts.text('intercept.json.empty') : problem.problem);
  }
}

export type JsonLayout = 'pretty' | 'compact';

export type JsonLayoutResult = { ok: true; text: string } | InputProblem;

const isWs = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/**
 * Re-lays out valid JSON: `pretty` puts one member per line indented by `indent` spaces (empty
 * `{}`/`[]` stay on one line), `compact` removes every blank between tokens.
 */
export function layoutJson(text: string, layout: JsonLayout, indent = 2): JsonLayoutResult {
  const check = checkJson(text);
  if (!check.ok) return check;
  const step = layout === 'pretty' ? ' '.repeat(Math.max(1, indent)) : '';
  const newline = (depth: number) => (step ? '\n' + step.repeat(depth) : '');
  let out = '';
  let depth = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const code = text.charCodeAt(i);
    const c = text[i];
    if (isWs(code)) {
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1; // valid JSON: the string ends
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '{' || c === '[') {
      let j = i + 1;
      while (j < n && isWs(text.charCodeAt(j))) j++;
      if (text[j] === (c === '{' ? '}' : ']')) {
        out += c + text[j];
        i = j + 1;
      } else {
        out += c + newline(++depth);
        i++;
      }
    } else if (c === '}' || c === ']') {
      out += newline(--depth) + c;
      i++;
    } else if (c === ',') {
      out += ',' + newline(depth);
      i++;
    } else if (c === ':') {
      out += step ? ': ' : ':';
      i++;
    } else {
      // Number or literal: copied as typed.
      let j = i;
      while (j < n && !isWs(text.charCodeAt(j)) && !',:]}'.includes(text[j])) j++;
      out += text.slice(i, j);
      i = j;
    }
  }
  return { ok: true, text: out };
}

/**
 * The layout a toggle button would switch to: JSON strings cannot hold raw newlines, so a
 * newline anywhere means the text is already laid out over several lines.
 */
export function nextJsonLayout(text: string): JsonLayout {
  return text.trim().includes('\n') ? 'compact' : 'pretty';
}
