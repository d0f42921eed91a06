/**
 * The interface between the bridge and the serving engine ("Serve from log", issue 17): the engine
 * (src/serve/, `createServePlayer`) decides what the served server sends and when; the bridge's
 * serve driver (serve-driver.ts) turns its decisions into hook commands and feeds it what the page
 * does. The driver takes the factory as an option, so the engine is chosen where the bridge is
 * built (extension/content/bridge.iife.ts).
 */
import type { ServeScript } from '../protocol/serve';

export interface ServeClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** What the player does to the page's socket. */
export interface ServePlayerOutputs {
  /** The handshake succeeded (call once, first). */
  open(protocol: string, extensions: string): void;
  /** The server sends a message. */
  deliver(data: string | ArrayBuffer): void;
  /** The server closes the connection. */
  close(code: number, reason: string, wasClean: boolean): void;
  /** The page sent something the conversation has no answer for (conversational mode). */
  unmatched(data: string | ArrayBuffer): void;
}

export interface ServePlayer {
  start(): void;
  /** The page sent a message on the served socket. */
  pageSent(data: string | ArrayBuffer): void;
  /** The page called `close()` (the hook finishes the close itself, as a server echoing it). */
  pageClosed(code?: number, reason?: string): void;
  /** The socket is gone or serving stopped: no more outputs, timers cleared. */
  stop(): void;
}

export type CreateServePlayer = (script: ServeScript, clock: ServeClock, out: ServePlayerOutputs) => ServePlayer;
