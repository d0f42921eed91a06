import { describe, expect, it, vi } from 'vitest';
import { createEndpoint, type MessageOf } from '../../../src/protocol/endpoint';
import { routerToPanelGuards, type GuardTable } from '../../../src/protocol/guards';
import { envelope, type RouterToPanel } from '../../../src/protocol/messages';
import { createPortPair } from '../../../src/protocol/port';
import { PROTOCOL_VERSION } from '../../../src/protocol/version';

const flush = () => new Promise((r) => setTimeout(r, 0));

interface Ping {
  ping: { n: number };
  note: { text: string };
}
const pingGuards: GuardTable<Ping> = {
  ping: (p): p is Ping['ping'] => typeof p === 'object' && p !== null && typeof (p as Ping['ping']).n === 'number',
  note: (p): p is Ping['note'] => typeof p === 'object' && p !== null && typeof (p as Ping['note']).text === 'string',
};

function pair() {
  const [a, b] = createPortPair<unknown, any>();
  const foreign = vi.fn();
  const left = createEndpoint<Ping, Ping>(a, pingGuards, { onForeignVersion: foreign });
  return { left, right: b, foreign };
}

describe('typed endpoint', () => {
  it('hands each handler its payload, typed, after the handlers of its type the every-message ones', async () => {
    const { left, right } = pair();
    const seen: string[] = [];
    left.on('ping', (p) => seen.push(`ping ${p.n + 1}`));
    left.on('ping', (p) => seen.push(`again ${p.n}`));
    left.onMessage((m: MessageOf<Ping>) => seen.push(m.type === 'note' ? `any note ${m.payload.text}` : `any ping ${m.payload.n}`));
    right.post(envelope<Ping, 'ping'>('ping', { n: 1 }));
    right.post(envelope<Ping, 'note'>('note', { text: 'hi' }));
    await flush();
    expect(seen).toEqual(['ping 2', 'again 1', 'any ping 1', 'any note hi']);
  });

  it('posts envelopes of our version, and says false when the port refuses', async () => {
    const { left, right } = pair();
    const got: unknown[] = [];
    right.onMessage((m) => got.push(m));
    expect(left.post('note', { text: 'x' })).toBe(true);
    await flush();
    expect(got).toEqual([{ v: PROTOCOL_VERSION, type: 'note', payload: { text: 'x' } }]);
    left.disconnect();
    expect(left.post('note', { text: 'y' })).toBe(false);
  });

  it('lets nothing through that is not an envelope of our version, of a known type, with a payload its guard accepts', async () => {
    const { left, right, foreign } = pair();
    const handler = vi.fn();
    left.on('ping', handler);
    left.on('note', handler);
    left.onMessage(handler);
    for (const junk of [null, 'ping', 42, { type: 'ping', payload: { n: 1 } }, { v: '1', type: 'ping', payload: { n: 1 } }]) right.post(junk);
    right.post({ v: PROTOCOL_VERSION, type: 'pong', payload: {} });
    right.post({ v: PROTOCOL_VERSION, type: 'toString', payload: {} });
    right.post({ v: PROTOCOL_VERSION, type: 'ping', payload: { n: 'one' } });
    right.post({ v: PROTOCOL_VERSION, type: 'note' });
    right.post({ v: PROTOCOL_VERSION + 1, type: 'ping', payload: { n: 1 } });
    await flush();
    expect(handler).not.toHaveBeenCalled();
    expect(foreign.mock.calls).toEqual([[PROTOCOL_VERSION + 1]]);
  });

  it('checks router-to-panel traffic down to each message', async () => {
    const [a, b] = createPortPair<unknown, any>();
    const traffic = vi.fn();
    createEndpoint<RouterToPanel, never>(a as never, routerToPanelGuards).on('traffic', traffic);
    const good = { docId: 'd', frameUrl: '', frameId: 0, snapshot: false, dropped: 0, connections: [], messages: [{ connId: 'd:1', seq: 1, dir: 'send', time: 1, opcode: 1, size: 1, text: 'x' }] };
    b.post(envelope<RouterToPanel, 'traffic'>('traffic', good as RouterToPanel['traffic']));
    b.post({ v: PROTOCOL_VERSION, type: 'traffic', payload: { ...good, messages: [...good.messages, null] } });
    await flush();
    expect(traffic).toHaveBeenCalledTimes(1);
  });
});
