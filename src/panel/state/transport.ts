/**
 * How the panel talks to the router: a port that reconnects when the background restarts
 * (Chrome stops idle service workers; redux-devtools' reconnectingPort solves the same problem).
 * On every (re)connect it attaches to its tab again; the bridges answer with snapshots, and the
 * store drops what it already has.
 */
import { envelope, isEnvelope, ROUTER_TO_PANEL_TYPES, type Envelope, type PanelToRouter, type RouterToPanel } from '../../protocol/messages';
import type { MessagePortLike } from '../../protocol/port';

export type PanelPort = MessagePortLike<unknown, Envelope<PanelToRouter>>;

export interface PanelTransport {
  send<T extends keyof PanelToRouter>(type: T, payload: PanelToRouter[T]): void;
  close(): void;
}

export interface RouterTransportOptions {
  connect: () => PanelPort;
  tabId: number;
  onMessage: (message: Envelope<RouterToPanel>) => void;
  /** Delay before reconnecting after a disconnect. */
  retryMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
}

export function createRouterTransport(options: RouterTransportOptions): PanelTransport {
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  let port: PanelPort | undefined;
  let closed = false;

  function open(): void {
    if (closed) return;
    const current = options.connect();
    port = current;
    current.onMessage((message) => {
      if (port === current && isEnvelope<RouterToPanel>(message, ROUTER_TO_PANEL_TYPES)) options.onMessage(message);
    });
    current.onDisconnect(() => {
      if (port !== current) return;
      port = undefined;
      setTimer(open, options.retryMs ?? 100);
    });
    current.post(envelope<PanelToRouter, 'attach'>('attach', { tabId: options.tabId }));
  }

  open();

  return {
    send(type, payload) {
      try {
        port?.post(envelope<PanelToRouter, typeof type>(type, payload) as Envelope<PanelToRouter>);
      } catch {
        /* reconnecting; the next attach resynchronises */
      }
    },
    close() {
      closed = true;
      port?.disconnect();
      port = undefined;
    },
  };
}
