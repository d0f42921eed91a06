/**
 * A query in words, for the filter box tooltip. Groups are parenthesised where precedence
 * matters, so the user can see how `a b OR c` was read.
 */
import type { Query, QueryNode, RowType, SizeOp } from './types';

const quote = (s: string) => JSON.stringify(s);

const SIZE_WORDS: Record<SizeOp, string> = {
  '=': 'is',
  '!=': 'is not',
  '>': 'is more than',
  '>=': 'is at least',
  '<': 'is less than',
  '<=': 'is at most',
};

const TYPE_WORDS: Record<RowType, string> = {
  text: 'text messages',
  binary: 'binary messages',
  control: 'connection events (open, close, error)',
  open: 'connection open events',
  close: 'connection close events',
  error: 'connection error events',
};

const JSON_WORDS = { '=': 'equals', '!=': 'exists and is not', '~=': 'contains', '>': '>', '>=': '>=', '<': '<', '<=': '<=' } as const;

/** `1,536 bytes (1.5kib)`: exact, plus the spelling typed when it differs. */
function bytesText(n: number, raw: string): string {
  const exact = `${n.toLocaleString('en-US')} bytes`;
  return raw === String(n) ? exact : `${exact} (${raw})`;
}

/** Numbers bare, anything else quoted, so `$.id=3` and `$.id="a b"` both read naturally. */
function literal(value: string): string {
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(value) ? value : quote(value);
}

export function describeQuery(query: Query): string {
  return describeNode(query.root, false);
}

function describeNode(node: QueryNode, nested: boolean): string {
  switch (node.kind) {
    case 'all':
      return 'everything';
    case 'and': {
      const text = node.children.map((c) => describeNode(c, true)).join(' and ');
      return nested ? `(${text})` : text;
    }
    case 'or': {
      const text = node.children.map((c) => describeNode(c, true)).join(' or ');
      return nested ? `(${text})` : text;
    }
    case 'not':
      return `not ${describeNode(node.child, true)}`;
    case 'text':
      return `payload contains ${quote(node.value)} (any case)`;
    case 'regex':
      return `payload matches /${node.source}/${node.flags}`;
    case 'dir':
      return node.dir === 'send' ? 'sent messages' : 'received messages';
    case 'type':
      return TYPE_WORDS[node.type];
    case 'size':
      return `size ${SIZE_WORDS[node.op]} ${bytesText(node.bytes, node.raw)}`;
    case 'conn':
      return /^\d+$/.test(node.value) ? `connection #${node.value} (or id ${quote(node.value)})` : `connection id ${quote(node.value)}`;
    case 'url':
      return `connection URL contains ${quote(node.value)}`;
    case 'json':
      return node.op === undefined
        ? `JSON ${node.pathText} exists`
        : `JSON ${node.pathText} ${JSON_WORDS[node.op]} ${literal(node.value ?? '')}`;
    case 'field':
      if (node.field === 'topic' && !node.literal && /[+#]/.test(node.value)) return `topic matches MQTT filter ${quote(node.value)}`;
      if (!node.literal && node.value.includes('*')) return `${node.field} matches ${quote(node.value)} (* = anything)`;
      return `${node.field} is ${quote(node.value)}`;
  }
}
