import { describe, expect, it } from 'vitest';
import { createRouterTransport } from '../../../../src/panel/state/transport';
import { createPortPair, type MessagePortLike } from '../../../../src/protocol/port';
import { envelope, type PanelToRouter, type RouterToPanel } from '../../../../src/protocol/messages';
import { PROTOCOL_VERSION } from '../../../../src/protocol/version';

const flush = () => new Promise((r) => setTimeout(r, 0));

type TestRouter = { port: MessagePortLike<unknown, unknown>; received: unknown[] };

/** A `connect` that makes a fresh in-memory router end per connection and records what it receives. */
function connectRecording(routers: TestRouter[]) {
  return () => {
    const [panelEnd, routerEnd] = createPortPair<any, any>();
    const received: unknown[] = [];
    routerEnd.onMessage((m) => received.push(m));
    routers.push({ port: routerEnd, received });
    return panelEnd;
  };
}

describe('router transport', () => {
  it('attaches on connect, passes valid envelopes on, and re-attaches after a disconnect', async () => {
    const routers: TestRouter[] = [];
    const timers: (() => void)[] = [];
    const got: unknown[] = [];
    const transport = createRouterTransport({
      tabId: 7,
      connect: connectRecording(routers),
      onMessage: (m) => got.push(m.type),
      setTimer: (fn) => timers.push(fn),
    });
    await flush();
    expect(routers[0].received).toEqual([envelope<PanelToRouter, 'attach'>('attach', { tabId: 7 })]);
    routers[0].port.post(envelope<RouterToPanel, 'attached'>('attached', { tabId: 7 }));
    routers[0].port.post({ v: 1, type: 'bogus', payload: {} });
    await flush();
    expect(got).toEqual(['attached']);
    routers[0].port.disconnect();
    await flush();
    expect(timers).toHaveLength(1);
    timers[0]();
    await flush();
    expect(routers[1].received).toEqual([envelope<PanelToRouter, 'attach'>('attach', { tabId: 7 })]);
    transport.send('clear', {});
    await flush();
    expect(routers[1].received.at(-1)).toEqual(envelope<PanelToRouter, 'clear'>('clear', {}));
    transport.close();
  });

  it('sends its rules and breakpoints again after re-attaching (a restarted router forgot them)', async () => {
    const routers: TestRouter[] = [];
    const timers: (() => void)[] = [];
    const transport = createRouterTransport({
      tabId: 7,
      connect: connectRecording(routers),
      onMessage: () => {},
      setTimer: (fn) => timers.push(fn),
    });
    routers[0].port.disconnect();
    await flush();
    timers[0]();
    await flush();
    // Nothing configured yet: only the attach.
    expect(routers[1].received).toEqual([envelope<PanelToRouter, 'attach'>('attach', { tabId: 7 })]);
    const config = { rules: [], breakpoints: [{ id: 'b', enabled: true, direction: 'send' as const, match: 'stop' }] };
    transport.send('intercept', config);
    routers[1].port.disconnect();
    await flush();
    timers[1]();
    await flush();
    expect(routers[2].received).toEqual([envelope<PanelToRouter, 'attach'>('attach', { tabId: 7 }), envelope<PanelToRouter, 'intercept'>('intercept', config)]);
    transport.close();
  });

  it('reports a router of another protocol version as otherVersion (once), and passes nothing it says on', async () => {
    const got: unknown[] = [];
    const routers: MessagePortLike<unknown, unknown>[] = [];
    createRouterTransport({
      tabId: 7,
      connect: () => {
        const [panelEnd, routerEnd] = createPortPair<any, any>();
        routers.push(routerEnd);
        return panelEnd;
      },
      onMessage: (m) => got.push(m),
    });
    routers[0].post({ v: PROTOCOL_VERSION + 1, type: 'otherVersion', payload: { party: 'panel', version: PROTOCOL_VERSION } });
    routers[0].post({ v: PROTOCOL_VERSION + 1, type: 'attached', payload: { tabId: 7 } });
    await flush();
    expect(got).toEqual([{ type: 'otherVersion', payload: { party: 'panel', version: PROTOCOL_VERSION } }]);
  });
});
