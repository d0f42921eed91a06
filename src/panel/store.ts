/**
 * The panel's store: every connection and message the panel knows, fed by router envelopes.
 * Pure (no browser API): the DevTools panel, the panel-in-a-tab and the offline viewer all use it,
 * and unit tests drive it directly.
 *
 * Listeners are told at most once per animation frame (see `subscribe`), so a page streaming
 * tens of thousands of messages per second costs one render per frame, not one per message.
 */
import type { FrameTraffic, RouterToPanel } from '../protocol/messages';
import type { ConnectionInfo, MessageRecord } from '../model/types';

export interface PanelState {
  /** In order of creation. */
  connections: ConnectionInfo[];
  /** Every message, in arrival order (per document: capture order). */
  messages: MessageRecord[];
  paused: boolean;
  /** Messages the pages' histories dropped before the panel saw them (limits reached). */
  droppedByPages: number;
  /** The tab this panel inspects (undefined in the viewer). */
  tabId?: number;
  problem?: string;
}

export interface PanelStore {
  getState(): PanelState;
  /** Monotonic: changes whenever the state does. */
  readonly version: number;
  apply(message: { type: keyof RouterToPanel; payload: unknown }): void;
  setPaused(paused: boolean): void;
  clear(): void;
  messagesOf(connId: string): MessageRecord[];
  connection(connId: string): ConnectionInfo | undefined;
  subscribe(listener: () => void): () => void;
}

export interface StoreOptions {
  /** Schedules a notification; defaults to requestAnimationFrame (or a microtask in Node). */
  schedule?: (callback: () => void) => void;
}

export function createPanelStore(options: StoreOptions = {}): PanelStore {
  const schedule = options.schedule ?? defaultSchedule;
  const connections = new Map<string, ConnectionInfo>();
  const byConn = new Map<string, MessageRecord[]>();
  const lastSeqByDoc = new Map<string, number>();
  const droppedByDoc = new Map<string, number>();
  let messages: MessageRecord[] = [];
  let paused = false;
  let tabId: number | undefined;
  let problem: string | undefined;
  let topDocId: string | undefined;
  let version = 0;
  let cached: PanelState | undefined;
  const listeners = new Set<() => void>();
  let notifyScheduled = false;

  function changed(): void {
    version++;
    cached = undefined;
    if (notifyScheduled) return;
    notifyScheduled = true;
    schedule(() => {
      notifyScheduled = false;
      for (const listener of [...listeners]) listener();
    });
  }

  function ingest(traffic: FrameTraffic): void {
    if (typeof traffic.docId !== 'string' || !Array.isArray(traffic.connections) || !Array.isArray(traffic.messages)) return;
    for (const info of traffic.connections) {
      if (!info || typeof info.id !== 'string') continue;
      const previous = connections.get(info.id);
      connections.set(info.id, previous ? Object.assign(previous, info) : { ...info });
    }
    if (typeof traffic.dropped === 'number') droppedByDoc.set(traffic.docId, traffic.dropped);
    let lastSeq = lastSeqByDoc.get(traffic.docId) ?? 0;
    for (const message of traffic.messages) {
      // Snapshots and live batches can overlap after a re-attach; seq is monotonic per document.
      if (!message || typeof message.seq !== 'number' || message.seq <= lastSeq) continue;
      lastSeq = message.seq;
      // While paused, messages are skipped for good (a later snapshot will not bring them back).
      if (paused || !connections.has(message.connId)) continue;
      messages.push(message);
      let list = byConn.get(message.connId);
      if (!list) byConn.set(message.connId, (list = []));
      list.push(message);
    }
    lastSeqByDoc.set(traffic.docId, lastSeq);
  }

  function resetLog(keepOpen: boolean): void {
    messages = [];
    byConn.clear();
    droppedByDoc.clear();
    for (const [id, info] of connections) {
      if (!keepOpen || info.state === 'closed' || info.state === 'error') connections.delete(id);
    }
  }

  return {
    getState() {
      if (!cached) {
        let droppedByPages = 0;
        for (const n of droppedByDoc.values()) droppedByPages += n;
        cached = { connections: [...connections.values()], messages, paused, droppedByPages, tabId, problem };
      }
      return cached;
    },
    get version() {
      return version;
    },
    apply(message) {
      switch (message.type) {
        case 'attached':
          tabId = (message.payload as RouterToPanel['attached']).tabId;
          problem = undefined;
          break;
        case 'traffic':
          ingest(message.payload as FrameTraffic);
          break;
        case 'navigated': {
          const { docId } = message.payload as RouterToPanel['navigated'];
          // Like the Network panel: a new top document starts a new log (unless it is the same
          // document reconnecting after a router restart).
          if (topDocId !== undefined && docId !== topDocId) resetLog(false);
          topDocId = docId;
          break;
        }
        case 'problem':
          problem = String((message.payload as RouterToPanel['problem']).message);
          break;
        default:
          return;
      }
      changed();
    },
    setPaused(value) {
      paused = value;
      changed();
    },
    clear() {
      resetLog(true);
      changed();
    },
    messagesOf(connId) {
      return byConn.get(connId) ?? [];
    },
    connection(connId) {
      return connections.get(connId);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Once per animation frame; but hidden documents get no animation frames (a DevTools panel that
 * is not selected, a pop-out tab in the background), so a timer backs it up at ~10 Hz.
 */
function defaultSchedule(callback: () => void): void {
  if (typeof requestAnimationFrame !== 'function') return queueMicrotask(callback);
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    callback();
  };
  requestAnimationFrame(run);
  setTimeout(run, 100);
}
