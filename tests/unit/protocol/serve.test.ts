import { describe, expect, it } from 'vitest';
import { servePatternMatches } from '../../../src/protocol/serve';

describe('serve patterns', () => {
  it('compares exactly without wildcards', () => {
    expect(servePatternMatches('ws://h/a', 'ws://h/a')).toBe(true);
    expect(servePatternMatches('ws://h/a', 'ws://h/ab')).toBe(false);
    expect(servePatternMatches('ws://h/ab', 'ws://h/a')).toBe(false);
  });
  it('takes * as any run of characters, possibly none', () => {
    expect(servePatternMatches('ws://h/*', 'ws://h/')).toBe(true);
    expect(servePatternMatches('ws://h/*', 'ws://h/a/b?c=1')).toBe(true);
    expect(servePatternMatches('*://h/*/feed', 'wss://h/x/y/feed')).toBe(true);
    expect(servePatternMatches('*://h/*/feed', 'wss://h/x/y/feeds')).toBe(false);
    expect(servePatternMatches('ws://*.example/*', 'ws://a.b.example/x')).toBe(true);
    expect(servePatternMatches('*', '')).toBe(true);
    expect(servePatternMatches('a*b*c', 'aXbYbZc')).toBe(true);
    expect(servePatternMatches('a*b*c', 'aXcYb')).toBe(false);
  });
});
