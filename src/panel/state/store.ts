/**
 * The panel's store: every connection and message the panel knows, fed by router envelopes (or
 * by an imported log). Pure (no browser API): the DevTools panel, the panel-in-a-tab and the
 * offline viewer all use it, and unit tests drive it directly.
 *
 * Messages live in a column table (`model/message-table.ts`); connection open/close/error events
 * are added as control rows so the timeline shows them inline. Listeners are told at most once
 * per animation frame (`subscribe`), so a page streaming tens of thousands of messages per second
 * costs one render per frame, not one per message.
 */
import type { MessageOf } from '../../protocol/endpoint';
import type { FrameTraffic, RouterToPanel } from '../../protocol/messages';
import type { ConnectionInfo, MessageRecord } from '../../protocol/records';
import type { ControlEvent, FilterRow } from '../../query/types';
import { createMessageTable, type MessageTable } from './message-table';
import type { HeldMessage } from '../../protocol/intercept';
import { t } from '../common/i18n';

export interface PanelState {
  /** In order of creation. */
  connections: ConnectionInfo[];
  paused: boolean;
  preserveLog: boolean;
  /** Messages the pages' histories dropped before the panel saw them (their limits). */
  droppedByPages: number;
  /** Messages the panel dropped to stay within its own limit. */
  droppedByPanel: number;
  /** The tab this panel inspects (undefined in the viewer). */
  tabId?: number;
  problem?: string;
  /** URL of the inspected tab's top document (for per-origin rules). */
  topUrl?: string;
  /** Messages the pages hold for a decision (breakpoints, delays), oldest first. */
  held: HeldMessage[];
  /**
   * How far behind the page the panel is: at the last live batch, the time since its newest
   * message happened (page and panel share the machine's clock). Under a stream faster than the
   * panel can take in, batches wait in the panel's queue and this grows; the status bar says so.
   */
  behindMs: number;
}

export interface PanelStore {
  readonly table: MessageTable;
  /** Monotonic: changes whenever the state does. */
  readonly version: number;
  getState(): PanelState;
  /** A message from the router, its payload already checked by the transport's endpoint. */
  apply(message: MessageOf<RouterToPanel>): void;
  /** Adds connections and messages that did not come from a tab (an imported log). */
  addLog(connections: ConnectionInfo[], messages: MessageRecord[]): void;
  setPaused(paused: boolean): void;
  setPreserveLog(preserve: boolean): void;
  setMaxMessages(max: number): void;
  setProblem(problem: string | undefined): void;
  clear(): void;
  connection(connId: string): ConnectionInfo | undefined;
  connectionAt(index: number): ConnectionInfo;
  connectionIndexOf(connId: string): number | undefined;
  /** The row with this id as the filter and the views see it. */
  rowAt(id: number): FilterRow;
  subscribe(listener: () => void): () => void;
}

export interface StoreOptions {
  /** Wall clock (ms since the epoch), comparable with message times. */
  now?: () => number;
  /** Schedules a notification; defaults to an animation frame backed by a timer. */
  schedule?: (callback: () => void) => void;
  maxMessages?: number;
}

export function createPanelStore(options: StoreOptions = {}): PanelStore {
  const schedule = options.schedule ?? defaultSchedule;
  const now = options.now ?? (() => Date.now());
  const table = createMessageTable();
  /** Every connection ever seen keeps its index (the table stores indexes, not ids). */
  const connectionList: ConnectionInfo[] = [];
  const indexById = new Map<string, number>();
  const removed = new Set<number>();
  const lastSeqByDoc = new Map<string, number>();
  /**
   * Messages of each document the panel never received: gaps in its sequence numbers (seq is
   * per document, +1 per message), capped by what the page says its history dropped. Messages a
   * page's history dropped after the panel had them live are not missing, and a gap the page did
   * not cause (history cleared by an earlier panel) is not a drop either.
   */
  const gapsByDoc = new Map<string, number>();
  const droppedByDoc = new Map<string, number>();
  /**
   * Messages whose connection the panel does not know yet (a batch can overtake the snapshot
   * that announces its connection, e.g. across a reload with Preserve log). They wait here and
   * join the table when the connection arrives; nothing is dropped for arriving early.
   */
  const waitingByConn = new Map<string, MessageRecord[]>();
  let waitingCount = 0;
  let maxMessages = options.maxMessages ?? 1_000_000;
  let droppedByPanel = 0;
  let paused = false;
  /**
   * Wall-clock intervals during which capture was paused. Messages are judged by when they
   * happened, not by when they arrive: a background tab's batches can come a second late.
   */
  const pauses: [number, number][] = [];
  const happenedWhilePaused = (time: number) => {
    for (let i = pauses.length - 1; i >= 0; i--) if (time >= pauses[i][0] && time <= pauses[i][1]) return true;
    return false;
  };
  let preserveLog = false;
  let tabId: number | undefined;
  let problem: string | undefined;
  /** The text of the stale-content-script problem, once shown (a new top document ends it). */
  let staleScriptProblem: string | undefined;
  let topDocId: string | undefined;
  let topUrl: string | undefined;
  const heldByDoc = new Map<string, HeldMessage[]>();
  let version = 0;
  let behindMs = 0;
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

  function control(info: ConnectionInfo, event: ControlEvent['event'], time: number, detail: string): void {
    table.append({ kind: 'control', connId: info.id, event, time, detail }, indexById.get(info.id)!);
  }

  /** Control rows are added once per transition, however often the snapshot repeats it. */
  const seenTransitions = new Map<string, Set<string>>();

  function enforceLimit(): void {
    droppedByPanel += table.dropOldest(maxMessages);
  }

  function ingest(traffic: FrameTraffic): void {
    for (const info of traffic.connections) {
      upsertWithTransitions({ ...info });
      admitWaiting(info.id);
    }
    droppedByDoc.set(traffic.docId, traffic.dropped);
    let lastSeq = lastSeqByDoc.get(traffic.docId) ?? 0;
    let gaps = gapsByDoc.get(traffic.docId) ?? 0;
    for (const message of traffic.messages) {
      // Snapshots and live batches can overlap after a re-attach; seq is monotonic per document.
      if (message.seq <= lastSeq) continue;
      gaps += message.seq - lastSeq - 1;
      lastSeq = message.seq;
      // While paused, messages are skipped for good (a later snapshot will not bring them back).
      if (paused || happenedWhilePaused(message.time)) continue;
      const index = indexById.get(message.connId);
      if (index === undefined) wait(message);
      else table.append(message, index);
    }
    lastSeqByDoc.set(traffic.docId, lastSeq);
    gapsByDoc.set(traffic.docId, gaps);
    enforceLimit();
  }

  /** Most messages kept waiting for their connection; past it the oldest go (and are counted). */
  const MAX_WAITING = 100_000;

  function wait(message: MessageRecord): void {
    let list = waitingByConn.get(message.connId);
    if (!list) waitingByConn.set(message.connId, (list = []));
    list.push(message);
    if (++waitingCount > MAX_WAITING) {
      const [oldestConn, oldest] = waitingByConn.entries().next().value as [string, MessageRecord[]];
      oldest.shift();
      if (!oldest.length) waitingByConn.delete(oldestConn);
      waitingCount--;
      droppedByPanel++;
    }
  }

  function admitWaiting(connId: string): void {
    const list = waitingByConn.get(connId);
    const index = indexById.get(connId);
    if (!list || index === undefined) return;
    waitingByConn.delete(connId);
    waitingCount -= list.length;
    for (const message of list) table.append(message, index);
  }

  /** Adds or updates a connection, with one control row per transition it went through. */
  function upsertWithTransitions(info: ConnectionInfo): void {
    let seen = seenTransitions.get(info.id);
    if (!seen) seenTransitions.set(info.id, (seen = new Set()));
    const index = indexById.get(info.id);
    if (index === undefined) {
      indexById.set(info.id, connectionList.length);
      connectionList.push(info);
    } else Object.assign(connectionList[index], info);
    const current = connectionList[indexById.get(info.id)!];
    if (paused) return;
    const once = (key: string, add: () => void) => {
      if (!seen!.has(key)) {
        seen!.add(key);
        add();
      }
    };
    if (current.openedAt !== undefined) once('open', () => control(current, 'open', current.openedAt!, current.protocol ? `protocol ${current.protocol}` : ''));
    if (current.errored) once('error', () => control(current, 'error', current.closedAt ?? current.createdAt, current.handshake?.error ?? ''));
    if (current.closedAt !== undefined) {
      once('close', () =>
        control(current, 'close', current.closedAt!, `${current.closeCode ?? ''} ${current.closeReason ?? ''}`.trim() + (current.wasClean ? '' : ' (not clean)')),
      );
    }
  }

  function resetLog(keepOpen: boolean): void {
    table.clear();
    droppedByDoc.clear();
    gapsByDoc.clear();
    waitingByConn.clear();
    waitingCount = 0;
    droppedByPanel = 0;
    for (const [id, index] of indexById) {
      const info = connectionList[index];
      if (!keepOpen || info.state === 'closed' || info.state === 'error') {
        removed.add(index);
        indexById.delete(id);
        seenTransitions.delete(id);
      }
    }
  }

  const liveConnections = () => connectionList.filter((_, i) => !removed.has(i));

  return {
    table,
    get version() {
      return version;
    },
    getState() {
      if (!cached) {
        let droppedByPages = 0;
        for (const [docId, gaps] of gapsByDoc) droppedByPages += Math.min(gaps, droppedByDoc.get(docId) ?? 0);
        const held = [...heldByDoc.values()].flat().sort((a, b) => a.since - b.since);
        cached = { connections: liveConnections(), paused, preserveLog, droppedByPages, droppedByPanel, tabId, problem, topUrl, held, behindMs };
      }
      return cached;
    },
    apply(message) {
      switch (message.type) {
        case 'attached':
          tabId = message.payload.tabId;
          problem = undefined;
          // Attached again after a router restart: the bridges let go of what they held when
          // they lost the router, and report what they hold now when they start streaming again.
          heldByDoc.clear();
          break;
        case 'traffic': {
          const newest = message.payload.messages.at(-1);
          if (!message.payload.snapshot && newest) behindMs = Math.max(0, now() - newest.time);
          ingest(message.payload);
          break;
        }
        case 'navigated': {
          const { docId, url } = message.payload;
          topUrl = url;
          if (topDocId !== undefined && docId !== topDocId) {
            // Like the Network panel: a new top document starts a new log, unless the user asked
            // to preserve it or it is the same document reconnecting after a router restart.
            if (!preserveLog) resetLog(false);
            // Its frames run the current content script: a stale one's problem is over.
            if (problem !== undefined && problem === staleScriptProblem) problem = undefined;
          }
          topDocId = docId;
          break;
        }
        case 'problem':
          problem = message.payload.message;
          break;
        case 'held': {
          const { docId, held } = message.payload;
          if (held.length) heldByDoc.set(docId, held.map((h) => ({ ...h, docId })));
          else heldByDoc.delete(docId);
          break;
        }
        case 'otherVersion':
          // What the other side says is dropped (it speaks another protocol version): say so.
          if (message.payload.party === 'panel') problem = t('problemPanelVersion');
          else problem = staleScriptProblem = t('problemContentScriptVersion');
          break;
        default:
          return;
      }
      changed();
    },
    addLog(connections, messages) {
      for (const info of connections) {
        upsertWithTransitions({ ...info });
        admitWaiting(info.id);
      }
      for (const message of messages) {
        const index = indexById.get(message.connId);
        if (index !== undefined) table.append(message, index);
      }
      enforceLimit();
      changed();
    },
    setPaused(value) {
      if (value === paused) return;
      paused = value;
      if (value) pauses.push([now(), Infinity]);
      else if (pauses.length) pauses[pauses.length - 1][1] = now();
      if (pauses.length > 100) pauses.shift();
      changed();
    },
    setPreserveLog(value) {
      preserveLog = value;
      changed();
    },
    setMaxMessages(max) {
      maxMessages = max;
      enforceLimit();
      changed();
    },
    setProblem(value) {
      problem = value;
      changed();
    },
    clear() {
      resetLog(true);
      changed();
    },
    connection(connId) {
      const index = indexById.get(connId);
      return index === undefined ? undefined : connectionList[index];
    },
    connectionAt: (index) => connectionList[index],
    connectionIndexOf: (connId) => indexById.get(connId),
    rowAt(id) {
      return table.row(id, connectionList[table.connIndex(id)].id);
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
