/**
 * The bridge's side of "Serve from log" (issue 17). The router sends the scripts the tab serves
 * (`serve` message, on each change and on every hello); the driver
 * - keeps the document's serve marker (src/protocol/serve.ts) in step with them, so that the hook
 *   can decide synchronously, at construction, which sockets to serve (removing a marker written
 *   for another document: navigating elsewhere returns to the network);
 * - runs one player (the engine's `createServePlayer`) per served socket the hook reports, and
 *   turns its outputs into hook commands (`serveOpen`, `serveMessage`, `serveClose`, `serveFail`);
 * - feeds the player what the page sends on the socket and its `close()`.
 * When serving stops (unserve, the last panel gone, the tab navigating elsewhere), sockets still
 * served are closed as by a server going away: 1001, clean.
 */
import type { HookCommand } from '../protocol/hook-dialect';
import type { ServeMarker, ServeScript } from '../protocol/serve';
import type { CreateServePlayer, ServeClock, ServePlayer } from './serve-player';

/** The document's sessionStorage entry for the marker (absent where the document has no storage). */
export interface ServeMarkerStore {
  read(): string | null;
  write(text: string): void;
  remove(): void;
}

export interface ServeDriverOptions {
  /** The document's address now (the marker is valid for this document only). */
  pageUrl(): string;
  marker?: ServeMarkerStore;
  clock: ServeClock;
  createPlayer: CreateServePlayer;
  toHook(command: HookCommand): boolean;
  /** How long a served socket waits for the router's scripts before it fails (default 5 s). */
  waitMs?: number;
  /**
   * Makes sure the page's served-socket script is in this document (the background injects it,
   * extension/background/served-script.ts): the first marker is written once it settles, so the
   * hook never meets a marker without it. Absent: the marker is written at once.
   */
  prepare?(): Promise<unknown>;
}

export interface ServeDriver {
  /** Every script the tab serves now (the router's `serve` message). */
  setScripts(scripts: ServeScript[]): void;
  /** The hook constructed a served socket. */
  created(no: number, scriptId: string): void;
  /** The page sent a message on a served socket (not discarded). */
  pageSent(no: number, data: string | ArrayBuffer): void;
  /** The page called `close()` on a served socket. */
  pageClosing(no: number): void;
  /** A served socket closed (for whatever reason). */
  closed(no: number, code?: number, reason?: string): void;
  /** Whether `no` is a served socket this driver plays. */
  serves(no: number): boolean;
}

/** Code and reason a served socket closes with when serving stops: a server going away. */
export const SERVING_STOPPED = { code: 1001, reason: '', wasClean: true } as const;

interface Socket {
  scriptId: string;
  player?: ServePlayer;
  waiting?: unknown;
  pageClosing: boolean;
}

export function createServeDriver(options: ServeDriverOptions): ServeDriver {
  let scripts: Map<string, ServeScript> | undefined;
  const sockets = new Map<number, Socket>();
  const waitMs = options.waitMs ?? 5000;

  // A marker left by another document of this tab and origin (navigated away and back, or a
  // pushState since it was written) is not this document's: remove it.
  try {
    const text = options.marker?.read();
    if (text != null && (JSON.parse(text) as Partial<ServeMarker> | null)?.page !== options.pageUrl()) options.marker?.remove();
  } catch {
    options.marker?.remove();
  }

  /** undefined: not asked yet; false: on its way; true: the first marker may be written. */
  let prepared: boolean | undefined = options.prepare ? undefined : true;

  function writeMarker(): void {
    const marker = options.marker;
    if (!marker || !scripts) return;
    try {
      if (scripts.size === 0) return marker.remove();
      if (prepared !== true) {
        if (prepared === undefined) {
          prepared = false;
          const settle = (): void => {
            prepared = true;
            writeMarker();
          };
          try {
            options.prepare!().then(settle, settle);
          } catch {
            settle();
          }
        }
        return;
      }
      const list = [...scripts.values()];
      const value: ServeMarker = { page: options.pageUrl(), patterns: list.map((s) => s.pattern), ids: list.map((s) => s.id) };
      marker.write(JSON.stringify(value));
    } catch {
      /* no storage (opaque origin) or full: this document is not served */
    }
  }

  function fail(no: number): void {
    sockets.delete(no);
    options.toHook({ k: 'serveFail', id: no });
  }

  function play(no: number, socket: Socket): void {
    const script = scripts?.get(socket.scriptId);
    if (!script || script.neverOpened) return fail(no);
    const current = (): boolean => sockets.get(no) === socket;
    socket.player = options.createPlayer(script, options.clock, {
      open: (protocol, extensions) => void (current() && options.toHook({ k: 'serveOpen', id: no, protocol, extensions })),
      // A copy: the buffer moves to the page (transferred), and the player may play it again.
      deliver: (data) => void (current() && options.toHook({ k: 'serveMessage', id: no, data: typeof data === 'string' ? data : data.slice(0) })),
      close: (code, reason, wasClean) => void (current() && options.toHook({ k: 'serveClose', id: no, code, reason, wasClean })),
      unmatched: () => {
        /* the page's message is in the log; the player has no answer for it */
      },
    });
    socket.player.start();
  }

  function stopServing(no: number, socket: Socket): void {
    socket.player?.stop();
    if (socket.waiting !== undefined) options.clock.clearTimeout(socket.waiting);
    sockets.delete(no);
    options.toHook({ k: 'serveClose', id: no, ...SERVING_STOPPED });
  }

  return {
    setScripts(list) {
      scripts = new Map(list.map((s) => [s.id, s]));
      writeMarker();
      for (const [no, socket] of [...sockets]) {
        if (!scripts.has(socket.scriptId)) stopServing(no, socket);
        else if (!socket.player) {
          if (socket.waiting !== undefined) options.clock.clearTimeout(socket.waiting);
          socket.waiting = undefined;
          play(no, socket);
        }
      }
    },
    created(no, scriptId) {
      const socket: Socket = { scriptId, pageClosing: false };
      sockets.set(no, socket);
      if (scripts) return play(no, socket);
      // The document just loaded: the router's scripts are on their way (answer to our hello).
      socket.waiting = options.clock.setTimeout(() => {
        if (sockets.get(no) === socket && !socket.player) fail(no);
      }, waitMs);
    },
    pageSent(no, data) {
      sockets.get(no)?.player?.pageSent(data);
    },
    pageClosing(no) {
      const socket = sockets.get(no);
      if (socket) socket.pageClosing = true;
    },
    closed(no, code, reason) {
      const socket = sockets.get(no);
      if (!socket) return;
      sockets.delete(no);
      if (socket.waiting !== undefined) options.clock.clearTimeout(socket.waiting);
      if (socket.pageClosing) socket.player?.pageClosed(code, reason);
      socket.player?.stop();
    },
    serves: (no) => sockets.has(no),
  };
}
