import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { createRouter } from '../../../src/background/create-router';
import { createDebuggerFeed } from '../../../src/background/debugger-feed';
import { createPortPair } from '../../../src/protocol/port';
import { envelope, type Envelope, type PanelToRouter, type RouterToPanel } from '../../../src/protocol/messages';

const recorded = JSON.parse(readFileSync(new URL('../../fixtures/cdp/dedicated-worker-events.json', import.meta.url), 'utf8')) as {
  events: { method: string; params: any }[];
};
const flush = () => new Promise((r) => setTimeout(r, 0));
const target = { targetId: 'T1', type: 'worker', url: 'http://127.0.0.1/workers/dedicated.js' };

function setup() {
  const router = createRouter({ pokeTab: vi.fn() });
  const [routerEnd, feedEnd] = createPortPair<unknown, any>();
  router.addBridge(routerEnd as never, { tabId: 7, frameId: 0 });
  const feed = createDebuggerFeed(feedEnd as never, {
    target,
    context: { kind: 'worker', scriptUrl: target.url },
    now: () => 1,
    schedule: (f) => void setTimeout(f, 0),
  });
  const [panelRouterEnd, panelEnd] = createPortPair<unknown, any>();
  const received: Envelope<RouterToPanel>[] = [];
  panelEnd.onMessage((m) => received.push(m as Envelope<RouterToPanel>));
  router.addPanel(panelRouterEnd as never);
  const attach = () => panelEnd.post(envelope<PanelToRouter, 'attach'>('attach', { tabId: 7 }));
  return { router, feed, panelEnd, received, attach };
}

const trafficOf = (received: Envelope<RouterToPanel>[]) => received.filter((e) => e.type === 'traffic').map((e) => e.payload as RouterToPanel['traffic']);

describe('debugger feed (a worker target as a pseudo-document of the tab)', () => {
  it('keeps history before any panel watches, and gives it as a snapshot when one attaches', async () => {
    const { feed, received, attach } = setup();
    await flush();
    for (const e of recorded.events) feed.handle(e.method, e.params);
    attach();
    await flush();
    await flush();
    const [snapshot] = trafficOf(received);
    expect(snapshot).toMatchObject({ docId: 'cdp-T1', frameUrl: target.url, snapshot: true, dropped: 0 });
    expect(snapshot.connections).toHaveLength(1);
    expect(snapshot.connections[0]).toMatchObject({ id: 'cdp-T1:1', state: 'closed', capturedBy: 'debugger', context: { kind: 'worker', scriptUrl: target.url } });
    expect(snapshot.messages.map((m) => [m.dir, m.opcode])).toEqual([['send', 1], ['send', 2], ['receive', 1], ['receive', 2]]);
    expect(snapshot.messages[1].base64).toBe('AAEC//6AgAo=');
  });

  it('streams new traffic in batches while a panel watches', async () => {
    const { feed, received, attach } = setup();
    attach();
    await flush();
    for (const e of recorded.events) feed.handle(e.method, e.params);
    await flush();
    await flush();
    const live = trafficOf(received).filter((t) => !t.snapshot);
    expect(live.flatMap((t) => t.messages)).toHaveLength(4);
    expect(live.at(-1)!.connections[0].state).toBe('closed');
  });

  it('refuses socket commands with the debuggerCapture failure', async () => {
    const { feed, received, attach, panelEnd } = setup();
    for (const e of recorded.events.slice(0, 3)) feed.handle(e.method, e.params);
    attach();
    await flush();
    panelEnd.post(envelope<PanelToRouter, 'command'>('command', { ref: 'r1', connId: 'cdp-T1:1', action: 'send', text: 'x', mark: 'injected' }));
    await flush();
    await flush();
    const result = received.find((e) => e.type === 'commandResult')!.payload as RouterToPanel['commandResult'];
    expect(result).toMatchObject({ ref: 'r1', ok: false, failure: { code: 'debuggerCapture' } });
  });

  it('leaves the router when closed', async () => {
    const { feed, router } = setup();
    await flush();
    expect(router.stats().bridges).toBe(1);
    feed.close();
    await flush();
    expect(router.stats().bridges).toBe(0);
  });
});
