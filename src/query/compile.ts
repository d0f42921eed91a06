/**
 * Query tree to row predicate. Everything that can be done once is done here: needles,
 * regexes, JSON-path walkers, topic matchers. Evaluation then costs a few closure calls per row,
 * plus the payload derivations the terms need (memoised per row, see `payload.ts`).
 *
 * Row semantics:
 *   text, regex   text message: its text. Binary message: its lossy UTF-8 decoding, and its bytes
 *                 (plain hex needles like `cafe`/`0xCAFE`/`"ca fe"`, byte-aligned) or its hex
 *                 `ca fe ...` (regexes). Control row: `"<event> <detail>"`.
 *   dir, size, $.path, decoded fields   messages only: control rows never match them.
 *   conn, url     any row (control rows have a connection too).
 * Terms of an AND/OR are evaluated cheapest first; predicates are pure, so order is free.
 */
import { compileJsonTest, jsonTermNeedles, lacksNeedles } from './json-match';
import { topicMatcher } from './mqtt';
import { createRowMemo, type RowMemo } from './payload-facts';
import { parseQuery } from './parse';
import { containsIgnoringCase, globMatcher, hexNeedleBytes, includesBytes } from './text-match';
import { regexFacts } from './regex-facts';
import { base64MayHold, base64Needles } from './base64-needles';
import { isControlEvent, type ControlEvent, type MatchContext, type ParseOptions, type ParseResult, type Query, type QueryNode, type RowPredicate, type SizeOp } from './types';

const hasOwn = Object.prototype.hasOwnProperty;

export function compileQuery(query: Query, context: MatchContext = {}): RowPredicate {
  return compileNode(query.root, context, createRowMemo(context));
}

/** Parse and compile in one go, for rules and breakpoints that hold query text. */
export function createRowFilter(
  text: string,
  context: MatchContext = {},
  options?: ParseOptions,
): { ok: true; query: Query; predicate: RowPredicate } | Extract<ParseResult, { ok: false }> {
  const parsed = parseQuery(text, options);
  return parsed.ok ? { ok: true, query: parsed.query, predicate: compileQuery(parsed.query, context) } : parsed;
}

/** Rough relative cost of evaluating a node, to order AND/OR children. */
function cost(node: QueryNode): number {
  switch (node.kind) {
    case 'all':
    case 'dir':
    case 'type':
    case 'size':
      return 0;
    case 'conn':
    case 'url':
      return 1;
    case 'field':
      return 2;
    case 'text':
    case 'regex':
      return 3;
    case 'json':
      return 4;
    case 'not':
      return cost(node.child);
    case 'and':
    case 'or':
      return Math.max(...node.children.map(cost));
  }
}

function controlText(row: ControlEvent): string {
  return row.detail ? `${row.event} ${row.detail}` : row.event;
}

function compileNode(node: QueryNode, context: MatchContext, memo: RowMemo): RowPredicate {
  switch (node.kind) {
    case 'all':
      return () => true;
    case 'and':
    case 'or': {
      const parts = [...node.children].sort((a, b) => cost(a) - cost(b)).map((c) => compileNode(c, context, memo));
      return node.kind === 'and' ? every(parts) : some(parts);
    }
    case 'not': {
      const inner = compileNode(node.child, context, memo);
      return (row) => !inner(row);
    }
    case 'text': {
      const contains = containsIgnoringCase(node.value);
      const hex = hexNeedleBytes(node.value);
      return (row) => {
        if (isControlEvent(row)) return contains(controlText(row));
        if (row.opcode === 1) return contains(row.text ?? '');
        return (hex !== undefined && includesBytes(memo.bytes(row), hex)) || contains(memo.utf8(row));
      };
    }
    case 'regex': {
      const re = new RegExp(node.source, node.flags);
      // A binary row's UTF-8 text and hex dump cost more than the test: skip what cannot match.
      const facts = regexFacts(node.source, node.flags);
      const needed = facts.requiredAscii === undefined ? undefined : Uint8Array.from(facts.requiredAscii, (c) => c.charCodeAt(0));
      // The same needed bytes looked for in the row's base64 first, which costs no decoding.
      const neededInBase64 = needed && !facts.canMatchHexDump ? base64Needles(needed) : undefined;
      return (row) => {
        if (isControlEvent(row)) return re.test(controlText(row));
        if (row.opcode === 1) return re.test(row.text ?? '');
        if (neededInBase64 && !base64MayHold(row.base64 ?? '', neededInBase64)) return false;
        const textMayMatch = needed === undefined || includesBytes(memo.bytes(row), needed);
        return (textMayMatch && re.test(memo.utf8(row))) || (facts.canMatchHexDump && re.test(memo.hex(row)));
      };
    }
    case 'dir': {
      const dir = node.dir;
      return (row) => !isControlEvent(row) && row.dir === dir;
    }
    case 'type':
      switch (node.type) {
        case 'text':
          return (row) => !isControlEvent(row) && row.opcode === 1;
        case 'binary':
          return (row) => !isControlEvent(row) && row.opcode === 2;
        case 'control':
          return isControlEvent;
        default: {
          const event = node.type;
          return (row) => isControlEvent(row) && row.event === event;
        }
      }
    case 'size': {
      const cmp = sizeComparison(node.op, node.bytes);
      return (row) => !isControlEvent(row) && cmp(row.size);
    }
    case 'conn': {
      const value = node.value;
      const number = /^\d+$/.test(value) ? Number(value) : undefined;
      const indexOf = context.connectionIndexOf;
      if (number === undefined || !indexOf) return (row) => row.connId === value;
      return perConnection((id) => {
        if (id === value) return true;
        const index = context.connectionIndexOf!(id);
        return index === undefined ? undefined : index === number;
      });
    }
    case 'url': {
      if (!context.connectionOf) return () => false;
      const contains = containsIgnoringCase(node.value);
      return perConnection((id) => {
        const connection = context.connectionOf!(id);
        return connection ? contains(connection.url) : undefined;
      });
    }
    case 'json': {
      const test = compileJsonTest(node.path, node.op, node.value);
      // A caller's jsonOf may give text rows a decoded value whose keys are not in the text.
      const needles = context.jsonOf ? [] : jsonTermNeedles(node.path, node.op, node.value);
      return (row) => {
        if (isControlEvent(row)) return false;
        if (row.opcode === 1 && lacksNeedles(row.text ?? '', needles)) return false;
        return test(memo.json(row));
      };
    }
    case 'field': {
      const { field, value } = node;
      const matches = node.literal ? (v: string) => v === value : field === 'topic' ? topicMatcher(value) : globMatcher(value);
      return (row) => {
        if (isControlEvent(row)) return false;
        const fields = memo.fields(row);
        if (!fields || !hasOwn.call(fields, field)) return false;
        const v = fields[field];
        return v !== undefined && v !== null && matches(typeof v === 'string' ? v : String(v));
      };
    }
  }
}

/**
 * Connection terms ask the caller's lookups once per connection id: a connection's URL and list
 * number do not change. Unknown connections (lookup says undefined) are asked again next time,
 * in case the row arrived before its connection did.
 */
function perConnection(decide: (id: string) => boolean | undefined): RowPredicate {
  const cache = new Map<string, boolean>();
  return (row) => {
    const id = row.connId;
    let answer = cache.get(id);
    if (answer === undefined) {
      answer = decide(id);
      if (answer === undefined) return false;
      cache.set(id, answer);
    }
    return answer;
  };
}

function sizeComparison(op: SizeOp, n: number): (size: number) => boolean {
  switch (op) {
    case '=':
      return (s) => s === n;
    case '!=':
      return (s) => s !== n;
    case '>':
      return (s) => s > n;
    case '>=':
      return (s) => s >= n;
    case '<':
      return (s) => s < n;
    case '<=':
      return (s) => s <= n;
  }
}

function every(parts: RowPredicate[]): RowPredicate {
  if (parts.length === 2) {
    const [a, b] = parts;
    return (row) => a(row) && b(row);
  }
  return (row) => {
    for (let i = 0; i < parts.length; i++) if (!parts[i](row)) return false;
    return true;
  };
}

function some(parts: RowPredicate[]): RowPredicate {
  if (parts.length === 2) {
    const [a, b] = parts;
    return (row) => a(row) || b(row);
  }
  return (row) => {
    for (let i = 0; i < parts.length; i++) if (parts[i](row)) return true;
    return false;
  };
}
