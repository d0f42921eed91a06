/**
 * A query in words, for the filter box tooltip. Groups are parenthesised where precedence
 * matters, so the user can see how `a b OR c` was read. The words are coded texts (`query.d.*`
 * in texts.ts), so the panel says them in its language; `describeQuery` gives the English.
 */
import type { CodedText } from '../lib/coded-text';
import { queryTexts } from './texts';
import type { Query, QueryNode, RowType, SizeOp } from './types';

const { text: said, english } = queryTexts;

const quote = (s: string) => JSON.stringify(s);

const SIZE_WORDS: Record<SizeOp, CodedText> = {
  '=': said('query.d.sizeIs'),
  '!=': said('query.d.sizeIsNot'),
  '>': said('query.d.sizeMore'),
  '>=': said('query.d.sizeAtLeast'),
  '<': said('query.d.sizeLess'),
  '<=': said('query.d.sizeAtMost'),
};

const TYPE_WORDS: Record<RowType, CodedText> = {
  text: said('query.d.typeText'),
  binary: said('query.d.typeBinary'),
  control: said('query.d.typeControl'),
  open: said('query.d.typeOpen'),
  close: said('query.d.typeClose'),
  error: said('query.d.typeError'),
};

/** Comparisons in words; the numeric ones read best as they are typed. */
const JSON_WORDS = { '=': said('query.d.jsonEquals'), '!=': said('query.d.jsonNotEquals'), '~=': said('query.d.jsonContains'), '>': '>', '>=': '>=', '<': '<', '<=': '<=' } as const;

/** `1,536 bytes (1.5kib)`: exact, plus the spelling typed when it differs. */
function bytesText(n: number, raw: string): CodedText {
  const exact = n.toLocaleString('en-US');
  return raw === String(n) ? said('query.d.bytes', { n: exact }) : said('query.d.bytesTyped', { n: exact, typed: raw });
}

/** Numbers bare, anything else quoted, so `$.id=3` and `$.id="a b"` both read naturally. */
function literal(value: string): string {
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(value) ? value : quote(value);
}

export function describeQuery(query: Query): string {
  return english(describeQueryText(query));
}

/** `describeQuery` as coded text. */
export function describeQueryText(query: Query): CodedText {
  return describeNode(query.root, false);
}

/** `a and b and c`: pairs folded from the left, parenthesised as a whole when nested. */
function joined(code: 'query.d.and' | 'query.d.or', children: QueryNode[], nested: boolean): CodedText {
  let text = describeNode(children[0], true);
  for (const child of children.slice(1)) text = said(code, { left: text, right: describeNode(child, true) });
  return nested ? said('query.d.group', { inner: text }) : text;
}

function describeNode(node: QueryNode, nested: boolean): CodedText {
  switch (node.kind) {
    case 'all':
      return said('query.d.everything');
    case 'and':
      return joined('query.d.and', node.children, nested);
    case 'or':
      return joined('query.d.or', node.children, nested);
    case 'not':
      return said('query.d.not', { inner: describeNode(node.child, true) });
    case 'text':
      return said('query.d.text', { value: quote(node.value) });
    case 'regex':
      return said('query.d.regex', { regex: `/${node.source}/${node.flags}` });
    case 'dir':
      return said(node.dir === 'send' ? 'query.d.sent' : 'query.d.received');
    case 'type':
      return TYPE_WORDS[node.type];
    case 'size':
      return said('query.d.size', { op: SIZE_WORDS[node.op], bytes: bytesText(node.bytes, node.raw) });
    case 'conn':
      return /^\d+$/.test(node.value) ? said('query.d.connNumber', { n: node.value, id: quote(node.value) }) : said('query.d.connId', { id: quote(node.value) });
    case 'url':
      return said('query.d.url', { value: quote(node.value) });
    case 'json':
      return node.op === undefined
        ? said('query.d.jsonExists', { path: node.pathText })
        : said('query.d.json', { path: node.pathText, op: JSON_WORDS[node.op], value: literal(node.value ?? '') });
    case 'field':
      if (node.field === 'topic' && !node.literal && /[+#]/.test(node.value)) return said('query.d.topicFilter', { value: quote(node.value) });
      if (!node.literal && node.value.includes('*')) return said('query.d.fieldWildcard', { field: node.field, value: quote(node.value) });
      return said('query.d.field', { field: node.field, value: quote(node.value) });
  }
}
