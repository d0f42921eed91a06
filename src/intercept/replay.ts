/**
 * Replaying captured messages: the panel's one replay engine ("Replay" on a message, "Replay
 * several" on picked rows). First a schedule (pure: when each message goes), then a runner that
 * walks it with an injected clock and timer, so tests drive it without waiting.
 *
 *   const schedule = createReplaySchedule(selected, { mode: 'original', scale: 0.5 });
 *   const run = runReplay(schedule, { send: (m) => transport.inject(m) });
 *   run.cancel();  // stops before the next message; `await run.done` says how far it got
 *
 * Every message goes at its own offset from the START of the replay, never "a gap after the
 * previous send was acknowledged": a page that takes 50 ms to confirm each send would otherwise
 * stretch every recorded gap by 50 ms.
 */
import type { MessageRecord } from '../protocol/records';
import type { SocketCommand } from '../protocol/messages';
import type { Timers } from './hold-queue';

/** What replaying one captured message asks of its page: resend a sent one, re-deliver a received one. */
export function replayCommandOf(message: MessageRecord, mark: 'replayed' | 'injected' = 'replayed'): Omit<SocketCommand, 'ref'> {
  return {
    connId: message.connId,
    action: message.dir === 'send' ? 'send' : 'deliver',
    mark,
    ...(message.opcode === 1 ? { text: message.text ?? '' } : { base64: message.base64 ?? '' }),
  };
}

export type ReplaySpacing =
  /**
   * The gaps the messages originally had, times `scale` (0.5 = twice as fast, 0 = all at once),
   * each gap capped at `maxGapMs` when given (a capture with an idle hour in it).
   */
  | { mode: 'original'; scale?: number; maxGapMs?: number }
  /** `delayMs` between consecutive messages. */
  | { mode: 'fixed'; delayMs: number };

export interface ReplayStep<M> {
  /** Milliseconds after the start of the replay. */
  atMs: number;
  message: M;
  /** Position in the schedule. */
  index: number;
}

type Timed = Pick<MessageRecord, 'time' | 'seq'>;

function nonNegative(value: number, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new RangeError(`${what} must be a number, 0 or more`);
  return value;
}

/**
 * Messages in the order they happened (time, then `seq` for equal times: the selection order in
 * a table is not the conversation's order), the first at 0 ms. Throws a RangeError on a
 * negative or non-finite scale, cap or delay (an editor bug, not user data).
 */
export function createReplaySchedule<M extends Timed>(messages: readonly M[], spacing: ReplaySpacing = { mode: 'original' }): ReplayStep<M>[] {
  const ordered = [...messages].sort((a, b) => a.time - b.time || a.seq - b.seq);
  if (spacing.mode === 'fixed') {
    const delay = nonNegative(spacing.delayMs, 'The delay');
    return ordered.map((message, index) => ({ atMs: index * delay, message, index }));
  }
  const scale = nonNegative(spacing.scale ?? 1, 'The scale');
  const cap = spacing.maxGapMs === undefined ? Infinity : nonNegative(spacing.maxGapMs, 'The longest gap');
  let at = 0;
  return ordered.map((message, index) => {
    if (index > 0) at += Math.min(cap, (message.time - ordered[index - 1].time) * scale);
    return { atMs: at, message, index };
  });
}

export type ReplayResult =
  | { status: 'done' | 'cancelled'; sent: number }
  /** `send` threw or rejected (a closed socket): the replay stopped there. */
  | { status: 'failed'; sent: number; error: string };

export interface ReplayRunOptions<M> {
  /**
   * Delivers one message. A returned promise is its acknowledgement: the run is done when every
   * send is acknowledged, and fails at the first that rejects. The next message does not wait
   * for it (its time comes from the schedule), but sends are always made in schedule order.
   */
  send(message: M, step: ReplayStep<M>): void | Promise<void>;
  timers?: Timers;
  now?: () => number;
  /** Acknowledged sends so far, of `total`. */
  onProgress?(sent: number, total: number): void;
}

export interface ReplayRun {
  /** Stops before the next message; sends in progress are not awaited (nor counted). False when already over. */
  cancel(): boolean;
  readonly done: Promise<ReplayResult>;
  /** Acknowledged sends so far. */
  readonly sent: number;
}

const defaultTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

const isPromise = (value: unknown): value is Promise<void> => typeof (value as Promise<void> | undefined)?.then === 'function';

/**
 * Walks the schedule. Each step is timed from the start of the run, not from the previous step
 * nor from its acknowledgement, so slow acknowledgements and timer lateness do not accumulate
 * into drift. Steps that are due are sent at once, in order; the first (at 0 ms) is sent before
 * `runReplay` returns.
 */
export function runReplay<M>(schedule: readonly ReplayStep<M>[], options: ReplayRunOptions<M>): ReplayRun {
  const timers = options.timers ?? defaultTimers;
  const now = options.now ?? Date.now;
  const start = now();
  /** Next step to send. */
  let index = 0;
  /** Acknowledged sends. */
  let sent = 0;
  /** Sends whose acknowledgement has not come yet. */
  let awaiting = 0;
  let over = false;
  let handle: unknown;
  let finish!: (result: ReplayResult) => void;
  const done = new Promise<ReplayResult>((resolve) => (finish = resolve));

  const end = (result: ReplayResult) => {
    if (over) return;
    over = true;
    if (handle !== undefined) timers.clearTimeout(handle);
    handle = undefined;
    finish(result);
  };
  const failed = (e: unknown) => end({ status: 'failed', sent, error: e instanceof Error ? e.message : String(e) });
  const finishWhenAcknowledged = () => {
    if (index >= schedule.length && awaiting === 0) end({ status: 'done', sent });
  };
  const acknowledged = () => {
    sent++;
    try {
      options.onProgress?.(sent, schedule.length);
    } catch {
      // The progress bar is not the replay.
    }
  };

  function sendDue(): void {
    while (!over && index < schedule.length) {
      const current = schedule[index];
      const wait = start + current.atMs - now();
      if (wait > 0) {
        handle = timers.setTimeout(() => {
          handle = undefined;
          sendDue();
        }, wait);
        return;
      }
      index++;
      let result: void | Promise<void>;
      try {
        result = options.send(current.message, current);
      } catch (e) {
        failed(e);
        return;
      }
      if (!isPromise(result)) {
        acknowledged();
        continue;
      }
      awaiting++;
      result.then(
        () => {
          awaiting--;
          if (over) return;
          acknowledged();
          finishWhenAcknowledged();
        },
        (e) => {
          awaiting--;
          failed(e);
        },
      );
    }
    finishWhenAcknowledged();
  }

  const cancel = () => {
    if (over) return false;
    end({ status: 'cancelled', sent });
    return true;
  };
  sendDue();
  return {
    cancel,
    done,
    get sent() {
      return sent;
    },
  };
}
