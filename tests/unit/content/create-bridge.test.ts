import { describe, expect, it } from 'vitest';
import { createBridge } from '../../../src/content/create-bridge';
import { createPortPair, type MessagePortLike } from '../../../src/protocol/port';
import { envelope, type Envelope, type RouterToBridge } from '../../../src/protocol/messages';
import { PROTOCOL_VERSION } from '../../../src/protocol/version';

const flush = () => new Promise((r) => setTimeout(r, 0));

function setup() {
  const routers: { port: MessagePortLike<unknown, unknown>; received: Envelope<any>[] }[] = [];
  const bridge = createBridge({
    docId: 'doc',
    frameUrl: 'http://page/',
    top: true,
    connect: () => {
      const [bridgeEnd, routerEnd] = createPortPair<any, any>();
      const received: Envelope<any>[] = [];
      routerEnd.onMessage((m) => received.push(m as Envelope<any>));
      routers.push({ port: routerEnd, received });
      return bridgeEnd;
    },
  });
  return { bridge, routers };
}

const created = { v: PROTOCOL_VERSION, records: [{ k: 'create', id: 1, url: 'ws://s/', protocols: [], time: 1, stack: '', api: 'WebSocket' }] };
const message = (seq: number) => ({ v: PROTOCOL_VERSION, records: [{ k: 'msg', id: 1, seq, dir: 1, time: seq, data: `m${seq}`, size: -1, truncated: false, discarded: false }] });

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
});
