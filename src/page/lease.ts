/**
 * The hook's lease on the bridge. A message the hook holds waits for a `decide` that only the
 * bridge can send; if the bridge is gone (Firefox destroys a content script's world when the
 * extension is reloaded or removed, and nothing tells the page's world), the message would wait
 * forever, and so would every new one while interception stays on. So while the hook holds
 * messages, or may hold them, it checks that the bridge still answers, and lets everything go
 * when it does not.
 *
 * The hook asks and the bridge answers (`renew` record, `lease` command), rather than the bridge
 * renewing on a timer of its own: both live on the page's main thread, whose timers a browser
 * throttles in background tabs (Chrome aligns them to once a minute in tabs hidden for five
 * minutes, e.g. a page inspected by a panel in another tab). A lease renewed by one throttled
 * timer and checked by another could expire while both sides are fine; a question answered by
 * message is not throttled, so only a missing answer counts.
 *
 * It expires after `misses` checks in a row found no answer (any command from the bridge counts
 * as one): 2-3 check periods after the bridge went away. One check is a timer; no timer runs
 * while nothing needs the bridge. Everything a browser gives is injected (the hook passes its
 * captured natives), so this is unit-tested in Node.
 */

export interface LeaseTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface LeaseOptions {
  timers: LeaseTimers;
  /** Ask the bridge to answer (the hook posts a `renew` record). */
  ask(): void;
  /** The bridge did not answer: let everything go. Called once per expiry; the lease has stopped. */
  expire(): void;
  /** Time between checks. */
  checkMs?: number;
  /** Unanswered checks in a row after which the lease expires. */
  misses?: number;
}

export interface Lease {
  /** Something needs the bridge (interception on, a message held): checks run. Cheap when they do. */
  start(): void;
  /** Nothing needs the bridge any more: no timer is left behind. */
  stop(): void;
  /** The bridge said something: it is there. */
  renewed(): void;
  readonly running: boolean;
}

export const LEASE_CHECK_MS = 1000;
export const LEASE_MISSES = 2;

export function createLease(options: LeaseOptions): Lease {
  const checkMs = options.checkMs ?? LEASE_CHECK_MS;
  const misses = options.misses ?? LEASE_MISSES;
  let running = false;
  let handle: unknown;
  /** Whether the bridge said anything since the last check. */
  let answered = false;
  let missed = 0;

  function check(): void {
    handle = undefined;
    if (answered) missed = 0;
    else missed++;
    if (missed >= misses) {
      running = false;
      options.expire();
      return;
    }
    answered = false;
    handle = options.timers.setTimeout(check, checkMs);
    options.ask();
  }

  return {
    start() {
      if (running) return;
      running = true;
      // Whoever needs the lease now just heard from the bridge (an `intercept` command), or is
      // holding a message while interception is on: the bridge counts as having answered.
      answered = true;
      missed = 0;
      handle = options.timers.setTimeout(check, checkMs);
    },
    stop() {
      if (!running) return;
      running = false;
      options.timers.clearTimeout(handle);
      handle = undefined;
    },
    renewed() {
      answered = true;
    },
    get running() {
      return running;
    },
  };
}
