/**
 * A filtered view of the message table: the row ids that pass the current criteria, kept up to
 * date as rows arrive (only newcomers are tested) and as the oldest rows are dropped. A change of
 * criteria re-tests everything in time slices (`filterInSlices`), so a regex over a million rows
 * never blocks input; until it finishes the view keeps showing the previous result.
 */
import { filterInSlices } from '../../lib/time-slices';
import type { FilterRow } from '../../query/types';
import type { MessageTable } from './message-table';

export interface ViewCriteria {
  /** Connection indexes to show; null = all. */
  connections: ReadonlySet<number> | null;
  showSend: boolean;
  showReceive: boolean;
  showText: boolean;
  showBinary: boolean;
  showControl: boolean;
  /** Wall-clock range [from, to] (ms), e.g. dragged on the timeline chart; null = all. */
  range: readonly [number, number] | null;
  /** The compiled filter query; null = no query. */
  query: ((row: FilterRow) => boolean) | null;
}

export const ALL_ROWS: ViewCriteria = {
  connections: null,
  showSend: true,
  showReceive: true,
  showText: true,
  showBinary: true,
  showControl: true,
  range: null,
  query: null,
};

export interface MessageView {
  /** Row ids in view, oldest first. */
  readonly count: number;
  /** Of those, the messages (not connection events). */
  readonly messageCount: number;
  idAt(index: number): number;
  indexOfId(id: number): number;
  /** Takes in rows appended (and forgets rows dropped) since the last call. */
  refresh(): void;
  /** Applies new criteria; resolves when the whole table has been re-tested (or rejects on abort). */
  setCriteria(criteria: ViewCriteria): Promise<void>;
  readonly criteria: ViewCriteria;
  /** True while a re-test runs in slices. */
  readonly pending: boolean;
}

export function createMessageView(table: MessageTable, rowOf: (id: number) => FilterRow, onChange: () => void): MessageView {
  let criteria = ALL_ROWS;
  let ids = new Uint32Array(1024);
  let head = 0;
  let tail = 0;
  /** Control rows among ids[head..tail). */
  let controls = 0;
  /** First row id not yet tested against `criteria`. */
  let scannedTo = table.firstId;
  let pending = false;
  let abort: AbortController | undefined;

  function cheapPass(id: number, c: ViewCriteria): boolean {
    if (c.connections && !c.connections.has(table.connIndex(id))) return false;
    const opcode = table.opcode(id);
    if (opcode === 0) {
      if (!c.showControl) return false;
    } else {
      if (opcode === 1 ? !c.showText : !c.showBinary) return false;
      if (table.isSend(id) ? !c.showSend : !c.showReceive) return false;
    }
    if (c.range) {
      const t = table.time(id);
      if (t < c.range[0] || t > c.range[1]) return false;
    }
    return true;
  }

  const passes = (id: number, c: ViewCriteria) => cheapPass(id, c) && (!c.query || c.query(rowOf(id)));

  function push(id: number): void {
    if (tail === ids.length) {
      const live = tail - head;
      const next = new Uint32Array(live * 2 > ids.length ? ids.length * 2 : ids.length);
      next.set(ids.subarray(head, tail));
      ids = next;
      head = 0;
      tail = live;
    }
    ids[tail++] = id;
    if (table.opcode(id) === 0) controls++;
  }

  function forgetDropped(): void {
    // Rows below firstId are gone; they were counted by their opcode, which is gone too, so the
    // control count is recomputed when anything is forgotten.
    let forgot = false;
    while (head < tail && ids[head] < table.firstId) {
      head++;
      forgot = true;
    }
    if (forgot) {
      controls = 0;
      for (let i = head; i < tail; i++) if (table.opcode(ids[i]) === 0) controls++;
    }
    if (scannedTo < table.firstId) scannedTo = table.firstId;
  }

  function refresh(): void {
    forgetDropped();
    if (pending) return; // the running re-test picks newcomers up when it finishes
    for (let id = scannedTo; id < table.endId; id++) if (passes(id, criteria)) push(id);
    scannedTo = table.endId;
  }

  return {
    get count() {
      return tail - head;
    },
    get messageCount() {
      return tail - head - controls;
    },
    idAt: (index) => ids[head + index],
    indexOfId(id) {
      // ids are ascending: binary search.
      let lo = head;
      let hi = tail - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (ids[mid] === id) return mid - head;
        if (ids[mid] < id) lo = mid + 1;
        else hi = mid - 1;
      }
      return -1;
    },
    refresh,
    async setCriteria(next) {
      abort?.abort();
      const controller = new AbortController();
      abort = controller;
      pending = true;
      const from = table.firstId;
      const to = table.endId;
      const candidates = new Uint32Array(to - from);
      for (let i = 0; i < candidates.length; i++) candidates[i] = from + i;
      try {
        const matched = await filterInSlices(candidates, (id) => table.has(id) && passes(id, next), { signal: controller.signal });
        if (abort !== controller) return;
        criteria = next;
        ids = new Uint32Array(Math.max(1024, matched.length * 2));
        head = 0;
        tail = 0;
        controls = 0;
        for (let i = 0; i < matched.length; i++) push(candidates[matched[i]]);
        scannedTo = to;
        pending = false;
        refresh();
        onChange();
      } catch (error) {
        if (abort === controller) pending = false;
        if (!controller.signal.aborted) throw error;
      }
    },
    get criteria() {
      return criteria;
    },
    get pending() {
      return pending;
    },
  };
}
