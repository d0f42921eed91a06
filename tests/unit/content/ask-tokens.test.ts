import { describe, expect, it } from 'vitest';
import { createAskTokens } from '../../../src/content/ask-tokens';

describe('ask tokens', () => {
  it('gives the same hook token from the frame and from workers distinct bridge tokens, each routed back once', () => {
    const tokens = createAskTokens();
    const frame = tokens.map(undefined, 1);
    const worker = tokens.map('3', 1);
    const nested = tokens.map('3/1', 1);
    expect(new Set([frame, worker, nested]).size).toBe(3);
    expect(tokens.take(nested)).toEqual({ w: '3/1', token: 1 });
    expect(tokens.take(frame)).toEqual({ token: 1 });
    expect(tokens.take(frame)).toBeUndefined();
    expect(tokens.take(worker)).toEqual({ w: '3', token: 1 });
  });

  it('forgets every route when cleared', () => {
    const tokens = createAskTokens();
    const own = tokens.map('2', 5);
    tokens.clear();
    expect(tokens.take(own)).toBeUndefined();
  });
});
