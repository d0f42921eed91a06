/**
 * MAIN-world script with the served sockets of "Serve from log" (src/page/served-socket.ts), kept
 * out of the hook so that a frame without sockets does not parse it. Present only while some tab
 * serves: registered by the background as a document_start content script of every frame (so it
 * is there before the page's first socket after a reload), and injected by the background into a
 * document before its bridge writes the serve marker there (extension/background/served-script.ts).
 *
 * It only listens: when the hook's slot (src/page/served-slot.ts) meets a construction in a
 * document the marker names, it dispatches SERVED_ASK_EVENT on the window with its `receive`
 * function as `data`; this listener, registered before any page script, hands it the factory and
 * hides the event from every later listener. A second copy in one document (registered and
 * injected) never answers: the first one stops the event.
 */
import { createServedSockets } from '../../src/page/served-socket';
import { SERVED_ASK_EVENT } from '../../src/protocol/serve';

try {
  const { bind, call } = Function.prototype;
  const uncurry = (fn: unknown) => bind.call(call, fn as (...args: unknown[]) => unknown) as (self: unknown, ...args: unknown[]) => unknown;
  const dataOf = uncurry(Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data')!.get);
  const stop = uncurry(Event.prototype.stopImmediatePropagation);
  uncurry(EventTarget.prototype.addEventListener)(
    globalThis,
    SERVED_ASK_EVENT,
    (event: Event) => {
      try {
        const receive = dataOf(event);
        if (typeof receive !== 'function') return;
        stop(event);
        (receive as (factory: typeof createServedSockets) => void)(createServedSockets);
      } catch {
        // Never throw into the page: the socket then goes to the network.
      }
    },
    true,
  );
} catch {
  // The page must never break because of us; without it this document is simply not served.
}
