/**
 * How the panel talks to the router: a port that reconnects when the background restarts
 * (Chrome stops idle service workers; redux-devtools' reconnectingPort solves the same problem).
 * On every (re)connect it attaches to its tab again, and sends its rules and breakpoints again
 * (the restarted router forgot them); the bridges answer with snapshots, and the store drops what
 * it already has.
 *
 * Each connection is read through a typed endpoint (src/protocol/endpoint.ts): `onMessage` gets
 * only messages whose payload passed its guard, typed by `type`. A router of another protocol
 * version (this panel outlived an extension update) is reported as an `otherVersion` message.
 */
import { createEndpoint, type Endpoint, type EnvelopePort, type MessageOf } from '../../protocol/endpoint';
import { routerToPanelGuards } from '../../protocol/guards';
import type { PanelToRouter, RouterToPanel } from '../../protocol/messages';
import { PROTOCOL_VERSION } from '../../protocol/version';

export interface PanelTransport {
  send<T extends keyof PanelToRouter>(type: T, payload: PanelToRouter[T]): void;
  close(): void;
}

export interface RouterTransportOptions {
  connect: () => EnvelopePort<PanelToRouter>;
  tabId: number;
  onMessage: (message: MessageOf<RouterToPanel>) => void;
  /** Delay before reconnecting after a disconnect. */
  retryMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
}

export function createRouterTransport(options: RouterTransportOptions): PanelTransport {
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  let router: Endpoint<RouterToPanel, PanelToRouter> | undefined;
  let closed = false;
  let toldForeign = false;
  /** The last rules and breakpoints sent, sent again on every re-attach. */
  let interceptConfig: PanelToRouter['intercept'] | undefined;

  function open(): void {
    if (closed) return;
    const current = createEndpoint(options.connect(), routerToPanelGuards, {
      onForeignVersion() {
        if (router !== current || toldForeign) return;
        toldForeign = true;
        // The odd one out is this panel (the background is the extension's current build).
        options.onMessage({ type: 'otherVersion', payload: { party: 'panel', version: PROTOCOL_VERSION } });
      },
    });
    router = current;
    current.onMessage((message) => {
      if (router === current) options.onMessage(message);
    });
    current.onDisconnect(() => {
      if (router !== current) return;
      router = undefined;
      setTimer(open, options.retryMs ?? 100);
    });
    current.post('attach', { tabId: options.tabId });
    // A restarted router forgot the rules and breakpoints the panel still shows: put them back in force.
    if (interceptConfig) current.post('intercept', interceptConfig);
  }

  open();

  return {
    send(type, payload) {
      if (type === 'intercept') interceptConfig = payload as PanelToRouter['intercept'];
      // Failing while reconnecting is fine: the next attach resynchronises.
      router?.post(type, payload);
    },
    close() {
      closed = true;
      router?.disconnect();
      router = undefined;
    },
  };
}
