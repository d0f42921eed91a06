/**
 * Auto-reply templates: text with `{{placeholders}}` filled from the message being answered.
 *
 *   {{$.path}}       value at a JSON path of the message (the dialect of src/lib/json-path.ts):
 *                    strings as they are (no quotes), anything else as JSON text;
 *                    nothing when the path is missing or the message is not JSON
 *   {{json $.path}}  the value as JSON text, strings quoted and escaped; `null` when missing.
 *                    Use it inside JSON templates: `{"echo": {{json $.name}}}`
 *   {{text}}         the whole text payload (binary: its UTF-8 decoding)
 *   {{base64}}       the payload as base64 (text: of its UTF-8 bytes)
 *   {{hex}}          the payload as hex, `de ad be ef`
 *   {{seq}}          1, 2, 3... counting the replies this rule has produced
 *   {{time}}         current time, integer milliseconds since the epoch
 *   {{random}}       random integer, 0 <= n < 4294967296
 *   \{{              a literal `{{`
 * Blanks inside the braces are allowed (`{{ $.id }}`). A path with wildcards or `..`
 * (`$.items[*].id`, `$..id`) gives the array of what it reaches.
 *
 * Templates are compiled once (when the rule engine is built) so errors carry the offset of the
 * bad placeholder and expansion is a loop over parts.
 */
import { toHex } from '../lib/bytes';
import { isSingularJsonPath, jsonPathErrorText, parseJsonPath, resolveJsonPath, type JsonPathSegment } from '../lib/json-path';
import type { CodedText } from '../lib/coded-text';
import { interceptTexts } from './texts';

const { text: said, english } = interceptTexts;

type Part =
  | { kind: 'literal'; text: string }
  | { kind: 'text' | 'base64' | 'hex' | 'seq' | 'time' | 'random' }
  | { kind: 'path'; path: JsonPathSegment[]; json: boolean; many: boolean };

export interface Template {
  readonly source: string;
  readonly parts: readonly Part[];
  /** The template has no placeholders: its expansion is its source (minus escapes). */
  readonly constant: boolean;
}

/** A failure says it in English (`error`) and as coded text (`problem`), with the offset to blame. */
export type TemplateParse = { ok: true; template: Template } | { ok: false; error: string; problem: CodedText; at: number };

function failed(problem: CodedText, at: number): TemplateParse {
  return { ok: false, error: english(problem), problem, at };
}

const NAMES = ['text', 'base64', 'hex', 'seq', 'time', 'random'] as const;
const KNOWN = 'text, base64, hex, seq, time, random, $.path, json $.path';

export function compileTemplate(source: string): TemplateParse {
  if (typeof source !== 'string') return failed(said('intercept.template.notText'), 0);
  const parts: Part[] = [];
  let literal = '';
  let i = 0;
  while (i < source.length) {
    if (source.startsWith('\\{{', i)) {
      literal += '{{';
      i += 3;
      continue;
    }
    if (!source.startsWith('{{', i)) {
      literal += source[i++];
      continue;
    }
    const close = source.indexOf('}}', i + 2);
    if (close === -1) return failed(said('intercept.template.unclosed', { at: i }), i);
    const raw = source.slice(i + 2, close);
    const name = raw.trim();
    const nameAt = i + 2 + (raw.length - raw.trimStart().length);
    let part: Part;
    if ((NAMES as readonly string[]).includes(name)) part = { kind: name as (typeof NAMES)[number] };
    else if (name.startsWith('$') || /^json\s+\$/.test(name)) {
      const json = name.startsWith('json');
      const pathText = json ? name.replace(/^json\s+/, '') : name;
      const pathAt = nameAt + (name.length - pathText.length);
      const parsed = parseJsonPath(pathText);
      if (!parsed.ok) return failed(jsonPathErrorText({ ...parsed, at: pathAt + parsed.at }), pathAt + parsed.at);
      part = { kind: 'path', path: parsed.path, json, many: !isSingularJsonPath(parsed.path) };
    } else {
      return failed(said('intercept.template.unknown', { placeholder: `{{${raw}}}`, at: i, known: KNOWN }), i);
    }
    if (literal) parts.push({ kind: 'literal', text: literal });
    literal = '';
    parts.push(part);
    i = close + 2;
  }
  if (literal) parts.push({ kind: 'literal', text: literal });
  return { ok: true, template: { source, parts, constant: parts.every((p) => p.kind === 'literal') } };
}

/** What a template is filled from. Payload views are computed only when a placeholder asks. */
export interface TemplateInput {
  /** Parsed JSON of the message, `undefined` when it is not JSON. */
  json(): unknown;
  text(): string;
  bytes(): Uint8Array;
  base64(): string;
  seq: number;
  time: number;
  random: number;
}

export function expandTemplate(template: Template, input: TemplateInput): string {
  let out = '';
  for (const part of template.parts) {
    switch (part.kind) {
      case 'literal':
        out += part.text;
        break;
      case 'text':
        out += input.text();
        break;
      case 'base64':
        out += input.base64();
        break;
      case 'hex':
        out += toHex(input.bytes());
        break;
      case 'seq':
        out += String(input.seq);
        break;
      case 'time':
        out += String(Math.round(input.time));
        break;
      case 'random':
        out += String(Math.floor(input.random * 0x1_0000_0000));
        break;
      case 'path': {
        const json = input.json();
        const values = json === undefined ? [] : resolveJsonPath(json, part.path);
        const value = part.many ? values : values[0];
        if (value === undefined) out += part.json ? 'null' : '';
        else out += !part.json && typeof value === 'string' ? value : JSON.stringify(value);
        break;
      }
    }
  }
  return out;
}
