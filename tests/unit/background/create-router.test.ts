import { describe, expect, it, vi } from 'vitest';
import { createRouter } from '../../../src/background/create-router';
import { createPortPair, type MessagePortLike } from '../../../src/protocol/port';
import { envelope, type BridgeToRouter, type Envelope, type PanelToRouter, type RouterToPanel } from '../../../src/protocol/messages';
import { PROTOCOL_VERSION } from '../../../src/protocol/version';
import { createPanelStore } from '../../../src/panel/state/store';
import { createRouterTransport } from '../../../src/panel/state/transport';

const flush = () => new Promise((r) => setTimeout(r, 0));

function setup() {
  const pokeTab = vi.fn();
  const router = createRouter({ pokeTab });
  function bridge(tabId: number, frameId: number) {
    const [routerEnd, bridgeEnd] = createPortPair<unknown, any>();
    const received: Envelope<any>[] = [];
    bridgeEnd.onMessage((m) => received.push(m as Envelope<any>));
    router.addBridge(routerEnd as never, { tabId, frameId });
    return { port: bridgeEnd as MessagePortLike<unknown, unknown>, received };
  }
  function panel() {
    const [routerEnd, panelEnd] = createPortPair<unknown, any>();
    const received: Envelope<RouterToPanel>[] = [];
    panelEnd.onMessage((m) => received.push(m as Envelope<RouterToPanel>));
    router.addPanel(routerEnd as never);
    return { port: panelEnd as MessagePortLike<unknown, unknown>, received };
  }
  return { router, pokeTab, bridge, panel };
}

const traffic = (docId: string, extra = {}) =>
  envelope<BridgeToRouter, 'batch'>('batch', {
    docId,
    frameUrl: 'http://p/',
    connections: [{ id: `${docId}:1`, url: 'ws://s/', state: 'open', frameId: 99 } as never],
    messages: [{ connId: `${docId}:1`, seq: 1, dir: 'send', time: 1, opcode: 1, size: 1, text: 'x' }],
    dropped: 0,
    ...extra,
  });

describe('router', () => {
  it("an `open` before the tab's top bridge exists waits for its hello (bridges are injected on demand), and fails after the wait", async () => {
    const timers: Array<() => void> = [];
    const router = createRouter({ pokeTab: vi.fn(), setTimer: (callback) => void timers.push(callback) });
    const [panelRouterEnd, panelEnd] = createPortPair<unknown, any>();
    const panelReceived: Envelope<RouterToPanel>[] = [];
    panelEnd.onMessage((m) => panelReceived.push(m as Envelope<RouterToPanel>));
    router.addPanel(panelRouterEnd as never);
    panelEnd.post(envelope<PanelToRouter, 'attach'>('attach', { tabId: 1 }));
    await flush();
    const request = { ref: 'r1', url: 'ws://s/', protocols: [] } as unknown as PanelToRouter['open'];
    panelEnd.post(envelope<PanelToRouter, 'open'>('open', request));
    panelEnd.post(envelope<PanelToRouter, 'open'>('open', { ...request, ref: 'r2' }));
    await flush();
    expect(panelReceived.filter((m) => m.type === 'commandResult')).toEqual([]);
    const [bridgeRouterEnd, bridgeEnd] = createPortPair<unknown, any>();
    const bridgeReceived: Envelope<any>[] = [];
    bridgeEnd.onMessage((m) => bridgeReceived.push(m as Envelope<any>));
    router.addBridge(bridgeRouterEnd as never, { tabId: 1, frameId: 0 });
    bridgeEnd.post(envelope<BridgeToRouter, 'hello'>('hello', { docId: 'top', frameUrl: 'http://p/', top: true }));
    await flush();
    expect(bridgeReceived.filter((m) => m.type === 'open').map((m) => m.payload.ref)).toEqual(['r1', 'r2']);
    // Their timers find nothing left to fail.
    for (const fire of timers) fire();
    await flush();
    expect(panelReceived.filter((m) => m.type === 'commandResult')).toEqual([]);
    // A tab whose top bridge never comes: the request fails when the wait is over.
    panelEnd.post(envelope<PanelToRouter, 'attach'>('attach', { tabId: 2 }));
    await flush();
    panelEnd.post(envelope<PanelToRouter, 'open'>('open', { ...request, ref: 'r3' }));
    await flush();
    timers.at(-1)!();
    await flush();
    expect(panelReceived.filter((m) => m.type === 'commandResult')).toEqual([expect.objectContaining({ payload: expect.objectContaining({ ref: 'r3', ok: false }) })]);
  });

  it('attaching a panel starts its tab bridges watching, and pokes the tab', async () => {
    const { bridge, panel, pokeTab } = setup();
    const b1 = bridge(1, 0);
    const b2 = bridge(2, 0);
    const p = panel();
    p.port.post(envelope<PanelToRouter, 'attach'>('attach', { tabId: 1 }));
    await flush();
    expect(p.received[0]).toMatchObject({ type: 'attached', payload: { tabId: 1 } });
    expect(b1.received).toEqual([expect.objectContaining({ type: 'watch', payload: { on: true } })]);
    expect(b2.received).toEqual([]);
    expect(pokeTab).toHaveBeenCalledWith(1);
  });

  it("delivers a bridge's traffic only to panels of the bridge's own tab, stamped with its frame", async () => {
    const { bridge, panel } = setup();
    const tab1 = bridge(1, 3);
    const p1 = panel();
    const p2 = panel();
    p1.port.post(envelope<PanelToRouter, 'attach'>('attach', { tabId: 1 }));
    p2.port.post(envelope<PanelToRouter, 'attach'>('attach', { tabId: 2 }));
    await flush();
    // The payload claims frame 99; the router uses the sender's frame.
    tab1.port.post(traffic('doc'));
    await flush();
    const t1 = p1.received.filter((m) => m.type === 'traffic');
    expect(t1).toHaveLength(1);
    expect(t1[0].payload).toMatchObject({ frameId: 3, snapshot: false, docId: 'doc' });
    expect((t1[0].payload as any).connections[0].frameId).toBe(3);
    expect(p2.received.filter((m) => m.type === 'traffic')).toEqual([]);
  });

  it('ignores envelopes of another version or type, and malformed traffic', async () => {
    const { bridge, panel } = setup();
    const b = bridge(1, 0);
    const p = panel();
    p.port.post(envelope<PanelToRouter, 'attach'>('attach', { tabId: 1 }));
    await flush();
    b.port.post({ ...traffic('d'), v: 999 });
    b.port.post({ v: 1, type: 'attach', payload: { tabId: 2 } });
    b.port.post({ v: 1, type: 'batch', payload: { connections: 'nope', messages: [] } });
    b.port.post('garbage');
    await flush();
    expect(p.received.filter((m) => m.type === 'traffic')).toEqual([]);
  });

  it('tells bridges to stop when the last panel of a tab goes away', async () => {
    const { bridge, panel } = setup();
    const b = bridge(1, 0);
    const p1 = panel();
    const p2 = panel();
    p1.port.post(envelope<PanelToRouter, 'attach'>('attach', { tabId: 1 }));
    p2.port.post(envelope<PanelToRouter, 'attach'>('attach', { tabId: 1 }));
    await flush();
    p1.port.disconnect();
    await flush();
    expect(b.received.filter((m) => m.type === 'watch' && !(m.payload as any).on)).toHaveLength(0);
    p2.port.disconnect();
    await flush();
    expect(b.received.at(-1)).toMatchObject({ type: 'watch', payload: { on: false } });
  });

  it('a bridge saying hello to a watched tab is told to watch; a new top document is announced', async () => {
    const { bridge, panel } = setup();
    const p = panel();
    p.port.post(envelope<PanelToRouter, 'attach'>('attach', { tabId: 1 }));
    await flush();
    const b = bridge(1, 0);
    b.port.post(envelope<BridgeToRouter, 'hello'>('hello', { docId: 'new', frameUrl: 'http://p/2', top: true }));
    const sub = bridge(1, 5);
    sub.port.post(envelope<BridgeToRouter, 'hello'>('hello', { docId: 'sub', frameUrl: 'http://p/f', top: false }));
    await flush();
    // Every hello is also told what the tab serves (nothing here), so a stale marker goes.
    expect(b.received).toEqual([expect.objectContaining({ type: 'serve', payload: { scripts: [] } }), expect.objectContaining({ type: 'watch', payload: { on: true } })]);
    expect(p.received.filter((m) => m.type === 'navigated')).toEqual([expect.objectContaining({ payload: { docId: 'new', url: 'http://p/2' } })]);
  });

  it('rejects a bad tab id with a problem the panel can show', async () => {
    const { panel } = setup();
    const p = panel();
    p.port.post(envelope<PanelToRouter, 'attach'>('attach', { tabId: -4 }));
    await flush();
    expect(p.received[0]).toMatchObject({ type: 'problem' });
  });

  it('forwards Clear to the bridges of the tab', async () => {
    const { bridge, panel } = setup();
    const b = bridge(1, 0);
    const p = panel();
    p.port.post(envelope<PanelToRouter, 'attach'>('attach', { tabId: 1 }));
    p.port.post(envelope<PanelToRouter, 'clear'>('clear', {}));
    await flush();
    expect(b.received.map((m) => m.type)).toEqual(['watch', 'clear']);
  });
});

describe('router: the top document', () => {
  it('tells a panel attaching later which document is on top', async () => {
    const { bridge, panel } = setup();
    const b = bridge(1, 0);
    b.port.post(envelope<BridgeToRouter, 'hello'>('hello', { docId: 'top-doc', frameUrl: 'http://p/', top: true }));
    const sub = bridge(1, 4);
    sub.port.post(envelope<BridgeToRouter, 'hello'>('hello', { docId: 'sub-doc', frameUrl: 'http://p/f', top: false }));
    await flush();
    const p = panel();
    p.port.post(envelope<PanelToRouter, 'attach'>('attach', { tabId: 1 }));
    await flush();
    expect(p.received.filter((m) => m.type === 'navigated').map((m) => m.payload)).toEqual([{ docId: 'top-doc', url: 'http://p/' }]);
  });
});

describe('router: another protocol version', () => {
  const stale = (type: string, payload: unknown) => ({ v: PROTOCOL_VERSION + 1, type, payload });

  it("tells a tab's panels when one of its frames runs a content script of another version, once", async () => {
    const { bridge, panel } = setup();
    const p = panel();
    const other = panel();
    p.port.post(envelope<PanelToRouter, 'attach'>('attach', { tabId: 1 }));
    other.port.post(envelope<PanelToRouter, 'attach'>('attach', { tabId: 2 }));
    await flush();
    const b = bridge(1, 3);
    b.port.post(stale('hello', { docId: 'old', frameUrl: 'http://p/', top: false }));
    b.port.post(stale('batch', { anything: true }));
    await flush();
    expect(p.received.filter((m) => m.type === 'otherVersion').map((m) => m.payload)).toEqual([{ party: 'contentScript', version: PROTOCOL_VERSION + 1 }]);
    // Its traffic is not forwarded, and the other tab's panel hears nothing.
    expect(p.received.filter((m) => m.type === 'traffic')).toEqual([]);
    expect(other.received.map((m) => m.type)).toEqual(['attached']);
  });

  it('tells a panel attaching later about a stale content script still in the tab', async () => {
    const { bridge, panel } = setup();
    const b = bridge(1, 0);
    b.port.post(stale('hello', { docId: 'old', frameUrl: 'http://p/', top: true }));
    await flush();
    const p = panel();
    p.port.post(envelope<PanelToRouter, 'attach'>('attach', { tabId: 1 }));
    await flush();
    expect(p.received.map((m) => m.type)).toEqual(['attached', 'otherVersion']);
    expect(p.received[1].payload).toEqual({ party: 'contentScript', version: PROTOCOL_VERSION + 1 });
    // Gone with its page: a panel attaching after that hears nothing of it.
    b.port.disconnect();
    await flush();
    const q = panel();
    q.port.post(envelope<PanelToRouter, 'attach'>('attach', { tabId: 1 }));
    await flush();
    expect(q.received.map((m) => m.type)).toEqual(['attached']);
  });

  it('answers a panel of another version with an envelope it can recognise as foreign', async () => {
    const { bridge, panel } = setup();
    const b = bridge(1, 0);
    const p = panel();
    p.port.post(stale('attach', { tabId: 1 }));
    p.port.post(stale('attach', { tabId: 1 }));
    await flush();
    expect(p.received).toEqual([{ v: PROTOCOL_VERSION, type: 'otherVersion', payload: { party: 'panel', version: PROTOCOL_VERSION + 1 } }]);
    expect(b.received).toEqual([]);
  });

  it('a panel store shows the problem, localized, through the transport', async () => {
    const router = createRouter({ pokeTab: () => {} });
    const store = createPanelStore({ schedule: (cb) => cb() });
    createRouterTransport({
      tabId: 1,
      connect: () => {
        const [panelEnd, routerEnd] = createPortPair<any, any>();
        router.addPanel(routerEnd);
        return panelEnd;
      },
      onMessage: (m) => store.apply(m),
    });
    const [routerEnd, bridgeEnd] = createPortPair<any, any>();
    router.addBridge(routerEnd, { tabId: 1, frameId: 0 });
    await flush();
    bridgeEnd.post(stale('hello', { docId: 'old', frameUrl: 'http://p/', top: true }));
    await flush();
    expect(store.getState().problem).toBe("This page runs another version of Frameline's content script, so its traffic cannot be shown: reload the page.");
  });
});

describe('router: guards', () => {
  it('drops messages whose payload fails its guard, before any handler', async () => {
    const { bridge, panel } = setup();
    const b = bridge(1, 0);
    const p = panel();
    p.port.post(envelope<PanelToRouter, 'attach'>('attach', { tabId: 1 }));
    await flush();
    p.port.post({ v: PROTOCOL_VERSION, type: 'command', payload: { ref: 'r', connId: 'x:1', action: 'explode', text: 'x', mark: 'injected' } });
    p.port.post({ v: PROTOCOL_VERSION, type: 'holdAction', payload: { docId: 'x', holdId: 1, action: 'drop' } });
    b.port.post({ v: PROTOCOL_VERSION, type: 'hello', payload: { docId: 'd', frameUrl: 'http://p/', top: 'yes' } });
    b.port.post({ v: PROTOCOL_VERSION, type: 'results', payload: { results: [{ ref: 7, ok: true }] } });
    await flush();
    expect(p.received.map((m) => m.type)).toEqual(['attached']);
    expect(b.received.map((m) => m.type)).toEqual(['watch']);
  });
});
