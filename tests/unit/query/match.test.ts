import { describe, expect, it } from 'vitest';
import { compileQuery, createRowFilter, parseQuery } from '../../../src/query';
import { ALL, binary, context, expectMatches, matching, rows } from './fixtures';

describe('matching: plain text and phrases', () => {
  it('matches everything with an empty query', () => {
    expectMatches('', ALL);
  });

  it('finds substrings of text payloads in any case, Unicode included', () => {
    expectMatches('trade', ['trade']);
    expectMatches('HELLO', ['hello']);
    expectMatches('wÖrld', ['hello']);
    expectMatches('été', ['hello']);
    expectMatches('"quoted text"', ['hello']);
    expectMatches('"a|b"', ['hello']);
    expectMatches('(ÉTÉ)', ['hello']);
    expectMatches('nothing-like-this', []);
  });

  it('searches binary payloads as bytes (hex needles, byte-aligned) and as UTF-8', () => {
    expectMatches('cafe', ['cafe']);
    expectMatches('0xCAFEBABE', ['cafe']);
    expectMatches('"ca fe ba"', ['cafe']);
    expectMatches('afeb', []); // a f e b would straddle bytes
    expectMatches('hi!', ['cafe']);
    expectMatches('hi', ['cafe', 'chat']);
  });

  it('searches control rows by event name and detail', () => {
    expectMatches('closure', ['close']);
    expectMatches('error', ['error']);
    expectMatches('open', ['open']);
  });
});

describe('matching: regexes', () => {
  it('tests text payloads with the given flags', () => {
    expectMatches('/^\\{/', ['trade']);
    expectMatches('/"price":\\s*"/', ['quote']);
    expectMatches('/HELLO/', []);
    expectMatches('/HELLO/i', ['hello']);
  });

  it('tests binary payloads as spaced hex and as UTF-8', () => {
    expectMatches('/ca fe b/', ['cafe']);
    expectMatches('/^30 0c$/', ['mqtt']);
    expectMatches('/hi!$/', ['cafe']);
  });

  it('tests control rows as "event detail"', () => {
    expectMatches('/^close 1000/', ['close']);
  });

  it('is not stateful with g or y', () => {
    const parsed = parseQuery('/hello/gi');
    if (!parsed.ok) throw new Error(parsed.error);
    const predicate = compileQuery(parsed.query, context);
    expect([predicate(rows.hello), predicate(rows.hello), predicate(rows.hello)]).toEqual([true, true, true]);
  });
});

describe('matching: fields', () => {
  it('dir: applies to messages only', () => {
    expectMatches('dir:out', ['trade', 'chat']);
    expectMatches('dir:received', ['hello', 'cafe', 'quote', 'mqtt', 'stomp']);
  });

  it('type: tells text, binary and control rows apart', () => {
    expectMatches('type:text', ['trade', 'hello', 'quote', 'chat', 'stomp']);
    expectMatches('type:binary', ['cafe', 'mqtt']);
    expectMatches('type:control', ['open', 'close', 'error']);
    expectMatches('type:close', ['close']);
    expectMatches('type:open OR type:error', ['open', 'error']);
  });

  it('size compares bytes with decimal units', () => {
    expectMatches('size>1k', ['quote']);
    expectMatches('size>=2kb', ['quote']);
    expectMatches('size>2k', []);
    expectMatches('size>1kib', ['quote']);
    expectMatches('size<=7', ['cafe', 'mqtt']);
    expectMatches('size=2', ['mqtt']);
    expectMatches('size:2', ['mqtt']);
    expectMatches('size!=2 type:binary', ['cafe']);
  });

  it('conn: takes the list number (via the lookup) or the exact id, for messages and control rows', () => {
    expectMatches('conn:1', ['trade', 'cafe', 'chat', 'open']);
    expectMatches('conn:doc1:2', ['hello', 'quote', 'mqtt', 'stomp', 'close', 'error']);
    expectMatches('conn:3', []);
    expectMatches('conn:1', [], {}); // without the lookup only ids match, and no id is "1"
    expectMatches('conn:doc1:1', ['trade', 'cafe', 'chat', 'open'], {});
  });

  it('url: is a case-insensitive substring of the connection URL', () => {
    expectMatches('url:chat.example', ['trade', 'cafe', 'chat', 'open']);
    expectMatches('url:market', ['hello', 'quote', 'mqtt', 'stomp', 'close', 'error']);
    expectMatches('url:chat', [], {});
  });

  it('asks connection lookups once per connection, and again while the connection is unknown', () => {
    const asked: string[] = [];
    let known = false;
    const parsed = parseQuery('url:chat');
    if (!parsed.ok) throw new Error(parsed.error);
    const predicate = compileQuery(parsed.query, {
      connectionOf: (id) => {
        asked.push(id);
        return known ? context.connectionOf!(id) : undefined;
      },
    });
    expect(predicate(rows.trade)).toBe(false);
    known = true;
    expect([predicate(rows.trade), predicate(rows.chat), predicate(rows.open)]).toEqual([true, true, true]);
    expect(asked).toEqual(['doc1:1', 'doc1:1']);
  });
});

describe('matching: decoded fields', () => {
  it('matches exactly, case-sensitively, with * as a wildcard', () => {
    expectMatches('event:chat:message', ['chat']);
    expectMatches('event:chat:*', ['chat']);
    expectMatches('event:*message', ['chat']);
    expectMatches('event:chat', []);
    expectMatches('op:publish', ['mqtt']);
    expectMatches('op:subscribe', []);
    expectMatches('destination:/queue/a', ['stomp']);
    expectMatches('method:MESSAGE', ['stomp']);
    expectMatches('method:message', []);
  });

  it('matches topics with MQTT wildcards, or literally when quoted', () => {
    expectMatches('topic:sensors/#', ['mqtt']);
    expectMatches('topic:sensors/+/temp', ['mqtt']);
    expectMatches('topic:+/+/+', ['mqtt']);
    expectMatches('topic:sensors/+', []);
    expectMatches('topic:"sensors/kitchen/temp"', ['mqtt']);
    expectMatches('topic:"sensors/#"', []);
  });

  it('compares numeric field values by their text; matches nothing without a decoder', () => {
    const filter = createRowFilter('id:7', context, { decodedFields: ['id'] });
    if (!filter.ok) throw new Error(filter.error);
    expect(Object.values(rows).filter(filter.predicate)).toEqual([rows.stomp]);
    expectMatches('event:chat:message', [], {});
  });

  it('ignores inherited properties of the decoded record', () => {
    expectMatches('method:toString', []);
  });
});

describe('matching: combinations', () => {
  it('ANDs terms separated by blanks', () => {
    expectMatches('dir:in type:text', ['hello', 'quote', 'stomp']);
    expectMatches('dir:in AND type:text size<100', ['hello', 'stomp']);
  });

  it('ORs with OR and |', () => {
    expectMatches('dir:out OR type:control', ['trade', 'chat', 'open', 'close', 'error']);
    expectMatches('hi | closure', ['cafe', 'chat', 'close']);
  });

  it('binds OR tighter than AND, and parentheses group', () => {
    expectMatches('dir:in hello OR cafe', ['hello', 'cafe']);
    expectMatches('dir:in (hello OR cafe)', ['hello', 'cafe']);
    expectMatches('(dir:in hello) OR cafe', ['hello', 'cafe']);
    expectMatches('(dir:out trade) OR (type:binary size<3)', ['trade', 'mqtt']);
  });

  it('negates with -, ! and NOT; field negations include rows the field does not apply to', () => {
    expectMatches('type:text -dir:in', ['trade', 'chat']);
    expectMatches('!type:text', ['cafe', 'mqtt', 'open', 'close', 'error']);
    expectMatches('-dir:in', ['trade', 'chat', 'open', 'close', 'error']);
    expectMatches('NOT type:control AND size<10', ['cafe', 'mqtt']);
    expectMatches('-(type:control OR type:binary)', ['trade', 'hello', 'quote', 'chat', 'stomp']);
    expectMatches('--trade', ['trade']);
  });
});

describe('matching: robustness', () => {
  it('does not throw on malformed payloads', () => {
    const broken = { ...binary('doc1:1', 'receive', []), base64: '!!!not base64' };
    const textless = { ...rows.hello, text: undefined } as typeof rows.hello;
    for (const query of ['cafe', '/x/', '$.a', 'hi', 'type:binary']) {
      const parsed = parseQuery(query);
      if (!parsed.ok) throw new Error(parsed.error);
      const predicate = compileQuery(parsed.query, context);
      expect(() => [predicate(broken), predicate(textless)]).not.toThrow();
    }
    expect(matching('type:binary')).toContain('cafe');
  });
});
