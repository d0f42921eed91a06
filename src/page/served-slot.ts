/**
 * The hook's end of "Serve from log": where the served sockets (src/page/served-socket.ts) plug in.
 * Their code is a MAIN-world script of its own (extension/page/served.iife.ts) that the background
 * puts into documents only while a tab serves, so that a frame without sockets does not parse it.
 *
 * Until a socket is to be served, every question is answered here without it (`undefined`: not
 * served). At a construction, when the document's serve marker names this document, the slot
 * asks for the served script synchronously (an event on the window, SERVED_ASK_EVENT, whose data
 * is `receive`); its listener, registered before any page script, hands over the factory and
 * hides the event. Natives the served sockets need beyond `n` are taken here, at install time.
 */
import { SERVE_MARKER_KEY, SERVED_ASK_EVENT } from '../protocol/serve';
import type { AnyFn, Natives } from './natives';
import type { Disguise } from './disguise';
import type { ServedSockets } from './served-socket';

/** What the served sockets take from the hook's install time, beyond the natives. */
export interface ServedNatives {
  urlHref: AnyFn;
  urlProtocol: AnyFn;
  urlOrigin: AnyFn;
  TypeError: TypeErrorConstructor;
}

export type ServedFactory = (natives: ServedNatives, n: Natives, disguise: Disguise, proto: object, nativeSend: AnyFn) => ServedSockets;

export function captureServedNatives(win: Window & typeof globalThis, n: Natives): ServedNatives {
  const getter = (name: string) => n.uncurry(n.getOwnPropertyDescriptor(win.URL.prototype, name)!.get as AnyFn);
  return { urlHref: getter('href'), urlProtocol: getter('protocol'), urlOrigin: getter('origin'), TypeError: win.TypeError };
}

export function createServedSlot(win: Window & typeof globalThis, n: Natives, disguise: Disguise, proto: object, nativeSend: AnyFn): ServedSockets {
  'use strict';
  const natives = captureServedNatives(win, n);
  let impl: ServedSockets | undefined;
  const receive = (factory: unknown): void => {
    if (impl === undefined && typeof factory === 'function') impl = (factory as ServedFactory)(natives, n, disguise, proto, nativeSend);
  };

  /** Whether the marker names this document (then the served script is asked for). */
  function markedHere(): boolean {
    try {
      const text = n.sessionItem(SERVE_MARKER_KEY);
      if (text === null) return false;
      const marker = n.jsonParse(text) as { page?: unknown } | null;
      return typeof marker === 'object' && marker !== null && marker.page === n.locationHref();
    } catch {
      return false; // no storage (opaque origin, sandbox), or a marker that is not ours
    }
  }

  return {
    construct(args, newTarget) {
      if (impl === undefined) {
        if (args.length === 0 || !markedHere()) return undefined;
        try {
          n.dispatchEvent(win, new n.MessageEvent(SERVED_ASK_EVENT, { data: receive }));
        } catch {
          return undefined;
        }
        if (impl === undefined) return undefined; // no served script in this document: the network
      }
      return (impl as ServedSockets).construct(args, newTarget);
    },
    scriptOf: (socket) => impl?.scriptOf(socket),
    bind: (socket, no) => impl?.bind(socket, no),
    readyState: (socket) => impl?.readyState(socket),
    url: (socket) => impl?.url(socket),
    protocol: (socket) => impl?.protocol(socket),
    extensions: (socket) => impl?.extensions(socket),
    binaryType: (socket) => impl?.binaryType(socket),
    send: (socket, args) => impl!.send(socket, args),
    close: (socket, args) => impl!.close(socket, args),
    command: (command) => impl !== undefined && impl.command(command),
  };
}
