/**
 * The router (background): pairs each panel with the bridges of its inspected tab. It keeps only
 * live ports, which a service-worker restart loses together with the ports themselves; bridges
 * and panels reconnect and the router rebuilds the same state from their hellos.
 *
 * Each port is read through a typed endpoint (src/protocol/endpoint.ts): payloads reach the
 * handlers below already checked by their direction's guard table.
 *
 * Trust: a bridge's tab and frame come from the browser (`port.sender`), never from its messages,
 * so a page can only ever feed its own tab's panels.
 *
 * Versions: a content script left in a tab by another build (or a panel of another build) speaks
 * another PROTOCOL_VERSION, and everything it says is dropped. The router says so instead of
 * staying silent: the tab's panels get `otherVersion` (now, and on attaching later), and a panel
 * of another version is answered with one, which it cannot read but recognises as foreign.
 */
import { createEndpoint, type Endpoint, type EnvelopePort } from '../protocol/endpoint';
import { bridgeToRouterGuards, panelToRouterGuards } from '../protocol/guards';
import type { InterceptConfig } from '../protocol/intercept';
import type { BridgeToRouter, PanelToRouter, RouterToBridge, RouterToPanel } from '../protocol/messages';
import type { ServeScript } from '../protocol/serve';
import { withCredentials, type HandshakeCredentials } from './handshake-credentials';

export interface RouterOptions {
  /** Ask every frame of a tab to reconnect its bridge (after a router restart). */
  pokeTab(tabId: number): void;
  /**
   * The credential headers the background kept back from a tab's upgrade request
   * (`handshake-credentials.ts`); they join the connection only on its way to a panel.
   */
  credentialsFor?(tabId: number, requestId: string): HandshakeCredentials | undefined;
  /**
   * "Serve from log": keep what a tab serves where a service-worker restart finds it again
   * (`storage.session`); undefined when the tab serves nothing any more.
   */
  saveServing?(tabId: number, serving: TabServing | undefined): void;
  /**
   * Timer for waiting on a tab's top bridge: frames get their bridge on demand
   * (src/protocol/bridge-loading.ts), so a panel's `open` may come just before it. Default: setTimeout.
   */
  setTimer?(callback: () => void, ms: number): void;
}

/** What one tab serves: its scripts, and the top document they were chosen on (another one ends them). */
export interface TabServing {
  /** URL of the tab's top document when serving started ('' until a top frame said hello). */
  page: string;
  scripts: ServeScript[];
}

/** How long an `open` waits for the tab's top bridge to say hello before it fails. */
export const OPEN_WAITS_FOR_BRIDGE_MS = 3000;

export interface Router {
  addBridge(port: EnvelopePort<RouterToBridge>, sender: { tabId: number; frameId: number }): void;
  addPanel(port: EnvelopePort<RouterToPanel>): void;
  /** What a tab served before a service-worker restart (from `saveServing`). */
  restoreServing(tabId: number, serving: TabServing): void;
  /** For tests and diagnostics. */
  stats(): { bridges: number; panels: number };
}

interface BridgeEntry {
  endpoint: Endpoint<BridgeToRouter, RouterToBridge>;
  tabId: number;
  frameId: number;
  /** From the bridge's hello: its document, and whether it is the tab's top document. */
  docId?: string;
  url?: string;
  top?: boolean;
  /** The PROTOCOL_VERSION this bridge speaks, when it is not ours (a stale content script). */
  foreignVersion?: number;
}

type PanelEndpoint = Endpoint<PanelToRouter, RouterToPanel>;

export function createRouter(options: RouterOptions): Router {
  const bridgesByTab = new Map<number, Set<BridgeEntry>>();
  /** The panel's rules and breakpoints per tab, for frames that appear later (panels resend it on attach). */
  const interceptByTab = new Map<number, InterceptConfig>();
  const panelsByTab = new Map<number, Set<PanelEndpoint>>();
  const servingByTab = new Map<number, TabServing>();
  /** `open` requests waiting for their tab's top bridge, flushed by its hello. */
  const pendingOpens = new Map<number, Set<{ panel: PanelEndpoint; request: PanelToRouter['open'] }>>();
  const setTimer = options.setTimer ?? ((callback: () => void, ms: number) => void setTimeout(callback, ms));

  const setOf = <K, V>(map: Map<K, Set<V>>, key: K): Set<V> => {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    return set;
  };
  const bridgesOf = (tabId: number): Set<BridgeEntry> => bridgesByTab.get(tabId) ?? new Set();

  /** A failed post is a closing port: its disconnect handler cleans up. */
  function toPanels<T extends keyof RouterToPanel>(tabId: number, type: T, payload: RouterToPanel[T]): void {
    for (const panel of panelsByTab.get(tabId) ?? []) panel.post(type, payload);
  }

  const watched = (tabId: number) => (panelsByTab.get(tabId)?.size ?? 0) > 0;
  const scriptsOf = (tabId: number): ServeScript[] => servingByTab.get(tabId)?.scripts ?? [];

  /** Tells the tab's bridges and panels what it serves now, and keeps it. */
  function setServing(tabId: number, serving: TabServing | undefined): void {
    if (serving && serving.scripts.length > 0) servingByTab.set(tabId, serving);
    else {
      serving = undefined;
      servingByTab.delete(tabId);
    }
    options.saveServing?.(tabId, serving);
    const scripts = scriptsOf(tabId);
    for (const bridge of bridgesOf(tabId)) bridge.endpoint.post('serve', { scripts });
    toPanels(tabId, 'serveScripts', { scripts });
  }
  const staleVersion = (bridge: BridgeEntry) => ({ party: 'contentScript' as const, version: bridge.foreignVersion! });

  function addBridge(port: EnvelopePort<RouterToBridge>, sender: { tabId: number; frameId: number }): void {
    const entry: BridgeEntry = {
      endpoint: createEndpoint(port, bridgeToRouterGuards, {
        onForeignVersion(version) {
          if (entry.foreignVersion !== undefined) return;
          entry.foreignVersion = version;
          toPanels(entry.tabId, 'otherVersion', staleVersion(entry));
        },
      }),
      tabId: sender.tabId,
      frameId: sender.frameId,
    };
    const bridge = entry.endpoint;
    setOf(bridgesByTab, sender.tabId).add(entry);
    bridge.onDisconnect(() => bridgesByTab.get(sender.tabId)?.delete(entry));

    bridge.on('hello', (hello) => {
      entry.docId = hello.docId;
      entry.url = hello.frameUrl;
      entry.top = entry.frameId === 0 && hello.top;
      if (entry.top) toPanels(entry.tabId, 'navigated', { docId: hello.docId, url: hello.frameUrl });
      // Serving belongs to the top page it was chosen on: a reload keeps it, going elsewhere ends it.
      const serving = servingByTab.get(entry.tabId);
      if (serving && entry.top) {
        if (serving.page === '') setServing(entry.tabId, { ...serving, page: hello.frameUrl });
        else if (serving.page !== hello.frameUrl) setServing(entry.tabId, undefined);
      }
      // Always, even when nothing is served: the bridge removes a marker left from earlier.
      bridge.post('serve', { scripts: scriptsOf(entry.tabId) });
      if (entry.top) {
        for (const pending of pendingOpens.get(entry.tabId) ?? []) bridge.post('open', pending.request);
        pendingOpens.delete(entry.tabId);
      }
      if (watched(entry.tabId)) {
        bridge.post('watch', { on: true });
        const intercept = interceptByTab.get(entry.tabId);
        if (intercept) bridge.post('intercept', intercept);
      }
    });
    bridge.on('held', ({ held }) => {
      if (entry.docId) toPanels(entry.tabId, 'held', { docId: entry.docId, frameId: entry.frameId, held });
    });
    bridge.on('results', ({ results }) => {
      for (const r of results) toPanels(entry.tabId, 'commandResult', { ref: r.ref, ok: r.ok, ...(r.error ? { error: r.error } : {}), ...(r.failure ? { failure: r.failure } : {}) });
    });
    const forwardTraffic = (traffic: BridgeToRouter['batch'], snapshot: boolean) => {
      const connections = traffic.connections.map((c) => {
        c.frameId = entry.frameId;
        const requestId = c.handshake?.requestId;
        return requestId === undefined ? c : withCredentials(c, options.credentialsFor?.(entry.tabId, requestId));
      });
      toPanels(entry.tabId, 'traffic', { ...traffic, connections, frameId: entry.frameId, snapshot });
    };
    bridge.on('snapshot', (traffic) => forwardTraffic(traffic, true));
    bridge.on('batch', (traffic) => forwardTraffic(traffic, false));
  }

  function addPanel(port: EnvelopePort<RouterToPanel>): void {
    let tabId: number | undefined;
    let toldForeign = false;
    const panel: PanelEndpoint = createEndpoint(port, panelToRouterGuards, {
      onForeignVersion(version) {
        // It cannot read this (it is in our version), but it can tell that it is foreign.
        if (toldForeign) return;
        toldForeign = true;
        panel.post('otherVersion', { party: 'panel', version });
      },
    });
    panel.onDisconnect(() => {
      if (tabId === undefined) return;
      const panels = panelsByTab.get(tabId);
      panels?.delete(panel);
      if (!panels?.size) {
        // Watching stops, and with it interception: bridges let every held message go. Serving
        // stops too: the page goes back to the network.
        interceptByTab.delete(tabId);
        if (servingByTab.has(tabId)) setServing(tabId, undefined);
        for (const bridge of bridgesOf(tabId)) bridge.endpoint.post('watch', { on: false });
      }
    });

    panel.on('attach', ({ tabId: requested }) => {
      if (!Number.isInteger(requested) || requested < 0) {
        panel.post('problem', { message: `Not a tab id: ${String(requested)}` });
        return;
      }
      if (tabId !== undefined) panelsByTab.get(tabId)?.delete(panel);
      tabId = requested;
      setOf(panelsByTab, tabId).add(panel);
      panel.post('attached', { tabId });
      const bridges = bridgesOf(tabId);
      // Tell the new panel which document is on top now, so that the next navigation is
      // recognised as one (its log starts over then, as in the Network panel).
      for (const bridge of bridges) if (bridge.top && bridge.docId) panel.post('navigated', { docId: bridge.docId, url: bridge.url ?? '' });
      for (const bridge of bridges) if (bridge.foreignVersion !== undefined) panel.post('otherVersion', staleVersion(bridge));
      for (const bridge of bridges) bridge.endpoint.post('watch', { on: true });
      // Bridges that lost their port in a router restart come back through their hello.
      options.pokeTab(tabId);
    });
    // Everything else is about the attached tab: ignored before an attach.
    panel.on('command', (command) => {
      if (tabId === undefined) return;
      // Connection ids are `<document id>:<n>`: the bridge of that document owns the socket.
      const docId = command.connId.slice(0, command.connId.lastIndexOf(':'));
      const owner = [...bridgesOf(tabId)].find((b) => b.docId === docId);
      if (owner) owner.endpoint.post('command', command);
      else panel.post('commandResult', { ref: command.ref, ok: false, error: 'The page that owned this socket is gone (it navigated or closed).' });
    });
    panel.on('intercept', (config) => {
      if (tabId === undefined) return;
      interceptByTab.set(tabId, config);
      for (const bridge of bridgesOf(tabId)) bridge.endpoint.post('intercept', config);
    });
    panel.on('open', (request) => {
      if (tabId === undefined) return;
      const top = [...bridgesOf(tabId)].find((b) => b.top);
      if (top) return top.endpoint.post('open', request);
      // The top frame's bridge may be on its way (injected on demand): wait for its hello.
      const waiting = { panel, request };
      const tab = tabId;
      setOf(pendingOpens, tab).add(waiting);
      setTimer(() => {
        if (!pendingOpens.get(tab)?.delete(waiting)) return;
        panel.post('commandResult', { ref: request.ref, ok: false, error: 'The inspected page has no capture hook (reload it).' });
      }, OPEN_WAITS_FOR_BRIDGE_MS);
    });
    panel.on('holdAction', (action) => {
      if (tabId === undefined) return;
      [...bridgesOf(tabId)].find((b) => b.docId === action.docId)?.endpoint.post('holdAction', action);
    });
    panel.on('serve', ({ script }) => {
      if (tabId === undefined) return;
      const current = servingByTab.get(tabId);
      const page = current?.page ?? [...bridgesOf(tabId)].find((b) => b.top)?.url ?? '';
      const scripts = (current?.scripts ?? []).filter((s) => s.id !== script.id);
      setServing(tabId, { page, scripts: [...scripts, script] });
    });
    panel.on('unserve', ({ id }) => {
      if (tabId === undefined) return;
      const current = servingByTab.get(tabId);
      if (!current) return void panel.post('serveScripts', { scripts: [] });
      setServing(tabId, id === '*' ? undefined : { ...current, scripts: current.scripts.filter((s) => s.id !== id) });
    });
    panel.on('serveScripts', () => {
      if (tabId !== undefined) panel.post('serveScripts', { scripts: scriptsOf(tabId) });
    });
    panel.on('clear', () => {
      if (tabId === undefined) return;
      for (const bridge of bridgesOf(tabId)) bridge.endpoint.post('clear', {});
    });
  }

  return {
    addBridge,
    addPanel,
    restoreServing(tabId, serving) {
      if (servingByTab.has(tabId) || serving.scripts.length === 0) return;
      servingByTab.set(tabId, serving);
      const scripts = scriptsOf(tabId);
      for (const bridge of bridgesOf(tabId)) bridge.endpoint.post('serve', { scripts });
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
