import { describe, expect, it } from 'vitest';
import { createRouter, type TabServing } from '../../../src/background/create-router';
import { createPortPair, type MessagePortLike } from '../../../src/protocol/port';
import { envelope, type BridgeToRouter, type Envelope, type PanelToRouter } from '../../../src/protocol/messages';
import type { ServeScript } from '../../../src/protocol/serve';

const flush = () => new Promise((r) => setTimeout(r, 0));

const script = (id: string): ServeScript => ({
  id,
  pattern: `ws://s/${id}`,
  mode: 'timed',
  speed: 1,
  match: { kind: 'exact' },
  protocol: '',
  extensions: '',
  frames: [{ dir: 1, at: 0, text: 'x' }],
  label: id,
});

function setup() {
  const saved: [number, TabServing | undefined][] = [];
  const router = createRouter({ pokeTab: () => undefined, saveServing: (tabId, serving) => saved.push([tabId, serving]) });
  function bridge(tabId: number, frameId: number, frameUrl: string, top = frameId === 0) {
    const [routerEnd, bridgeEnd] = createPortPair<unknown, any>();
    const received: Envelope<any>[] = [];
    bridgeEnd.onMessage((m) => received.push(m as Envelope<any>));
    router.addBridge(routerEnd as never, { tabId, frameId });
    bridgeEnd.post(envelope<BridgeToRouter, 'hello'>('hello', { docId: `d${Math.random()}`, frameUrl, top }));
    const served = () => received.filter((m) => m.type === 'serve').map((m) => (m.payload.scripts as ServeScript[]).map((s) => s.id));
    return { port: bridgeEnd as MessagePortLike<unknown, unknown>, received, served };
  }
  function panel(tabId: number) {
    const [routerEnd, panelEnd] = createPortPair<unknown, any>();
    const received: Envelope<any>[] = [];
    panelEnd.onMessage((m) => received.push(m as Envelope<any>));
    router.addPanel(routerEnd as never);
    const post = <T extends keyof PanelToRouter>(type: T, payload: PanelToRouter[T]) => panelEnd.post(envelope<PanelToRouter, T>(type, payload));
    post('attach', { tabId });
    const lists = () => received.filter((m) => m.type === 'serveScripts').map((m) => (m.payload.scripts as ServeScript[]).map((s) => s.id));
    return { port: panelEnd, post, lists, close: () => panelEnd.disconnect() };
  }
  return { router, saved, bridge, panel };
}

describe('router: serving from a log', () => {
  it("keeps a tab's scripts, tells its bridges and panels on each change, and answers serveScripts", async () => {
    const { bridge, panel, saved } = setup();
    const top = bridge(1, 0, 'http://p/');
    const other = bridge(2, 0, 'http://q/');
    const p = panel(1);
    await flush();
    p.post('serve', { script: script('a') });
    p.post('serve', { script: script('b') });
    p.post('serve', { script: { ...script('a'), speed: 2 } });
    await flush();
    expect(top.served().at(-1)).toEqual(['b', 'a']);
    expect(other.served()).toEqual([[]]);
    expect(p.lists().at(-1)).toEqual(['b', 'a']);
    expect(saved.at(-1)).toEqual([1, { page: 'http://p/', scripts: [script('b'), { ...script('a'), speed: 2 }] }]);
    p.post('unserve', { id: 'b' });
    p.post('serveScripts', {});
    await flush();
    expect(p.lists().at(-1)).toEqual(['a']);
    // A frame that loads later is told at once.
    const frame = bridge(1, 3, 'http://f/');
    await flush();
    expect(frame.served()).toEqual([['a']]);
    p.post('unserve', { id: '*' });
    await flush();
    expect(top.served().at(-1)).toEqual([]);
    expect(saved.at(-1)).toEqual([1, undefined]);
  });

  it('a reload keeps serving, a top document elsewhere ends it', async () => {
    const { bridge, panel } = setup();
    bridge(1, 0, 'http://p/');
    const p = panel(1);
    await flush();
    p.post('serve', { script: script('a') });
    await flush();
    const reloaded = bridge(1, 0, 'http://p/');
    await flush();
    expect(reloaded.served()).toEqual([['a']]);
    const elsewhere = bridge(1, 0, 'http://elsewhere/');
    await flush();
    expect(elsewhere.served().at(-1)).toEqual([]);
    expect(p.lists().at(-1)).toEqual([]);
  });

  it('the last panel of the tab going away ends serving', async () => {
    const { bridge, panel } = setup();
    const top = bridge(1, 0, 'http://p/');
    const first = panel(1);
    const second = panel(1);
    await flush();
    first.post('serve', { script: script('a') });
    await flush();
    first.close();
    await flush();
    expect(top.served().at(-1)).toEqual(['a']);
    second.close();
    await flush();
    expect(top.served().at(-1)).toEqual([]);
  });

  it('serving restored after a restart reaches the bridges', async () => {
    const { router, bridge } = setup();
    const top = bridge(1, 0, 'http://p/');
    await flush();
    router.restoreServing(1, { page: 'http://p/', scripts: [script('a')] });
    await flush();
    expect(top.served().at(-1)).toEqual(['a']);
  });
});
