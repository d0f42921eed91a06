/**
 * Query text to query tree (grammar in `index.ts`). A recursive-descent parser over characters:
 * the language is small and context-dependent enough (`)` ends a word only inside a group, `/x/`
 * is a regex only when it is the whole word) that a separate tokenizer would not simplify it.
 * Errors are thrown internally as `Problem`s and returned, never thrown, by `parseQuery`.
 */
import { BUILTIN_FIELDS, DECODED_FIELDS, FIELD_NAME, readDirection, readRowType, readSize, readSizeOp, ROW_TYPE_LIST } from './fields';
import { readJsonTerm, startsJsonPath } from './json-term';
import { topicFilterProblemText } from './mqtt';
import { isSpace, isWordEnd, readBare, readQuoted, readRegex, readValue, type ScanError } from './scan';
import { queryTexts } from './texts';
import { rawText, type CodedText } from '../lib/coded-text';
import type { ParseOptions, ParseResult, QueryNode, SizeOp } from './types';

const { text: said, english } = queryTexts;

class Problem {
  constructor(
    readonly problem: CodedText,
    readonly at: number,
    readonly hint?: CodedText,
  ) {}
}

function fail(e: ScanError): never {
  throw new Problem(e.problem, e.at, e.hint);
}

export function parseQuery(text: string, options: ParseOptions = {}): ParseResult {
  const source = typeof text === 'string' ? text : ''; // JavaScript callers may pass anything
  let problem: CodedText;
  let at = 0;
  try {
    const root = new Parser(source, options).parse();
    return { ok: true, query: { source, root } };
  } catch (e) {
    if (e instanceof Problem) {
      at = e.at;
      problem = e.hint ? said('query.atHint', { problem: e.problem, at, hint: e.hint }) : said('query.at', { problem: e.problem, at });
    } else {
      // A bug here must not take the filter box down with it.
      problem = said('query.crash', { reason: rawText(e instanceof Error ? e.message : String(e)) });
    }
  }
  return { ok: false, error: english(problem), at, problem };
}

class Parser {
  private pos = 0;
  private depth = 0;
  private readonly decoded: Set<string>;
  private readonly known: string;

  constructor(
    private readonly src: string,
    options: ParseOptions,
  ) {
    this.decoded = new Set([...DECODED_FIELDS, ...(options.decodedFields ?? []).map((f) => f.toLowerCase())]);
    this.known = [...BUILTIN_FIELDS, ...this.decoded].join(', ');
  }

  parse(): QueryNode {
    const root = this.conjunction();
    // Only a `)` at top level stops `conjunction` early.
    if (this.pos < this.src.length) throw new Problem(said('query.unmatchedClose'), this.pos);
    return root;
  }

  private get ch(): string {
    return this.src[this.pos] ?? '';
  }

  private skipBlanks(): void {
    while (this.pos < this.src.length && isSpace(this.src[this.pos])) this.pos++;
  }

  /** Upper-case `OR`/`AND`/`NOT` standing alone (or before a group); lower-case words are text. */
  private atKeyword(word: string): boolean {
    if (!this.src.startsWith(word, this.pos)) return false;
    const next = this.src[this.pos + word.length] ?? '';
    return isWordEnd(next, this.depth) || next === '(';
  }

  /** `OR`, `|` or `||`; returns its length, 0 when there is none. */
  private orLength(): number {
    if (this.atKeyword('OR')) return 2;
    if (this.ch === '|') return this.src[this.pos + 1] === '|' ? 2 : 1;
    return 0;
  }

  private atGroupEnd(): boolean {
    return this.pos >= this.src.length || (this.ch === ')' && this.depth > 0);
  }

  /** Terms separated by blanks (or `AND`): the loosest binding. */
  private conjunction(): QueryNode {
    const children: QueryNode[] = [];
    for (;;) {
      this.skipBlanks();
      if (this.atGroupEnd() || (this.ch === ')' && this.depth === 0)) break;
      if (this.atKeyword('AND')) {
        const at = this.pos;
        if (children.length === 0) throw new Problem(said('query.termBefore', { op: 'AND' }), at);
        this.pos += 3;
        this.skipBlanks();
        if (this.atGroupEnd() || this.orLength() || this.atKeyword('AND')) throw new Problem(said('query.termAfter', { op: 'AND' }), at);
        continue;
      }
      if (this.orLength()) throw new Problem(said('query.termBefore', { op: this.src.slice(this.pos, this.pos + this.orLength()) }), this.pos);
      children.push(this.disjunction());
    }
    if (children.length === 0) return { kind: 'all', at: this.pos };
    return children.length === 1 ? children[0] : { kind: 'and', at: children[0].at, children: flatten('and', children) };
  }

  /** `a OR b | c`: binds tighter than the blank, as in Gmail, so `dir:in a OR b` = `dir:in (a OR b)`. */
  private disjunction(): QueryNode {
    const children = [this.unary()];
    for (;;) {
      const save = this.pos;
      this.skipBlanks();
      const length = this.orLength();
      if (!length) {
        this.pos = save;
        break;
      }
      const at = this.pos;
      const op = this.src.slice(at, at + length);
      this.pos += length;
      this.skipBlanks();
      if (this.atGroupEnd() || this.orLength() || this.atKeyword('AND') || (this.ch === ')' && this.depth === 0)) {
        throw new Problem(said('query.termAfter', { op }), at);
      }
      children.push(this.unary());
    }
    return children.length === 1 ? children[0] : { kind: 'or', at: children[0].at, children: flatten('or', children) };
  }

  /** `-term`, `!term`, `NOT term`. */
  private unary(): QueryNode {
    const at = this.pos;
    if (this.ch === '-' || this.ch === '!') {
      const next = this.src[at + 1] ?? '';
      if (isWordEnd(next, this.depth) || (next === ')' && this.depth === 0)) throw new Problem(said('query.termAfter', { op: this.ch }), at);
      this.pos++;
      return { kind: 'not', at, child: this.unary() };
    }
    if (this.atKeyword('NOT')) {
      this.pos += 3;
      this.skipBlanks();
      if (this.atGroupEnd() || this.orLength() || this.atKeyword('AND')) throw new Problem(said('query.termAfter', { op: 'NOT' }), at);
      return { kind: 'not', at, child: this.unary() };
    }
    return this.primary();
  }

  private primary(): QueryNode {
    const at = this.pos;
    const ch = this.ch;
    if (ch === '(') return this.group();
    if (ch === ')') throw new Problem(said('query.unmatchedClose'), at);
    if (ch === '"') {
      const q = readQuoted(this.src, at);
      if (!q.ok) fail(q);
      this.pos = q.end;
      this.expectTermEnd();
      return { kind: 'text', at, value: q.value };
    }
    if (ch === '/') {
      const r = readRegex(this.src, at, this.depth);
      if (r) {
        if (!r.ok) fail(r);
        this.pos = r.end;
        return { kind: 'regex', at, source: r.source, flags: r.flags };
      }
    }
    if (ch === '$' && startsJsonPath(this.src, at, this.depth)) {
      const j = readJsonTerm(this.src, at, this.depth);
      if (!j.ok) fail(j);
      this.pos = j.end;
      this.expectTermEnd();
      const node: QueryNode = { kind: 'json', at, path: j.path, pathText: j.pathText };
      if (j.op !== undefined) Object.assign(node, { op: j.op, value: j.value });
      return node;
    }
    const field = this.field();
    if (field) return field;
    const word = readBare(this.src, at, this.depth);
    this.pos = word.end;
    return { kind: 'text', at, value: word.value };
  }

  private group(): QueryNode {
    const open = this.pos;
    this.pos++;
    this.depth++;
    const inner = this.conjunction();
    if (this.ch !== ')') throw new Problem(said('query.unclosedGroup'), open);
    this.pos++;
    this.depth--;
    if (inner.kind === 'all') throw new Problem(said('query.emptyGroup'), open);
    this.expectTermEnd();
    return inner;
  }

  /** After quotes and groups, so that `"a"b` is not silently two terms. */
  private expectTermEnd(): void {
    const ch = this.ch;
    if (isWordEnd(ch, this.depth) || (ch === ')' && this.depth === 0)) return;
    throw new Problem(said('query.unexpected', { char: ch }), this.pos, said('query.unexpectedHint'));
  }

  /** `name:value`, and `size` with a comparison; undefined when the word is plain text. */
  private field(): QueryNode | undefined {
    const at = this.pos;
    const m = FIELD_NAME.exec(this.src.slice(at, at + 64));
    if (!m) return undefined;
    const name = m[0].toLowerCase();
    let valueAt = at + m[0].length;
    const sep = this.src[valueAt];
    if (name === 'size' && sep !== ':' && readSizeOp(this.src, valueAt)) return this.size(at, valueAt);
    if (sep !== ':') return undefined; // `a=b`, `foo>3`: plain text
    valueAt++;
    if (this.src.startsWith('//', valueAt)) return undefined; // `wss://host`: a URL, not a field
    if (name === 'size') return this.size(at, valueAt);
    if (!(BUILTIN_FIELDS as readonly string[]).includes(name) && !this.decoded.has(name)) {
      throw new Problem(said('query.unknownField', { name: m[0] }), at, said('query.unknownFieldHint', { known: this.known }));
    }
    const v = readValue(this.src, valueAt, this.depth);
    if (!v.ok) fail(v);
    if (v.value === '' && !v.quoted) throw new Problem(said('query.missingValue', { name }), valueAt);
    this.pos = v.end;
    if (v.quoted) this.expectTermEnd();
    const value = v.value;
    switch (name) {
      case 'dir': {
        const dir = readDirection(value);
        if (!dir) throw new Problem(said('query.badDirection', { value }), valueAt, said('query.badDirectionHint'));
        return { kind: 'dir', at, dir };
      }
      case 'type': {
        const type = readRowType(value);
        if (!type) throw new Problem(said('query.badType', { value }), valueAt, said('query.badTypeHint', { types: ROW_TYPE_LIST }));
        return { kind: 'type', at, type };
      }
      case 'conn':
        return { kind: 'conn', at, value };
      case 'url':
        return { kind: 'url', at, value };
      default: {
        if (name === 'topic' && !v.quoted) {
          const problem = topicFilterProblemText(value);
          if (problem) throw new Problem(said('query.badTopic', { value }), valueAt, said('query.badTopicHint', { problem }));
        }
        return { kind: 'field', at, field: name, value, literal: v.quoted };
      }
    }
  }

  /** `size>1k`, `size<=512`, `size=10`, `size:10`, `size:>=2kb`. `opAt` is after `size` or `size:`. */
  private size(at: number, opAt: number): QueryNode {
    const op: SizeOp = readSizeOp(this.src, opAt) ?? '=';
    const valueAt = opAt + (this.src.startsWith(op, opAt) ? op.length : 0);
    const v = readValue(this.src, valueAt, this.depth);
    if (!v.ok) fail(v);
    if (v.value === '' && !v.quoted) throw new Problem(said('query.missingSize'), valueAt, said('query.missingSizeHint'));
    const bytes = readSize(v.value);
    if (bytes === undefined) throw new Problem(said('query.badSize', { value: v.value }), valueAt, said('query.badSizeHint'));
    this.pos = v.end;
    if (v.quoted) this.expectTermEnd();
    return { kind: 'size', at, op, bytes, raw: v.value };
  }
}

/** `(a OR b) OR c` is `a OR b OR c`: flatter trees describe and evaluate better. */
function flatten(kind: 'and' | 'or', children: QueryNode[]): QueryNode[] {
  return children.flatMap((c) => (c.kind === kind ? c.children : [c]));
}
