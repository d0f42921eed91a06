import { describe, expect, it, vi } from 'vitest';
import { createCommandClient } from '../../../../src/panel/state/command-client';

describe('command client', () => {
  it('resolves each command with its own outcome, matched by ref', async () => {
    const sent: any[] = [];
    const client = createCommandClient({ send: (type, payload) => sent.push([type, payload]) });
    const a = client.send({ connId: 'd:1', action: 'send', mark: 'injected', text: 'a' });
    const b = client.open('ws://h/', ['x']);
    expect(sent.map(([type]) => type)).toEqual(['command', 'open']);
    client.settle({ ref: sent[1][1].ref, ok: false, error: 'no' });
    client.settle({ ref: sent[0][1].ref, ok: true });
    expect(await a).toEqual({ ref: sent[0][1].ref, ok: true });
    expect(await b).toMatchObject({ ok: false, error: 'no' });
  });
  it('gives up with a clear failure when nobody answers', async () => {
    vi.useFakeTimers();
    const client = createCommandClient({ send: () => {} }, 1000);
    const pending = client.send({ connId: 'd:1', action: 'deliver', mark: 'injected', text: 'x' });
    vi.advanceTimersByTime(1001);
    expect(await pending).toMatchObject({ ok: false, error: expect.stringContaining('No answer'), failure: { code: 'noAnswer' } });
    vi.useRealTimers();
  });
});
