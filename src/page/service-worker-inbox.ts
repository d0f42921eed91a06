/**
 * The page hook's end of the service worker channel (service-worker-link.ts is the other): the
 * first `message` listener on `navigator.serviceWorker`, installed at document_start before any
 * page script, takes the one tagged message each service worker's hook posts to this window with
 * a MessagePort, hides it (stopImmediatePropagation: the page's own listeners and `onmessage`
 * never see it), and relays the batches that then come over that port up this frame's link,
 * labelled with the service worker's script URL (`ctx.kind = 'serviceworker'`, `w = s<n>`).
 * Commands for those sockets (`w` starting with `s`) go back down the same port.
 *
 * Only a trusted event (`isTrusted`, which page code cannot fake with dispatchEvent) whose source
 * is a ServiceWorker is taken. A service worker of the page's own origin could still post a
 * look-alike message: it can only add records to this tab's own log, labelled as its own.
 */
import { HOOK_DIALECT_VERSION } from '../protocol/version';
import { HOOK_SW_PORT_TAG, type HookBatch, type HookCommand } from '../protocol/hook-dialect';
import type { HookLink } from './hook-link';
import { bareArray, type AnyFn, type Natives } from './natives';
import type { WorkerRelay } from './hook-workers';

export function listenToServiceWorkers(win: typeof globalThis, n: Natives, link: HookLink): WorkerRelay | undefined {
  const w = win as typeof globalThis & { ServiceWorker?: { prototype: object }; ServiceWorkerContainer?: { prototype: object } };
  if (!w.ServiceWorker || !w.ServiceWorkerContainer) return undefined;
  let container: EventTarget | undefined;
  try {
    // Insecure contexts have no `serviceWorker`; sandboxed frames may throw.
    container = (win.navigator as { serviceWorker?: EventTarget }).serviceWorker;
  } catch {
    return undefined;
  }
  if (!container) return undefined;
  const sourceOf = n.uncurry(n.getOwnPropertyDescriptor(n.MessageEvent.prototype, 'source')!.get as AnyFn) as (event: Event) => unknown;
  const portsOf = n.uncurry(n.getOwnPropertyDescriptor(n.MessageEvent.prototype, 'ports')!.get as AnyFn) as (event: Event) => readonly MessagePort[];
  const scriptUrlOf = n.uncurry(n.getOwnPropertyDescriptor(w.ServiceWorker.prototype, 'scriptURL')!.get as AnyFn) as (worker: unknown) => string;
  const indexOf = n.uncurry(win.String.prototype.indexOf) as (s: string, search: string) => number;
  const ports = bareArray<MessagePort>(n);

  /** The worker's script URL when `event` is a real service worker's tagged port message. */
  function tagged(event: Event): { url: string; port: MessagePort } | undefined {
    // `isTrusted` is an unforgeable own accessor of each event: read it through its own getter.
    const trusted = n.getOwnPropertyDescriptor(event, 'isTrusted');
    if (!trusted || !trusted.get || n.apply(trusted.get, event, []) !== true) return undefined;
    const data = n.messageEventData(event);
    if (typeof data !== 'object' || data === null) return undefined;
    const descriptor = n.getOwnPropertyDescriptor(data, HOOK_SW_PORT_TAG);
    if (!descriptor || descriptor.value !== HOOK_DIALECT_VERSION) return undefined;
    const list = portsOf(event);
    if (list.length !== 1) return undefined;
    const url = scriptUrlOf(sourceOf(event)); // throws unless the source is a ServiceWorker
    return typeof url === 'string' ? { url, port: list[0] } : undefined;
  }

  function relay(port: MessagePort, url: string): void {
    ports[ports.length] = port;
    const w = `s${ports.length}`;
    n.addEventListener(port, 'message', (event: Event) => {
      try {
        const batch = n.messageEventData(event) as HookBatch;
        if (typeof batch !== 'object' || batch === null) return;
        link.post({ v: batch.v, records: batch.records, ctx: { w, kind: 'serviceworker', url, shared: true }, packed: batch.packed });
      } catch {
        /* a malformed batch is dropped */
      }
    });
    n.portStart(port);
  }

  n.addEventListener(
    container,
    'message',
    (event: Event) => {
      try {
        const found = tagged(event);
        if (!found) return;
        n.stopImmediatePropagation(event);
        relay(found.port, found.url);
      } catch {
        /* never throw into the page's event dispatch */
      }
    },
    true,
  );

  return (command: HookCommand) => {
    if (command.k === 'config') {
      for (let i = 0; i < ports.length; i++) n.portPostMessage(ports[i], command);
      return false;
    }
    if ((command.k !== 'send' && command.k !== 'deliver') || typeof command.w !== 'string' || indexOf(command.w, 's') !== 0) return false;
    const port = ports[+n.stringSlice(command.w, 1, command.w.length) - 1];
    delete command.w;
    if (port) n.portPostMessage(port, command);
    return true;
  };
}
