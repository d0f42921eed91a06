import { describe, expect, it } from 'vitest';
import { describeQuery, parseQuery } from '../../../src/query';

function described(text: string): string {
  const parsed = parseQuery(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return describeQuery(parsed.query);
}

describe('describeQuery', () => {
  it.each([
    ['', 'everything'],
    ['hello', 'payload contains "hello" (any case)'],
    ['"a \\"b\\""', 'payload contains "a \\"b\\"" (any case)'],
    ['/ab+/i', 'payload matches /ab+/i'],
    ['dir:out', 'sent messages'],
    ['dir:in', 'received messages'],
    ['type:binary', 'binary messages'],
    ['type:control', 'connection events (open, close, error)'],
    ['type:close', 'connection close events'],
    ['size>1k', 'size is more than 1,000 bytes (1k)'],
    ['size<=512', 'size is at most 512 bytes'],
    ['size:>=1.5kib', 'size is at least 1,536 bytes (1.5kib)'],
    ['size!=3', 'size is not 3 bytes'],
    ['conn:2', 'connection #2 (or id "2")'],
    ['conn:doc:1', 'connection id "doc:1"'],
    ['url:chat', 'connection URL contains "chat"'],
    ['$.type', 'JSON $.type exists'],
    ['$.type=trade', 'JSON $.type equals "trade"'],
    ['$.items[0].id=3', 'JSON $.items[0].id equals 3'],
    ['$.data.price>100', 'JSON $.data.price > 100'],
    ['$.user.name~=ali', 'JSON $.user.name contains "ali"'],
    ['$.type!=trade', 'JSON $.type exists and is not "trade"'],
    ['event:chat:message', 'event is "chat:message"'],
    ['event:chat:*', 'event matches "chat:*" (* = anything)'],
    ['topic:sensors/#', 'topic matches MQTT filter "sensors/#"'],
    ['topic:"sensors/#"', 'topic is "sensors/#"'],
    ['-a', 'not payload contains "a" (any case)'],
    ['dir:in a OR b', 'received messages and (payload contains "a" (any case) or payload contains "b" (any case))'],
    ['(dir:in a) OR b', '(received messages and payload contains "a" (any case)) or payload contains "b" (any case)'],
    ['-(type:text OR type:binary)', 'not (text messages or binary messages)'],
  ])('%j: %s', (text, expected) => {
    expect(described(text)).toBe(expected);
  });
});
