import { describe, expect, it } from 'vitest';
import { createBridge } from '../../../src/content/create-bridge';
import { createPortPair, type MessagePortLike } from '../../../src/protocol/port';
import { envelope, type Envelope, type RouterToBridge } from '../../../src/protocol/messages';
import { HOOK_DIALECT_VERSION, PROTOCOL_VERSION } from '../../../src/protocol/version';
import type { HookCommand } from '../../../src/protocol/hook-dialect';

const flush = () => new Promise((r) => setTimeout(r, 0));

function setup() {
  const routers: { port: MessagePortLike<unknown, unknown>; received: Envelope<any>[] }[] = [];
  const toHook: HookCommand[] = [];
  const bridge = createBridge({
    docId: 'doc',
    frameUrl: 'http://page/',
    top: true,
    toHook: (command) => toHook.push(command) > 0,
    connect: () => {
      const [bridgeEnd, routerEnd] = createPortPair<any, any>();
      const received: Envelope<any>[] = [];
      routerEnd.onMessage((m) => received.push(m as Envelope<any>));
      routers.push({ port: routerEnd, received });
      return bridgeEnd;
    },
  });
  return { bridge, routers, toHook };
}

const created = { v: HOOK_DIALECT_VERSION, records: [{ k: 'create', id: 1, url: 'ws://s/', protocols: [], time: 1, stack: '', api: 'WebSocket' }] };
const message = (seq: number) => ({ v: HOOK_DIALECT_VERSION, records: [{ k: 'msg', id: 1, seq, dir: 1, time: seq, data: `m${seq}`, size: -1, truncated: false, discarded: false }] });

describe('bridge', () => {
  it('says hello on load, records while nobody watches, and sends a snapshot when asked', async () => {
    const { bridge, routers } = setup();
    bridge.ingest(created);
    bridge.ingest(message(1));
    await flush();
    expect(routers[0].received.map((m) => m.type)).toEqual(['hello']);
    expect(routers[0].received[0].payload).toEqual({ docId: 'doc', frameUrl: 'http://page/', top: true });
    routers[0].port.post(envelope<RouterToBridge, 'watch'>('watch', { on: true }));
    await flush();
    const snapshot = routers[0].received[1];
    expect(snapshot.type).toBe('snapshot');
    expect(snapshot.payload.messages.map((m: any) => m.text)).toEqual(['m1']);
    bridge.ingest(message(2));
    await flush();
    expect(routers[0].received[2]).toMatchObject({ type: 'batch' });
    expect(routers[0].received[2].payload.messages.map((m: any) => m.text)).toEqual(['m2']);
  });

  it('stops streaming when told, and ignores what is not a hook batch', async () => {
    const { bridge, routers } = setup();
    routers[0].port.post(envelope<RouterToBridge, 'watch'>('watch', { on: true }));
    await flush();
    routers[0].port.post(envelope<RouterToBridge, 'watch'>('watch', { on: false }));
    await flush();
    bridge.ingest(created);
    bridge.ingest({ v: 99, records: [] });
    bridge.ingest('forged');
    // A batch in the envelopes' version is not one of the hook's dialect.
    bridge.ingest({ ...message(1), v: HOOK_DIALECT_VERSION + 1 });
    await flush();
    expect(routers[0].received.map((m) => m.type)).toEqual(['hello', 'snapshot']);
  });

  it('keeps recording across a router restart and reconnects when poked', async () => {
    const { bridge, routers } = setup();
    bridge.ingest(created);
    routers[0].port.disconnect();
    await flush();
    bridge.ingest(message(1));
    bridge.poke();
    await flush();
    expect(routers).toHaveLength(2);
    routers[1].port.post(envelope<RouterToBridge, 'watch'>('watch', { on: true }));
    await flush();
    expect(routers[1].received.map((m) => m.type)).toEqual(['hello', 'snapshot']);
    expect(routers[1].received[1].payload.messages.map((m: any) => m.text)).toEqual(['m1']);
    bridge.poke();
    expect(routers).toHaveLength(2);
  });

  it('clears its history on request', async () => {
    const { bridge, routers } = setup();
    bridge.ingest(created);
    bridge.ingest(message(1));
    routers[0].port.post(envelope<RouterToBridge, 'clear'>('clear', {}));
    routers[0].port.post(envelope<RouterToBridge, 'watch'>('watch', { on: true }));
    await flush();
    expect(routers[0].received[1].payload.messages).toEqual([]);
  });

  it('reads only batches of the hook dialect version', async () => {
    const { bridge, routers } = setup();
    bridge.ingest({ ...created, v: HOOK_DIALECT_VERSION + 1 });
    routers[0].port.post(envelope<RouterToBridge, 'watch'>('watch', { on: true }));
    await flush();
    expect(routers[0].received[1].payload.connections).toEqual([]);
  });

  it('ignores router messages whose payload fails its guard', async () => {
    const { routers } = setup();
    routers[0].port.post({ v: PROTOCOL_VERSION, type: 'watch', payload: { on: 'yes' } });
    routers[0].port.post({ v: PROTOCOL_VERSION, type: 'command', payload: { ref: 'r', connId: 'doc:1', action: 'send' } });
    await flush();
    expect(routers[0].received.map((m) => m.type)).toEqual(['hello']);
  });
});

describe('bridge: marks', () => {
  it("marks the panel's commands for the hook, and results come back under the panel's ref", async () => {
    const { bridge, routers, toHook } = setup();
    bridge.ingest(created);
    routers[0].port.post(envelope<RouterToBridge, 'command'>('command', { ref: 'p-1', connId: 'doc:1', action: 'send', text: 'hi', mark: 'replayed' }));
    await flush();
    expect(toHook).toEqual([{ k: 'send', ref: 1, id: 1, data: 'hi', marks: { replayed: true } }]);
    bridge.ingest({ v: HOOK_DIALECT_VERSION, records: [{ k: 'result', ref: 1, ok: true }] });
    await flush();
    expect(routers[0].received.at(-1)).toMatchObject({ type: 'results', payload: { results: [{ ref: 'p-1', ok: true }] } });
  });

  it('tells the hook what a rule did to a held message, and streams its record with those marks', async () => {
    const { bridge, routers, toHook } = setup();
    bridge.ingest(created);
    routers[0].port.post(envelope<RouterToBridge, 'watch'>('watch', { on: true }));
    routers[0].port.post(
      envelope<RouterToBridge, 'intercept'>('intercept', {
        rules: [{ id: 'r', name: 'no secrets', enabled: true, direction: 'send', match: 'secret', action: { type: 'block' } }],
        breakpoints: [],
      }),
    );
    await flush();
    expect(toHook.at(-1)).toEqual({ k: 'intercept', send: true, receive: false });
    bridge.ingest({ v: HOOK_DIALECT_VERSION, records: [{ k: 'ask', token: 1, id: 1, dir: 0, time: 5, data: 'my secret', size: -1, truncated: false }] });
    const decide = toHook.at(-1) as Extract<HookCommand, { k: 'decide' }>;
    expect(decide).toEqual({ k: 'decide', token: 1, forward: false, marks: { blocked: true, rules: [{ id: 'r', name: 'no secrets' }], rule: 'no secrets' } });
    // The hook records it as discarded, with the marks it was given.
    bridge.ingest({ v: HOOK_DIALECT_VERSION, records: [{ k: 'msg', id: 1, seq: 1, dir: 0, time: 6, data: 'my secret', size: -1, truncated: false, discarded: true, marks: decide.marks }] });
    await flush();
    expect(routers[0].received.at(-1)!.payload.messages).toEqual([
      { connId: 'doc:1', seq: 1, dir: 'send', time: 6, opcode: 1, size: 9, text: 'my secret', discarded: true, blocked: true, rules: [{ id: 'r', name: 'no secrets' }], rule: 'no secrets' },
    ]);
  });
});

describe("bridge: the hook's lease", () => {
  const breakpoint = { rules: [], breakpoints: [{ id: 'b', enabled: true, direction: 'send' as const, match: 'stop' }] };
  const askRecord = (token: number, data: string) => ({ k: 'ask', token, id: 1, dir: 0, time: token, data, size: -1, truncated: false });
  const hookBatch = (...records: object[]) => ({ v: HOOK_DIALECT_VERSION, records });

  async function holding() {
    const env = setup();
    env.bridge.ingest(created);
    env.routers[0].port.post(envelope<RouterToBridge, 'watch'>('watch', { on: true }));
    env.routers[0].port.post(envelope<RouterToBridge, 'intercept'>('intercept', breakpoint));
    await flush();
    env.bridge.ingest(hookBatch(askRecord(1, 'stop'), askRecord(2, 'behind')));
    await flush();
    return env;
  }
  const heldPosts = (received: Envelope<any>[]) => received.filter((m) => m.type === 'held').map((m) => m.payload.held.map((h: any) => h.text));

  it('renews it while connected to the router, and not once the router is gone', async () => {
    const { bridge, routers, toHook } = await holding();
    toHook.length = 0;
    bridge.ingest(hookBatch({ k: 'renew' }));
    expect(toHook).toEqual([{ k: 'lease' }]);
    routers[0].port.disconnect();
    await flush();
    // Losing the router let everything go and ended interception...
    expect(toHook.slice(1)).toEqual([
      { k: 'decide', token: 1, forward: true },
      { k: 'decide', token: 2, forward: true },
      { k: 'intercept', send: false, receive: false },
    ]);
    // ...and a question asked meanwhile goes unanswered: whatever the hook still holds goes on.
    toHook.length = 0;
    bridge.ingest(hookBatch({ k: 'renew' }));
    expect(toHook).toEqual([]);
  });

  it('forgets what it held when the hook let it go on its own, and holds again as configured', async () => {
    const { bridge, routers, toHook } = await holding();
    expect(heldPosts(routers[0].received).at(-1)).toEqual(['stop', 'behind']);
    toHook.length = 0;
    bridge.ingest(hookBatch({ k: 'released' }));
    await flush();
    expect(heldPosts(routers[0].received).at(-1)).toEqual([]);
    // The decisions name tokens the hook no longer holds (it ignores them); interception is back on.
    expect(toHook.at(-1)).toEqual({ k: 'intercept', send: true, receive: false });
    toHook.length = 0;
    bridge.ingest(hookBatch(askRecord(3, 'stop again')));
    await flush();
    expect(toHook).toEqual([]);
    expect(heldPosts(routers[0].received).at(-1)).toEqual(['stop again']);
  });

  it('does not turn interception back on for a hook that released after the panel went away', async () => {
    const { bridge, routers, toHook } = await holding();
    routers[0].port.post(envelope<RouterToBridge, 'watch'>('watch', { on: false }));
    await flush();
    toHook.length = 0;
    bridge.ingest(hookBatch({ k: 'released' }));
    expect(toHook).toEqual([]);
  });

  it('tells a panel that starts watching what is held', async () => {
    const { routers } = await holding();
    const before = heldPosts(routers[0].received).length;
    routers[0].port.post(envelope<RouterToBridge, 'watch'>('watch', { on: true }));
    await flush();
    const posts = heldPosts(routers[0].received);
    expect(posts).toHaveLength(before + 1);
    expect(posts.at(-1)).toEqual(['stop', 'behind']);
  });

  it('sends no held list to a panel that starts watching while nothing is held', async () => {
    const { routers } = setup();
    routers[0].port.post(envelope<RouterToBridge, 'watch'>('watch', { on: true }));
    await flush();
    expect(routers[0].received.map((m) => m.type)).toEqual(['hello', 'snapshot']);
  });
});

describe("bridge: workers' held messages", () => {
  const breakpoint = { rules: [], breakpoints: [{ id: 'b', enabled: true, direction: 'send' as const, match: 'stop' }] };
  const workerCreated = (w: string) => ({ v: HOOK_DIALECT_VERSION, ctx: { w, kind: 'worker', url: 'blob:x' }, records: [{ k: 'create', id: 1, url: 'ws://s/', protocols: [], time: 1, stack: '', api: 'WebSocket' }] });
  const ask = (token: number, data: string, w?: string) => ({
    v: HOOK_DIALECT_VERSION,
    ...(w ? { ctx: { w, kind: 'worker', url: 'blob:x' } } : {}),
    records: [{ k: 'ask', token, id: 1, dir: 0, time: token, data, size: -1, truncated: false }],
  });

  it('keeps the same token of the frame and of two workers apart, and sends each decision to the hook that asked', async () => {
    const { bridge, routers, toHook } = setup();
    bridge.ingest(created);
    bridge.ingest(workerCreated('3'));
    bridge.ingest(workerCreated('3/1'));
    routers[0].port.post(envelope<RouterToBridge, 'watch'>('watch', { on: true }));
    routers[0].port.post(envelope<RouterToBridge, 'intercept'>('intercept', breakpoint));
    await flush();
    bridge.ingest(ask(1, 'stop frame'));
    bridge.ingest(ask(1, 'stop worker', '3'));
    bridge.ingest(ask(1, 'stop nested', '3/1'));
    await flush();
    const held = routers[0].received.filter((m) => m.type === 'held').at(-1)!.payload.held as { holdId: string; text: string; connId: string }[];
    expect(held.map((h) => [h.connId, h.text])).toEqual([
      ['doc:1', 'stop frame'],
      ['doc:w3.1', 'stop worker'],
      ['doc:w3/1.1', 'stop nested'],
    ]);
    toHook.length = 0;
    const byText = (text: string) => held.find((h) => h.text === text)!.holdId;
    routers[0].port.post(envelope<RouterToBridge, 'holdAction'>('holdAction', { docId: 'doc', holdId: byText('stop nested'), action: 'forward', text: 'edited' }));
    routers[0].port.post(envelope<RouterToBridge, 'holdAction'>('holdAction', { docId: 'doc', holdId: byText('stop worker'), action: 'drop' }));
    routers[0].port.post(envelope<RouterToBridge, 'holdAction'>('holdAction', { docId: 'doc', holdId: byText('stop frame'), action: 'forward' }));
    await flush();
    expect(toHook).toEqual([
      { k: 'decide', token: 1, forward: true, data: 'edited', marks: { edited: true }, w: '3/1' },
      { k: 'decide', token: 1, forward: false, marks: { dropped: true }, w: '3' },
      { k: 'decide', token: 1, forward: true },
    ]);
  });

  it("answers a worker's lease question, and a rule acts on a worker's message", async () => {
    const { bridge, routers, toHook } = setup();
    bridge.ingest(workerCreated('2'));
    routers[0].port.post(envelope<RouterToBridge, 'watch'>('watch', { on: true }));
    routers[0].port.post(envelope<RouterToBridge, 'intercept'>('intercept', { rules: [{ id: 'r', name: 'no', enabled: true, direction: 'send', match: 'secret', action: { type: 'block' } }], breakpoints: [] }));
    await flush();
    toHook.length = 0;
    bridge.ingest({ v: HOOK_DIALECT_VERSION, ctx: { w: '2', kind: 'worker', url: 'blob:x' }, records: [{ k: 'renew' }] });
    bridge.ingest(ask(7, 'a secret', '2'));
    expect(toHook).toEqual([{ k: 'lease' }, { k: 'decide', token: 7, forward: false, marks: expect.objectContaining({ blocked: true }), w: '2' }]);
  });
});
