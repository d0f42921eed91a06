/**
 * How a hook reaches the bridge. In a window (the page hook) it is a private MessageChannel whose
 * far end the bridge takes in a synchronous handshake event; in a worker (the worker hook) it is
 * a MessagePort that whoever created the worker hands over in the worker's first tagged
 * `message` event (src/page/hook-workers.ts on the page side, or the extension's network path),
 * and until it arrives batches wait in a bounded buffer. See docs/ARCHITECTURE.md, "Workers".
 */
import { HOOK_DIALECT_VERSION } from '../protocol/version';
import { HOOK_HANDSHAKE_TAG, HOOK_READY_EVENT, HOOK_WORKER_PORT_TAG } from '../protocol/hook-dialect';
import { bareArray, type AnyFn, type Natives } from './natives';

export interface HookLink {
  /** Posts one message upstream (a batch, usually); never throws. */
  post(message: unknown, transfer?: Transferable[]): void;
  /** Who hears what comes from upstream (commands). */
  onMessage(listener: (event: Event) => void): void;
  /** Flush what is queued when the scope goes away (windows only). */
  onTeardown(listener: () => void): void;
}

/** The page hook's link: a MessageChannel handed to the bridge by a synchronous handshake. */
export function createWindowLink(win: Window & typeof globalThis, n: Natives): HookLink {
  const channel = new n.MessageChannel();
  const port = channel.port1;
  // The handshake hands the bridge its end of the channel: a `message` event on the window with
  // the tag, dispatched synchronously, so that it is over before any page script runs (a posted
  // message would wait in the task queue, where a page could overtake it with a forged one, or a
  // parent could `document.open()` this fresh frame first, erasing the bridge's listener).
  // Whichever content script comes second completes it: the bridge, if already listening, takes
  // the event and cancels it; if not, it announces itself with HOOK_READY_EVENT on starting, and
  // the hook dispatches the same event again.
  // Install time: no page script has run yet, so a plain array literal is safe here.
  const handshake = new n.MessageEvent('message', { data: { [HOOK_HANDSHAKE_TAG]: HOOK_DIALECT_VERSION }, ports: [channel.port2], cancelable: true });
  let handedOver = false;
  const handOver = (): void => {
    if (!handedOver) handedOver = !n.dispatchEvent(win, handshake);
  };
  handOver();
  if (!handedOver) n.addEventListener(win, HOOK_READY_EVENT, handOver, true);
  return {
    post(message, transfer) {
      try {
        n.portPostMessage(port, message, transfer);
      } catch {
        /* the port can only fail while the document is being torn down */
      }
    },
    onMessage(listener) {
      n.addEventListener(port, 'message', listener);
      n.portStart(port);
    },
    onTeardown(listener) {
      // Flush what is queued before the document goes away (navigation, iframe removal).
      n.addEventListener(win, 'pagehide', listener, true);
    },
  };
}

/** Batches kept while a worker waits for its port; past this the oldest go, and are counted. */
export const WORKER_BUFFER_LIMIT = 4096;
/** Batches a shared worker keeps for pages that connect later (the oldest go first). */
export const SHARED_REPLAY_LIMIT = 256;

/**
 * The worker hook's link. Its `message` listener is the scope's first (registered before any
 * worker code runs), so it sees the creator's tagged port message before worker code can, and
 * hides it (stopImmediatePropagation); every other message passes untouched. A shared worker
 * gets one port per connected page, through each `connect` port's first tagged message, and
 * sends every batch to all of them (each tab's panel shows the shared worker's sockets).

 */
export function createWorkerLink(scope: typeof globalThis, n: Natives, shared: boolean): HookLink & { dropped(): number } {
  // Prototype-less arrays: worker code that later replaces Array.prototype never runs here.
  const ports = bareArray<MessagePort>(n);
  let waiting = bareArray<{ message: unknown; transfer?: Transferable[] }>(n);
  let head = 0;
  let dropped = 0;
  let listener: ((event: Event) => void) | undefined;
  const portsOf = n.uncurry(n.getOwnPropertyDescriptor(n.MessageEvent.prototype, 'ports')!.get as AnyFn) as (event: Event) => readonly MessagePort[];
  const removeEventListener = n.uncurry(scope.EventTarget.prototype.removeEventListener) as (target: EventTarget, type: string, listener: AnyFn, capture?: boolean) => void;

  function isTagged(event: Event): MessagePort | undefined {
    let data: unknown;
    try {
      data = n.messageEventData(event);
    } catch {
      return undefined;
    }
    if (typeof data !== 'object' || data === null) return undefined;
    const descriptor = n.getOwnPropertyDescriptor(data, HOOK_WORKER_PORT_TAG);
    if (!descriptor || descriptor.value !== HOOK_DIALECT_VERSION) return undefined;
    const list = portsOf(event);
    return list.length === 1 ? list[0] : undefined;
  }

  const limit = shared ? SHARED_REPLAY_LIMIT : WORKER_BUFFER_LIMIT;

  function keep(message: unknown, transfer?: Transferable[]): void {
    if (waiting.length - head >= limit) {
      const records = (waiting[head].message as { records?: unknown[] }).records;
      // Lost for good only while no page has seen them (a shared worker's later pages miss them).
      if (ports.length === 0) dropped += records ? records.length : 1;
      waiting[head++] = undefined as never;
      if (head > 1024 && head * 2 > waiting.length) {
        const rest = bareArray<{ message: unknown; transfer?: Transferable[] }>(n);
        for (let i = head; i < waiting.length; i++) rest[rest.length] = waiting[i];
        waiting = rest;
        head = 0;
      }
    }
    waiting[waiting.length] = { message, transfer };
  }

  function adopt(port: MessagePort): void {
    ports[ports.length] = port;
    if (listener) n.addEventListener(port, 'message', listener);
    n.portStart(port);
    if (dropped > 0) send(port, { v: HOOK_DIALECT_VERSION, records: [{ k: 'lost', count: dropped }] });
    for (let i = head; i < waiting.length; i++) send(port, waiting[i].message, waiting[i].transfer);
    if (!shared) {
      waiting = bareArray(n);
      head = 0;
    }
    // Tells the creator the worker runs (it may let go of a blob: URL it made for the script).
    if (waiting.length === 0) send(port, { v: HOOK_DIALECT_VERSION, records: [] });
  }

  function send(port: MessagePort, message: unknown, transfer?: Transferable[]): void {
    try {
      n.portPostMessage(port, message, transfer);
    } catch {
      /* a page that went away closes its port */
    }
  }

  if (shared) {
    // Each page's port: the first tagged message on a `connect` port. Listening does not start
    // the port (only `start()` or `onmessage` does), so the worker's own port semantics stay;
    // the tagged message is the first the page hook posted, so it arrives before the page's own.
    const onPortMessage = function (this: MessagePort, event: Event): void {
      const port = isTagged(event);
      if (!port) return;
      n.stopImmediatePropagation(event);
      removeEventListener(this, 'message', onPortMessage, true);
      adopt(port);
    };
    n.addEventListener(
      scope,
      'connect',
      (event: Event) => {
        try {
          const list = portsOf(event);
          if (list.length === 1) n.addEventListener(list[0], 'message', onPortMessage, true);
        } catch {
          /* never break the worker's connect */
        }
      },
      true,
    );
  } else {
    const onScopeMessage = (event: Event): void => {
      const port = isTagged(event);
      if (!port) return;
      n.stopImmediatePropagation(event);
      removeEventListener(scope, 'message', onScopeMessage, true);
      adopt(port);
    };
    n.addEventListener(scope, 'message', onScopeMessage, true);
  }

  return {
    post(message, transfer) {
      // A shared worker keeps its latest batches for the pages that connect later (each tab's
      // panel shows the shared worker's sockets); copied to each port, never moved (one buffer
      // cannot go twice, and the kept copy must stay whole).
      if (shared || ports.length === 0) keep(message, shared ? undefined : transfer);
      if (ports.length === 0) return;
      if (!shared) send(ports[0], message, transfer);
      else for (let i = 0; i < ports.length; i++) send(ports[i], message);
    },
    onMessage(next) {
      listener = next;
      for (let i = 0; i < ports.length; i++) n.addEventListener(ports[i], 'message', next);
    },
    onTeardown() {
      /* a worker has no pagehide; its batches go within flushIntervalMs */
    },
    dropped: () => dropped,
  };
}
