/**
 * The router (background): pairs each panel with the bridges of its inspected tab. It keeps only
 * live ports, which a service-worker restart loses together with the ports themselves; bridges
 * and panels reconnect and the router rebuilds the same state from their hellos.
 *
 * Trust: a bridge's tab and frame come from the browser (`port.sender`), never from its messages,
 * so a page can only ever feed its own tab's panels.
 */
import {
  BRIDGE_TO_ROUTER_TYPES,
  envelope,
  isEnvelope,
  isSocketCommand,
  isInterceptConfig,
  isHoldAction,
  isOpenRequest,
  PANEL_TO_ROUTER_TYPES,
  type BridgeToRouter,
  type Envelope,
  type PanelToRouter,
  type RouterToBridge,
  type RouterToPanel,
} from '../protocol/messages';
import type { MessagePortLike } from '../protocol/port';

export type BridgePort = MessagePortLike<unknown, Envelope<RouterToBridge>>;
export type PanelPort = MessagePortLike<unknown, Envelope<RouterToPanel>>;

export interface RouterOptions {
  /** Ask every frame of a tab to reconnect its bridge (after a router restart). */
  pokeTab(tabId: number): void;
}

export interface Router {
  addBridge(port: BridgePort, sender: { tabId: number; frameId: number }): void;
  addPanel(port: PanelPort): void;
  /** For tests and diagnostics. */
  stats(): { bridges: number; panels: number };
}

interface BridgeEntry {
  port: BridgePort;
  tabId: number;
  frameId: number;
  /** From the bridge's hello: its document, and whether it is the tab's top document. */
  docId?: string;
  url?: string;
  top?: boolean;
}

export function createRouter(options: RouterOptions): Router {
  const bridgesByTab = new Map<number, Set<BridgeEntry>>();
  /** The panel's rules and breakpoints per tab, for frames that appear later (panels resend it on attach). */
  const interceptByTab = new Map<number, Envelope<RouterToBridge>>();
  const panelsByTab = new Map<number, Set<PanelPort>>();

  const setOf = <K, V>(map: Map<K, Set<V>>, key: K): Set<V> => {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    return set;
  };

  function toPanels(tabId: number, message: Envelope<RouterToPanel>): void {
    for (const panel of panelsByTab.get(tabId) ?? []) {
      try {
        panel.post(message);
      } catch {
        /* a closing panel; its disconnect handler cleans up */
      }
    }
  }

  function toBridge(entry: BridgeEntry, message: Envelope<RouterToBridge>): void {
    try {
      entry.port.post(message);
    } catch {
      /* a navigating frame; its disconnect handler cleans up */
    }
  }

  const watched = (tabId: number) => (panelsByTab.get(tabId)?.size ?? 0) > 0;

  return {
    addBridge(port, sender) {
      const entry: BridgeEntry = { port, tabId: sender.tabId, frameId: sender.frameId };
      setOf(bridgesByTab, sender.tabId).add(entry);
      port.onDisconnect(() => bridgesByTab.get(sender.tabId)?.delete(entry));
      port.onMessage((message) => {
        if (!isEnvelope<BridgeToRouter>(message, BRIDGE_TO_ROUTER_TYPES)) return;
        if (message.type === 'hello') {
          const hello = message.payload as BridgeToRouter['hello'];
          entry.docId = String(hello.docId);
          entry.url = String(hello.frameUrl);
          entry.top = entry.frameId === 0 && hello.top === true;
          if (entry.top) {
            toPanels(entry.tabId, envelope<RouterToPanel, 'navigated'>('navigated', { docId: String(hello.docId), url: String(hello.frameUrl) }));
          }
          if (watched(entry.tabId)) {
            toBridge(entry, envelope<RouterToBridge, 'watch'>('watch', { on: true }));
            const intercept = interceptByTab.get(entry.tabId);
            if (intercept) toBridge(entry, intercept);
          }
          return;
        }
        if (message.type === 'held') {
          const { held } = message.payload as BridgeToRouter['held'];
          if (!Array.isArray(held) || !entry.docId) return;
          toPanels(entry.tabId, envelope<RouterToPanel, 'held'>('held', { docId: entry.docId, frameId: entry.frameId, held }));
          return;
        }
        if (message.type === 'results') {
          const { results } = message.payload as BridgeToRouter['results'];
          if (!Array.isArray(results)) return;
          for (const r of results) {
            if (r && typeof r.ref === 'string') toPanels(entry.tabId, envelope<RouterToPanel, 'commandResult'>('commandResult', { ref: r.ref, ok: r.ok === true, ...(r.error ? { error: String(r.error) } : {}) }));
          }
          return;
        }
        const traffic = message.payload as BridgeToRouter['batch'];
        if (!Array.isArray(traffic.connections) || !Array.isArray(traffic.messages)) return;
        for (const c of traffic.connections) if (c && typeof c === 'object') c.frameId = entry.frameId;
        toPanels(
          entry.tabId,
          envelope<RouterToPanel, 'traffic'>('traffic', { ...traffic, frameId: entry.frameId, snapshot: message.type === 'snapshot' }),
        );
      });
    },

    addPanel(port) {
      let tabId: number | undefined;
      port.onDisconnect(() => {
        if (tabId === undefined) return;
        const panels = panelsByTab.get(tabId);
        panels?.delete(port);
        if (!panels?.size) {
          // Watching stops, and with it interception: bridges let every held message go.
          interceptByTab.delete(tabId);
          for (const bridge of bridgesByTab.get(tabId) ?? []) toBridge(bridge, envelope<RouterToBridge, 'watch'>('watch', { on: false }));
        }
      });
      port.onMessage((message) => {
        if (!isEnvelope<PanelToRouter>(message, PANEL_TO_ROUTER_TYPES)) return;
        if (message.type === 'attach') {
          const requested = (message.payload as PanelToRouter['attach']).tabId;
          if (typeof requested !== 'number' || !Number.isInteger(requested) || requested < 0) {
            port.post(envelope<RouterToPanel, 'problem'>('problem', { message: `Not a tab id: ${String(requested)}` }));
            return;
          }
          if (tabId !== undefined) panelsByTab.get(tabId)?.delete(port);
          tabId = requested;
          setOf(panelsByTab, tabId).add(port);
          port.post(envelope<RouterToPanel, 'attached'>('attached', { tabId }));
          // Tell the new panel which document is on top now, so that the next navigation is
          // recognised as one (its log starts over then, as in the Network panel).
          for (const bridge of bridgesByTab.get(tabId) ?? []) {
            if (bridge.top && bridge.docId) port.post(envelope<RouterToPanel, 'navigated'>('navigated', { docId: bridge.docId, url: bridge.url ?? '' }));
          }
          for (const bridge of bridgesByTab.get(tabId) ?? []) toBridge(bridge, envelope<RouterToBridge, 'watch'>('watch', { on: true }));
          // Bridges that lost their port in a router restart come back through their hello.
          options.pokeTab(tabId);
        } else if (message.type === 'command' && tabId !== undefined) {
          const command = message.payload;
          if (!isSocketCommand(command)) return;
          // Connection ids are `<document id>:<n>`: the bridge of that document owns the socket.
          const docId = command.connId.slice(0, command.connId.lastIndexOf(':'));
          const owner = [...(bridgesByTab.get(tabId) ?? [])].find((b) => b.docId === docId);
          if (owner) toBridge(owner, envelope<RouterToBridge, 'command'>('command', command));
          else port.post(envelope<RouterToPanel, 'commandResult'>('commandResult', { ref: command.ref, ok: false, error: 'The page that owned this socket is gone (it navigated or closed).' }));
        } else if (message.type === 'intercept' && tabId !== undefined) {
          if (!isInterceptConfig(message.payload)) return;
          const forward = envelope<RouterToBridge, 'intercept'>('intercept', message.payload);
          interceptByTab.set(tabId, forward);
          for (const bridge of bridgesByTab.get(tabId) ?? []) toBridge(bridge, forward);
        } else if (message.type === 'open' && tabId !== undefined) {
          if (!isOpenRequest(message.payload)) return;
          const top = [...(bridgesByTab.get(tabId) ?? [])].find((b) => b.top);
          if (top) toBridge(top, envelope<RouterToBridge, 'open'>('open', message.payload));
          else port.post(envelope<RouterToPanel, 'commandResult'>('commandResult', { ref: message.payload.ref, ok: false, error: 'The inspected page has no capture hook (reload it).' }));
        } else if (message.type === 'holdAction' && tabId !== undefined) {
          const action = message.payload;
          if (!isHoldAction(action)) return;
          const owner = [...(bridgesByTab.get(tabId) ?? [])].find((b) => b.docId === action.docId);
          if (owner) toBridge(owner, envelope<RouterToBridge, 'holdAction'>('holdAction', action));
        } else if (message.type === 'clear' && tabId !== undefined) {
          for (const bridge of bridgesByTab.get(tabId) ?? []) toBridge(bridge, envelope<RouterToBridge, 'clear'>('clear', {}));
        }
      });
    },

    stats() {
      let bridges = 0;
      let panels = 0;
      for (const set of bridgesByTab.values()) bridges += set.size;
      for (const set of panelsByTab.values()) panels += set.size;
      return { bridges, panels };
    },
  };
}
