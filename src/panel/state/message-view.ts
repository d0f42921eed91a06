/**
 * A filtered view of the message table: the row ids that pass the current criteria, kept up to
 * date as rows arrive (only newcomers are tested) and as the oldest rows are dropped. A change of
 * criteria re-tests everything in time slices (`filterInSlices`), so a regex over a million rows
 * never blocks input; until it finishes the view keeps showing the previous result.
 *
 * Rows are shown in the order they happened (time, then arrival for equal times), not in the
 * table's arrival order: batches of different frames arrive interleaved (a background tab's a
 * second late), a connection's close row is added before the messages of its last batch, and an
 * imported log lands after everything else. Newcomers nearly always come last; the rare late ones
 * are sorted and merged into the tail they belong to (`time-order.ts`), which costs the rows after
 * the insertion point, not the whole view.
 */
import { filterInSlices } from '../../lib/time-slices';
import { isControlEvent, type FilterRow } from '../../query/types';
import type { MessageRecord } from '../../protocol/records';
import type { MessageTable } from './message-table';
import { createTimeOrder } from './time-order';

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
  /** Says which messages are protocol keep-alives, to hide them ("Hide heartbeats"); null = show them. */
  heartbeat: ((message: MessageRecord) => boolean) | null;
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
  heartbeat: null,
};

export interface MessageView {
  /** Row ids in view, in time order (oldest first). */
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
  const order = createTimeOrder(table);
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

  function passes(id: number, c: ViewCriteria): boolean {
    if (!cheapPass(id, c)) return false;
    if (!c.query && !c.heartbeat) return true;
    const row = rowOf(id);
    if (c.heartbeat && !isControlEvent(row) && c.heartbeat(row)) return false;
    return !c.query || c.query(row);
  }

  function refresh(): void {
    order.forgetDropped();
    if (scannedTo < table.firstId) scannedTo = table.firstId;
    if (pending) return; // the running re-test picks newcomers up when it finishes
    const fresh: number[] = [];
    for (let id = scannedTo; id < table.endId; id++) if (passes(id, criteria)) fresh.push(id);
    scannedTo = table.endId;
    order.add(fresh);
  }

  return {
    get count() {
      return order.count;
    },
    get messageCount() {
      return order.count - order.controls;
    },
    idAt: (index) => order.idAt(index),
    indexOfId: (id) => order.indexOfId(id),
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
        const ids: number[] = new Array(matched.length);
        for (let i = 0; i < matched.length; i++) ids[i] = candidates[matched[i]];
        order.reset();
        order.add(ids);
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
