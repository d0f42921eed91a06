/**
 * Where and why a text is not JSON, as "Unexpected token } at line 3 column 5".
 *
 * Engines word JSON.parse errors differently (V8 sometimes gives no position at all, Firefox
 * gives its own line/column text), so on failure we re-scan the text with a small validator of
 * our own: same message on every browser, positions always present. Reasons are coded texts
 * (`lib.json.*` in texts.ts) as well as English, so the panel can say them in its language.
 */
import type { CodedText } from './coded-text';
import { libTexts } from './texts';

const { text: said, english } = libTexts;

export interface JsonSyntaxProblem {
  /** UTF-16 offset of the offending character (text.length at end of input). */
  offset: number;
  line: number;
  column: number;
  /** E.g. "Unexpected token }" or "Unexpected end of JSON input". */
  reason: string;
  /** The reason as coded text. */
  problem: CodedText;
  /** The text stops in the middle of a value: typically a truncated file. */
  atEnd: boolean;
}

/** 1-based line and column of a UTF-16 offset. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

class Stop {
  constructor(readonly offset: number, readonly reason: CodedText) {}
}

const MAX_DEPTH = 4000;

/** The first syntax error in `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
  let i = 0;
  const n = text.length;

  const shown = (c: string) => (c.charCodeAt(0) < 0x20 ? JSON.stringify(c) : c);
  const unexpected = (): never => {
    if (i >= n) throw new Stop(n, said('lib.json.unexpectedEnd'));
    throw new Stop(i, said('lib.json.unexpectedToken', { token: shown(String.fromCodePoint(text.codePointAt(i)!)) }));
  };
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      i++;
    }
  };
  const literal = (word: string) => {
    for (let k = 0; k < word.length; k++, i++) if (text[i] !== word[k]) unexpected();
  };
  const digits = () => {
    const start = i;
    while (i < n && text[i] >= '0' && text[i] <= '9') i++;
    if (i === start) unexpected();
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= n) unexpected();
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) throw new Stop(i, said('lib.json.badControl'));
      if (c === 0x5c) {
        i++;
        if (i >= n) unexpected();
        const e = text[i];
        if (e === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (i + k >= n) {
              i = n;
              unexpected();
            }
            if (!/[0-9a-fA-F]/.test(text[i + k])) throw new Stop(i + k, said('lib.json.badUnicode'));
          }
          i += 5;
        } else if ('"\\/bfnrt'.includes(e)) i++;
        else throw new Stop(i, said('lib.json.badEscape', { char: shown(e) }));
      } else i++;
    }
  };
  const value = (depth: number): void => {
    if (depth > MAX_DEPTH) throw new Stop(i, said('lib.json.tooDeep'));
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') unexpected();
        string();
        ws();
        if (text[i] !== ':') unexpected();
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        unexpected();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        unexpected();
      }
    } else if (c === '"') string();
    else if (c === '-' || (c >= '0' && c <= '9')) number();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else unexpected();
  };

  try {
    value(0);
    ws();
    if (i < n) throw new Stop(i, said('lib.json.tokenAfterEnd', { token: shown(String.fromCodePoint(text.codePointAt(i)!)) }));
    return undefined;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    const { line, column } = lineColumnAt(text, error.offset);
    return { offset: error.offset, line, column, reason: english(error.reason), problem: error.reason, atEnd: error.offset >= n };
  }
}

/** One line for the user; `fallback` (the engine's message) when our scan finds nothing. */
export function describeJsonError(text: string, fallback?: string): string {
  return english(jsonErrorText(text, fallback));
}

/** `describeJsonError` as coded text: `Unexpected token } at line 3 column 5`. */
export function jsonErrorText(text: string, fallback?: string): CodedText {
  const problem = findJsonSyntaxError(text);
  if (!problem) return fallback === undefined ? said('lib.json.invalid') : said('raw', { text: fallback });
  return said(problem.atEnd ? 'lib.json.atTruncated' : 'lib.json.at', { reason: problem.problem, line: problem.line, column: problem.column });
}
