/**
 * The rows of a message view in the order they happened: by time, then by row id (arrival) for
 * equal times. The table keeps arrival order, which is not time order when several frames or
 * connections are shown together: every frame batches its own traffic, so a batch of one frame
 * can bring messages older than the last one shown from another (29.018 then 29.012), and a
 * background tab's batches come up to a second late.
 *
 * Cost at a million rows: a newcomer later than the last row (nearly all of them) is appended; a
 * group with late rows is sorted (insertion, near-linear on near-sorted rows) and merged into the
 * rows after the earliest of them, so the work is that tail, not the view. Rows
 * the table drops are the oldest by id; a second list in id order (ids are added ascending) says
 * how many of them the view held, and they are taken out of the time order from its start, where
 * the oldest rows are.
 */
import type { MessageTable } from './message-table';

export interface TimeOrder {
  readonly count: number;
  /** Connection events (open, close, error) among the rows. */
  readonly controls: number;
  idAt(index: number): number;
  /** Position of a row in time order, -1 when it is not there. */
  indexOfId(id: number): number;
  /**
   * Takes in rows, given in ascending id order, each newer (by id) than any added before. Sorts
   * `ids` in place (the caller's array, made for this).
   */
  add(ids: number[]): void;
  /** Lets go of rows the table dropped. */
  forgetDropped(): void;
  /** Empties the order (a new filter is about to fill it). */
  reset(): void;
}

const INITIAL = 1024;

export function createTimeOrder(table: Pick<MessageTable, 'time' | 'opcode' | 'firstId' | 'has'>): TimeOrder {
  /** Row ids in time order: order[head..tail). */
  let order = new Uint32Array(INITIAL);
  let head = 0;
  let tail = 0;
  /** The same ids in arrival (id) order, and which of them are connection events: byId[idHead..idTail). */
  let byId = new Uint32Array(INITIAL);
  let isControl = new Uint8Array(INITIAL);
  let idHead = 0;
  let idTail = 0;
  let controls = 0;

  /** Negative when row `a` comes before row `b`. */
  function compare(a: number, b: number): number {
    const ta = table.time(a);
    const tb = table.time(b);
    if (ta < tb) return -1;
    if (ta > tb) return 1;
    return a - b;
  }

  function roomForOrder(extra: number): void {
    if (tail + extra <= order.length) return;
    const live = tail - head;
    const size = Math.max(INITIAL, (live + extra) * 2);
    if (size <= order.length) order.copyWithin(0, head, tail);
    else {
      const next = new Uint32Array(size);
      next.set(order.subarray(head, tail));
      order = next;
    }
    head = 0;
    tail = live;
  }

  function roomForIds(extra: number): void {
    if (idTail + extra <= byId.length) return;
    const live = idTail - idHead;
    const size = Math.max(INITIAL, (live + extra) * 2);
    if (size <= byId.length) {
      byId.copyWithin(0, idHead, idTail);
      isControl.copyWithin(0, idHead, idTail);
    } else {
      const ids = new Uint32Array(size);
      const flags = new Uint8Array(size);
      ids.set(byId.subarray(idHead, idTail));
      flags.set(isControl.subarray(idHead, idTail));
      byId = ids;
      isControl = flags;
    }
    idHead = 0;
    idTail = live;
  }

  /**
   * Sorts rows in place. Frames' batches interleave by a few rows, so rows are nearly always
   * close to their place: insertion costs what they are out of place, on times read once into
   * an array. Past a budget (two imported logs over the same hours) the engine's sort takes over,
   * with the part already done.
   */
  function sortByTime(ids: number[]): void {
    const n = ids.length;
    const times = new Float64Array(n);
    for (let i = 0; i < n; i++) times[i] = table.time(ids[i]);
    let budget = n * 8 + 1024;
    for (let i = 1; i < n; i++) {
      const id = ids[i];
      const time = times[i];
      let j = i - 1;
      // Ids are ascending on entry, so among equal times the earlier one is already first.
      while (j >= 0 && times[j] > time) {
        ids[j + 1] = ids[j];
        times[j + 1] = times[j];
        j--;
        budget--;
      }
      ids[j + 1] = id;
      times[j + 1] = time;
      if (budget < 0) {
        ids.sort(compare);
        return;
      }
    }
  }

  /** First position in order[head..tail) whose row comes after `id`. */
  function firstAfter(id: number): number {
    let lo = head;
    let hi = tail;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(order[mid], id) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  return {
    get count() {
      return tail - head;
    },
    get controls() {
      return controls;
    },
    idAt: (index) => order[head + index],
    indexOfId(id) {
      if (!table.has(id)) return -1;
      let lo = head;
      let hi = tail - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const c = compare(order[mid], id);
        if (c === 0) return mid - head;
        if (c < 0) lo = mid + 1;
        else hi = mid - 1;
      }
      return -1;
    },
    add(ids) {
      if (ids.length === 0) return;
      roomForIds(ids.length);
      for (const id of ids) {
        byId[idTail] = id;
        const control = table.opcode(id) === 0 ? 1 : 0;
        isControl[idTail++] = control;
        controls += control;
      }
      roomForOrder(ids.length);
      sortByTime(ids);
      if (tail === head || compare(order[tail - 1], ids[0]) < 0) {
        for (const id of ids) order[tail++] = id;
        return;
      }
      const late = ids;
      // Merge the rows after the earliest newcomer with the newcomers, in place from there.
      const from = firstAfter(late[0]);
      const after = order.slice(from, tail);
      let a = 0;
      let b = 0;
      let write = from;
      while (a < after.length && b < late.length) order[write++] = compare(after[a], late[b]) < 0 ? after[a++] : late[b++];
      while (a < after.length) order[write++] = after[a++];
      while (b < late.length) order[write++] = late[b++];
      tail = write;
    },
    forgetDropped() {
      const first = table.firstId;
      let dropped = 0;
      while (idHead < idTail && byId[idHead] < first) {
        controls -= isControl[idHead];
        idHead++;
        dropped++;
      }
      if (dropped === 0) return;
      // The dropped rows are the oldest: near the start of the time order (an imported log older
      // than them puts them further in, and the scan then costs its rows). Take them out and
      // move the few rows kept among them up, next to the rest.
      let read = head;
      let write = head;
      let removed = 0;
      while (removed < dropped && read < tail) {
        const id = order[read++];
        if (id < first) removed++;
        else order[write++] = id;
      }
      order.copyWithin(head + (read - write), head, write);
      head += read - write;
    },
    reset() {
      order = new Uint32Array(INITIAL);
      byId = new Uint32Array(INITIAL);
      isControl = new Uint8Array(INITIAL);
      head = tail = idHead = idTail = controls = 0;
    },
  };
}
