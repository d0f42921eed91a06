/**
 * Plays a ServeScript to one socket the page opened: the bridge's serve driver creates one per
 * served socket, passes the page's sends and close to it and carries out what it says (open,
 * deliver, close) on the page's fake socket. Pure: the clock is injected.
 *
 *   const player = createServePlayer(script, clock, out);
 *   player.start();            // opens on the next tick, then plays
 *   player.pageSent(data);     // every message the page sends
 *   player.pageClosed(code);   // the page called close()
 *   player.stop();             // no more calls to `out`
 *
 * Modes:
 *   timed           server messages at their recorded offsets from open, divided by `speed`
 *                   (0: as fast as possible), then the recorded close at its offset; an
 *                   answer by id (plan.ts `answers`) is never sent before the page message it
 *                   answers (it would carry an id the page never chose), and what follows waits
 *   conversational  server messages wait for the page message recorded before them
 *                   (greetings and pushes before any page message go right after open); a live
 *                   page message stands for the earliest recorded one not yet answered that it
 *                   matches (match.ts), so a page that sends in another order is still answered
 *
 * In both modes the page's messages are paired with the recorded ones to carry ids (ids.ts);
 * a page message the log does not expect goes to `out.unmatched`. Heartbeats: heartbeats.ts.
 * Everything reaches the page asynchronously (never inside the page's `send()`), a few dozen
 * messages per tick so a long log does not hold the page's thread.
 */
import type { ServeScript } from '../protocol/serve';
import { carryIds, createIdBook, learnIds } from './ids';
import { createPagePairing } from './pairing';
import { parseMessage } from './parse';
import type { ServePayload } from './payload';
import { createServePlan, type PlannedFrame } from './plan';

export interface ServeClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ServeOutput {
  open(protocol: string, extensions: string): void;
  deliver(data: ServePayload): void;
  close(code: number, reason: string, wasClean: boolean): void;
  /** A page message the log does not expect (shown in the panel, answerable from the composer). */
  unmatched(data: ServePayload): void;
}

export interface ServePlayer {
  start(): void;
  pageSent(data: ServePayload): void;
  pageClosed(code?: number, reason?: string): void;
  stop(): void;
}

/** Messages handed to the page per tick. */
const BATCH = 64;

type Outgoing = { kind: 'frame'; planned: PlannedFrame } | { kind: 'answer'; data: ServePayload } | { kind: 'close' };

export function createServePlayer(script: ServeScript, clock: ServeClock, out: ServeOutput): ServePlayer {
  const conversational = script.mode === 'conversational';
  const speed = Number.isFinite(script.speed) && script.speed > 0 ? script.speed : 0;
  const plan = createServePlan(script, !conversational);
  const pairing = createPagePairing(plan);
  const book = createIdBook();

  let phase: 'idle' | 'opening' | 'open' | 'done' = 'idle';
  let openedAt = 0;
  const outbox: Outgoing[] = [];
  let pumpTimer: unknown;
  let playTimer: unknown;
  let keepaliveTimer: unknown;
  /** Timed mode: the next server message (index in plan.server) or, past them, the close. */
  let nextTimed = 0;
  let closeQueued = false;
  /** Timed: the page message the next due answer waits for (-1: none). */
  let waitingFor = -1;

  function finish(): void {
    phase = 'done';
    outbox.length = 0;
    for (const timer of [pumpTimer, playTimer, keepaliveTimer]) if (timer !== undefined) clock.clearTimeout(timer);
    pumpTimer = playTimer = keepaliveTimer = undefined;
  }

  function send(item: Outgoing): void {
    if (item.kind === 'close') {
      const close = script.close!;
      finish();
      out.close(close.code, close.reason, close.wasClean);
    } else if (item.kind === 'answer') {
      out.deliver(item.data);
    } else {
      out.deliver(carryIds(book, item.planned.payload(), item.planned.parsed()));
    }
  }

  function pump(): void {
    pumpTimer = undefined;
    for (let n = 0; n < BATCH && outbox.length > 0 && phase === 'open'; n++) send(outbox.shift()!);
    if (outbox.length > 0 && phase === 'open') pumpTimer = clock.setTimeout(pump, 0);
  }

  function enqueue(item: Outgoing): void {
    if (item.kind === 'close') {
      if (closeQueued) return;
      closeQueued = true;
    }
    outbox.push(item);
    if (pumpTimer === undefined && phase === 'open') pumpTimer = clock.setTimeout(pump, 0);
  }

  function startKeepalive(): void {
    const keepalive = plan.heartbeats.keepalive;
    if (!keepalive || phase !== 'open') return;
    const beat = (): void => {
      keepaliveTimer = clock.setTimeout(beat, keepalive.intervalMs);
      enqueue({ kind: 'answer', data: keepalive.payload });
    };
    keepaliveTimer = clock.setTimeout(beat, keepalive.intervalMs);
  }

  /** Conversational: what waits for page message `index` (-1: for the open). */
  function release(index: number): void {
    for (const planned of plan.server) if (planned.after === index) enqueue({ kind: 'frame', planned });
    if (script.close && plan.closeAfter === index) enqueue({ kind: 'close' });
  }

  function dueAt(at: number): number {
    return speed === 0 ? openedAt : openedAt + at / speed;
  }

  /** Timed: hands over everything due, then waits for the next. */
  function playTimed(): void {
    playTimer = undefined;
    waitingFor = -1;
    const now = clock.now();
    while (nextTimed < plan.server.length && dueAt(plan.server[nextTimed].frame.at) <= now) {
      // An answer waits for the page message it answers (its id is the page's to choose); what
      // follows it waits too, so the order stays the recorded one. pageSent resumes.
      const { answers } = plan.server[nextTimed];
      if (answers >= 0 && !pairing.isPaired(answers)) {
        waitingFor = answers;
        break;
      }
      outbox.push({ kind: 'frame', planned: plan.server[nextTimed++] });
    }
    const close = script.close;
    if (nextTimed === plan.server.length && close && dueAt(close.at) <= now) enqueue({ kind: 'close' });
    pump();
    if (phase !== 'open' || waitingFor >= 0) return;
    const nextAt = nextTimed < plan.server.length ? plan.server[nextTimed].frame.at : close && !closeQueued ? close.at : undefined;
    if (nextAt !== undefined) playTimer = clock.setTimeout(playTimed, Math.max(0, dueAt(nextAt) - now));
    else if (!close) startKeepalive();
  }

  function open(): void {
    if (phase !== 'opening') return;
    phase = 'open';
    openedAt = clock.now();
    out.open(script.protocol, script.extensions);
    if (phase !== 'open') return; // stopped from inside `open`
    if (conversational) {
      release(-1);
      startKeepalive();
    } else {
      playTimer = clock.setTimeout(playTimed, 0);
    }
  }

  function failWithoutOpening(): void {
    const close = script.close;
    finish();
    out.close(close?.code ?? 1006, close?.reason ?? '', false);
  }

  return {
    start() {
      if (phase !== 'idle') return;
      phase = 'opening';
      if (script.neverOpened) {
        const at = script.close?.at ?? 0;
        playTimer = clock.setTimeout(failWithoutOpening, conversational || speed === 0 ? 0 : at / speed);
      } else {
        playTimer = clock.setTimeout(open, 0);
      }
    },
    pageSent(data) {
      if (phase !== 'open') return;
      const live = parseMessage(data, plan.dialect);
      const paired = pairing.pair(live);
      if (paired.kind === 'heartbeat') {
        if (paired.answer !== null) enqueue({ kind: 'answer', data: paired.answer });
      } else if (paired.kind === 'paired') {
        learnIds(book, plan.page[paired.index].parsed(), live);
        if (conversational) release(paired.index);
        else if (waitingFor === paired.index && playTimer === undefined) playTimer = clock.setTimeout(playTimed, 0);
      } else {
        out.unmatched(data);
      }
    },
    pageClosed(code, reason) {
      if (phase === 'done' || phase === 'idle') return;
      const opened = phase === 'open';
      finish();
      // A server answers the page's close frame with the same code: the close is clean. Closed
      // while connecting, a browser fails the connection instead: 1006, not clean.
      playTimer = clock.setTimeout(() => {
        playTimer = undefined;
        if (opened) out.close(code ?? 1005, reason ?? '', true);
        else out.close(1006, '', false);
      }, 0);
    },
    stop() {
      finish();
    },
  };
}
