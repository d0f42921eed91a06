/**
 * Holding messages while the user decides, without reordering anything.
 *
 * Design: one FIFO lane per (connection, direction). A WebSocket is one ordered stream each way,
 * and page code relies on that order (a "subscribe" before its "unsubscribe", a snapshot before
 * its deltas), so once a message of a lane is held, every later message of that lane queues
 * behind it, whether or not it matches a breakpoint. Lanes are independent: pausing an outgoing
 * message never holds incoming ones, nor another connection's.
 *
 *   offer(m)        lane empty and no breakpoint matches: 'deliver-now', the caller delivers m
 *                   itself (the hot path costs one Map lookup and the matcher);
 *                   otherwise 'held': m is paused (it matched) or waits behind the lane's head,
 *                   and reaches `onDeliver` later, in lane order.
 *   forward(id, p?) the paused message goes on, with payload p if the user edited it; the lane
 *                   then drains until the next message that matches a breakpoint.
 *   drop(id)        the message goes nowhere (`onDrop`); the lane drains.
 *   releaseAll()    everything goes on in order (edits the user already made are kept) and
 *                   breakpoints are disarmed: call it when the panel closes, so a page is never
 *                   left waiting for a decision nobody can make.
 *
 * Breakpoints are evaluated when a message reaches the head of its lane, with the matcher in
 * force then: switching a breakpoint off lets waiting messages flow, while a message already
 * paused stays paused until the user acts (as a debugger does). A waiting message can be decided
 * early: forwarding (or editing) it means it will not pause, dropping it removes it.
 *
 * `offer(m, { delayMs })` holds m for a delay (a rule's) in the same lane, so a delayed message
 * also delays the ones behind it -- as latency on one TCP stream does -- instead of being
 * overtaken. The delay runs from the offer, not from reaching the head.
 */
import type { Direction, MessageRecord } from '../protocol/records';
import { samePayload, payloadOf, withPayload } from './payload-edit';
import type { HoldState, InterceptMarks, Payload } from '../protocol/intercept';

/** Which breakpoint pauses a message (`undefined`: none). */
export type BreakpointMatcher = (message: MessageRecord) => BreakpointRef | undefined;

export interface BreakpointRef {
  id: string;
  name: string;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** A message in a lane, with the message itself (the bridge reports it to the panel as a `HeldMessage`). */
export interface LaneMessage<M extends MessageRecord = MessageRecord> {
  holdId: string;
  connId: string;
  dir: Direction;
  message: M;
  /** paused: matched a breakpoint, waiting for the user. waiting: behind another message of its
   * lane. delayed: a rule's delay is running. */
  state: HoldState;
  /** When it was offered (`now()`). */
  since: number;
  breakpoint?: BreakpointRef;
  /** The user already decided to forward it (with `edited` when the payload was changed). */
  decided?: { edited: boolean };
}

export type DeliveryReason = 'forwarded' | 'released' | 'queued' | 'delayed' | 'overflow';

export interface DeliveryInfo {
  holdId: string;
  reason: DeliveryReason;
  /** `{ edited: true }` when the user changed the payload; `{}` otherwise. */
  marks: InterceptMarks;
}

export type HoldEvent<M extends MessageRecord = MessageRecord> =
  | { type: 'paused'; held: LaneMessage<M> }
  | { type: 'queued'; held: LaneMessage<M> }
  | { type: 'delivered'; holdId: string; connId: string; dir: Direction; reason: DeliveryReason; edited: boolean }
  | { type: 'dropped'; holdId: string; connId: string; dir: Direction }
  | { type: 'released'; count: number }
  /** A lane grew past `maxPerLane`: it was released to bound memory (the pause is lost). */
  | { type: 'overflow'; connId: string; dir: Direction; count: number }
  | { type: 'deliver-failed'; holdId: string; error: string };

export interface HoldQueueOptions<M extends MessageRecord = MessageRecord> {
  onDeliver(connId: string, dir: Direction, message: M, info: DeliveryInfo): void;
  onDrop?(connId: string, dir: Direction, message: M, info: { holdId: string; marks: InterceptMarks }): void;
  now?: () => number;
  matcher?: BreakpointMatcher;
  /** For delays (default: the global setTimeout/clearTimeout). */
  timers?: Timers;
  /** Most messages one lane may hold (default 10,000) before it is released. */
  maxPerLane?: number;
}

export interface OfferOptions {
  /** Hold this long first (a delay rule), keeping lane order. */
  delayMs?: number;
  /** Never pause this message (injected, replayed, auto-replies); it still keeps lane order. */
  breakpoints?: boolean;
}

export interface HoldQueue<M extends MessageRecord = MessageRecord> {
  /**
   * 'deliver-now': the caller delivers `message` itself, now. 'held': the queue owns it and
   * calls `onDeliver` (or `onDrop`) later -- possibly before `offer` returns, when the lane is
   * being drained re-entrantly or overflows.
   */
  offer(message: M, options?: OfferOptions): 'deliver-now' | 'held';
  /** False when `holdId` is not held (already delivered or dropped). */
  forward(holdId: string, edited?: Payload): boolean;
  drop(holdId: string): boolean;
  /** Forwards every held message in lane order; with `disarm` (default) also clears the matcher. */
  releaseAll(options?: { disarm?: boolean }): number;
  /** Forwards everything held for one connection (before its close reaches the page). */
  releaseConnection(connId: string): number;
  setMatcher(matcher: BreakpointMatcher | undefined): void;
  /** Everything held, in the order it was offered. */
  held(): LaneMessage<M>[];
  readonly size: number;
  subscribe(listener: (event: HoldEvent<M>) => void): () => void;
}

interface Entry<M extends MessageRecord> {
  holdId: string;
  order: number;
  message: M;
  since: number;
  state: HoldState;
  breakpoint?: BreakpointRef;
  /** Breakpoints apply to it (false for injected, replayed and auto-reply messages). */
  pausable: boolean;
  /** The matcher was asked already: a message is checked once, when it reaches the head. */
  checked: boolean;
  decision?: { payload?: Payload; reason: DeliveryReason };
  timer?: unknown;
}

interface Lane<M extends MessageRecord> {
  connId: string;
  dir: Direction;
  entries: Entry<M>[];
  draining: boolean;
}

const laneKey = (connId: string, dir: Direction) => `${dir}\u0000${connId}`;

export function createHoldQueue<M extends MessageRecord = MessageRecord>(options: HoldQueueOptions<M>): HoldQueue<M> {
  const now = options.now ?? Date.now;
  const timers: Timers = options.timers ?? {
    setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
  };
  const maxPerLane = options.maxPerLane ?? 10_000;
  let matcher = options.matcher;
  const lanes = new Map<string, Lane<M>>();
  const where = new Map<string, Lane<M>>(); // holdId -> its lane
  const listeners = new Set<(event: HoldEvent<M>) => void>();
  let nextId = 1;
  let size = 0;

  const emit = (event: HoldEvent<M>) => {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch {
        // A broken UI listener must not stop traffic.
      }
    }
  };

  const view = (lane: Lane<M>, e: Entry<M>): LaneMessage<M> => {
    const held: LaneMessage<M> = { holdId: e.holdId, connId: lane.connId, dir: lane.dir, message: e.message, state: e.state, since: e.since };
    if (e.breakpoint) held.breakpoint = e.breakpoint;
    if (e.decision) held.decided = { edited: e.decision.payload !== undefined };
    return held;
  };

  /** A matcher that throws counts as "no breakpoint": traffic must never stop on a bug. */
  function breakpointFor(message: M): BreakpointRef | undefined {
    try {
      return matcher?.(message);
    } catch {
      return undefined;
    }
  }

  function pause(lane: Lane<M>, entry: Entry<M>, breakpoint: BreakpointRef): void {
    entry.state = 'paused';
    entry.breakpoint = breakpoint;
    emit({ type: 'paused', held: view(lane, entry) });
  }

  function add(lane: Lane<M>, message: M, state: HoldState, pausable: boolean): Entry<M> {
    const entry: Entry<M> = { holdId: `h${nextId}`, order: nextId++, message, since: now(), state, pausable, checked: false };
    lane.entries.push(entry);
    where.set(entry.holdId, lane);
    size++;
    return entry;
  }

  function remove(lane: Lane<M>, entry: Entry<M>): void {
    const index = lane.entries.indexOf(entry);
    if (index !== -1) lane.entries.splice(index, 1);
    where.delete(entry.holdId);
    size--;
    if (entry.timer !== undefined) {
      timers.clearTimeout(entry.timer);
      entry.timer = undefined;
    }
  }

  function deliver(lane: Lane<M>, entry: Entry<M>, reason: DeliveryReason): void {
    remove(lane, entry);
    let message = entry.message;
    let edited = false;
    const payload = entry.decision?.payload;
    if (payload && !samePayload(payload, payloadOf(message))) {
      message = withPayload(message, payload);
      edited = true;
    }
    try {
      options.onDeliver(lane.connId, lane.dir, message, { holdId: entry.holdId, reason, marks: edited ? { edited: true } : {} });
    } catch (e) {
      emit({ type: 'deliver-failed', holdId: entry.holdId, error: e instanceof Error ? e.message : String(e) });
    }
    emit({ type: 'delivered', holdId: entry.holdId, connId: lane.connId, dir: lane.dir, reason, edited });
  }

  /**
   * Delivers from the head until something must wait. Re-entrant offers (an `onDeliver` that
   * makes the page send on the same lane) find the lane still present and queue behind; this
   * loop then delivers them too, in order.
   */
  function drain(lane: Lane<M>): void {
    if (lane.draining) return;
    lane.draining = true;
    try {
      while (lane.entries.length) {
        const head = lane.entries[0];
        if (head.decision) {
          deliver(lane, head, head.decision.reason);
          continue;
        }
        if (head.timer !== undefined || head.state === 'paused') break;
        if (head.pausable && !head.checked) {
          head.checked = true;
          const breakpoint = breakpointFor(head.message);
          if (breakpoint) {
            pause(lane, head, breakpoint);
            break;
          }
        }
        deliver(lane, head, head.state === 'delayed' ? 'delayed' : 'queued');
      }
    } finally {
      lane.draining = false;
      if (lane.entries.length === 0) lanes.delete(laneKey(lane.connId, lane.dir));
    }
  }

  function releaseLane(lane: Lane<M>, reason: DeliveryReason): number {
    const count = lane.entries.length;
    for (const entry of lane.entries) {
      if (entry.timer !== undefined) {
        timers.clearTimeout(entry.timer);
        entry.timer = undefined;
      }
      entry.decision = { payload: entry.decision?.payload, reason: entry.decision ? entry.decision.reason : reason };
    }
    drain(lane);
    return count;
  }

  return {
    offer(message, offerOptions = {}) {
      const key = laneKey(message.connId, message.dir);
      const delayMs = offerOptions.delayMs ?? 0;
      const pausable = offerOptions.breakpoints !== false;
      let lane = lanes.get(key);
      let breakpoint: BreakpointRef | undefined;
      if (!lane) {
        // The hot path: nothing held on this lane. Asked once here, so not again in `drain`.
        breakpoint = delayMs <= 0 && pausable ? breakpointFor(message) : undefined;
        if (delayMs <= 0 && !breakpoint) return 'deliver-now';
        lane = { connId: message.connId, dir: message.dir, entries: [], draining: false };
        lanes.set(key, lane);
      }
      const entry = add(lane, message, delayMs > 0 ? 'delayed' : 'waiting', pausable);
      if (breakpoint) {
        entry.checked = true;
        pause(lane, entry, breakpoint);
        return 'held';
      }
      if (delayMs > 0) {
        const owner = lane;
        entry.timer = timers.setTimeout(() => {
          entry.timer = undefined;
          if (owner.entries[0] === entry) drain(owner);
        }, delayMs);
      }
      if (lane.entries.length > maxPerLane) {
        emit({ type: 'overflow', connId: lane.connId, dir: lane.dir, count: lane.entries.length });
        releaseLane(lane, 'overflow');
        return 'held';
      }
      emit({ type: 'queued', held: view(lane, entry) });
      // Only during a re-entrant drain can a new entry be first of its lane without a delay.
      if (lane.entries[0] === entry) drain(lane);
      return 'held';
    },

    forward(holdId, edited) {
      const lane = where.get(holdId);
      const entry = lane?.entries.find((e) => e.holdId === holdId);
      if (!lane || !entry) return false;
      if (entry.timer !== undefined) {
        // The user said "go": the rest of a rule's delay is skipped.
        timers.clearTimeout(entry.timer);
        entry.timer = undefined;
      }
      entry.decision = { payload: edited, reason: 'forwarded' };
      if (lane.entries[0] === entry) drain(lane);
      return true;
    },

    drop(holdId) {
      const lane = where.get(holdId);
      const entry = lane?.entries.find((e) => e.holdId === holdId);
      if (!lane || !entry) return false;
      const wasHead = lane.entries[0] === entry;
      remove(lane, entry);
      try {
        options.onDrop?.(lane.connId, lane.dir, entry.message, { holdId, marks: { dropped: true } });
      } catch {
        // Recording a drop is best effort; the lane must still move on.
      }
      emit({ type: 'dropped', holdId, connId: lane.connId, dir: lane.dir });
      if (wasHead || lane.entries.length === 0) drain(lane);
      return true;
    },

    releaseAll({ disarm = true } = {}) {
      if (disarm) matcher = undefined;
      let count = 0;
      for (const lane of [...lanes.values()]) count += releaseLane(lane, 'released');
      if (count) emit({ type: 'released', count });
      return count;
    },

    releaseConnection(connId) {
      let count = 0;
      for (const dir of ['send', 'receive'] as const) {
        const lane = lanes.get(laneKey(connId, dir));
        if (lane) count += releaseLane(lane, 'released');
      }
      if (count) emit({ type: 'released', count });
      return count;
    },

    setMatcher(next) {
      matcher = next;
    },

    held() {
      const out: { order: number; held: LaneMessage<M> }[] = [];
      for (const lane of lanes.values()) for (const e of lane.entries) out.push({ order: e.order, held: view(lane, e) });
      return out.sort((a, b) => a.order - b.order).map((x) => x.held);
    },

    get size() {
      return size;
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
