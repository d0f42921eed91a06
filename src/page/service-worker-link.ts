/**
 * The worker hook's link in a service worker, which has no creator to hand it a port: it reaches
 * its window clients itself. On the first batch and then at most once a second while batches
 * come, it lists the clients (`clients.matchAll({ includeUncontrolled: true, type: 'window' })`,
 * so the page that is registering it counts before it is controlled) and gives each new one a
 * private MessagePort in one tagged message (HOOK_SW_PORT_TAG), which the page hook takes and
 * hides (service-worker-inbox.ts). Batches go to every client (copied), commands come back over
 * the same ports. Sockets opened while no client exists wait in a bounded buffer (the first
 * client gets them; past the limit the oldest go, and are counted in a `lost` record).
 *
 * Every native is taken at install time, before the service worker's own code runs.
 */
import { HOOK_DIALECT_VERSION } from '../protocol/version';
import { HOOK_SW_PORT_TAG } from '../protocol/hook-dialect';
import type { HookLink } from './hook-link';
import { bareArray, type AnyFn, type Natives } from './natives';

/** Batches kept while no client can take them; past this the oldest go, and are counted. */
export const SERVICE_WORKER_BUFFER_LIMIT = 1024;
const DISCOVERY_INTERVAL_MS = 1000;

interface ClientsLike {
  matchAll(options: object): Promise<readonly object[]>;
}

export function createServiceWorkerLink(scope: typeof globalThis, n: Natives): HookLink & { dropped(): number } {
  const s = scope as typeof globalThis & { clients?: ClientsLike; Clients?: { prototype: ClientsLike }; Client?: { prototype: object } };
  const clients = s.clients;
  const matchAll = s.Clients ? (n.uncurry(s.Clients.prototype.matchAll) as (target: ClientsLike, options: object) => Promise<readonly object[]>) : undefined;
  const clientPrototype = s.Client?.prototype;
  const clientPostMessage = clientPrototype ? (n.uncurry((clientPrototype as { postMessage: AnyFn }).postMessage) as (client: object, message: unknown, transfer: Transferable[]) => void) : undefined;
  const clientIdOf = clientPrototype ? (n.uncurry(n.getOwnPropertyDescriptor(clientPrototype, 'id')!.get as AnyFn) as (client: object) => string) : undefined;
  /** Ports by client id; a null-prototype record the service worker's code never sees. */
  const portByClient: Record<string, MessagePort> = n.apply(scope.Object.create, scope.Object, [null]);
  const ports = bareArray<MessagePort>(n);
  let waiting = bareArray<{ message: unknown; transfer?: Transferable[] }>(n);
  let head = 0;
  let dropped = 0;
  let listener: ((event: Event) => void) | undefined;
  let discovering = false;
  let lastDiscovery = -Infinity;

  function send(port: MessagePort, message: unknown, transfer?: Transferable[]): void {
    try {
      n.portPostMessage(port, message, transfer);
    } catch {
      /* a client that went away */
    }
  }

  function adopt(client: object): void {
    const id = clientIdOf!(client);
    if (portByClient[id]) return;
    const channel = new n.MessageChannel();
    // Tagged with the dialect version, the far end transferred: the page hook's first listener takes it.
    clientPostMessage!(client, { [HOOK_SW_PORT_TAG]: HOOK_DIALECT_VERSION }, [channel.port2]);
    const port = channel.port1;
    portByClient[id] = port;
    ports[ports.length] = port;
    if (listener) n.addEventListener(port, 'message', listener);
    n.portStart(port);
    if (ports.length === 1) {
      for (let i = head; i < waiting.length; i++) send(port, waiting[i].message, waiting[i].transfer);
      waiting = bareArray(n);
      head = 0;
      if (dropped > 0) send(port, { v: HOOK_DIALECT_VERSION, records: [{ k: 'lost', count: dropped }] });
    }
  }

  function discover(): void {
    if (discovering || !clients || !matchAll || !clientPostMessage || !clientIdOf) return;
    const now = n.now();
    if (now - lastDiscovery < DISCOVERY_INTERVAL_MS) return;
    lastDiscovery = now;
    discovering = true;
    let listed: Promise<readonly object[]>;
    try {
      listed = matchAll(clients, { __proto__: null, includeUncontrolled: true, type: 'window' });
    } catch {
      discovering = false;
      return;
    }
    n.promiseThen(
      listed,
      (list) => {
        discovering = false;
        for (let i = 0; i < list.length; i++) {
          try {
            adopt(list[i]);
          } catch {
            /* one client refusing the message does not stop the others */
          }
        }
        retryWhileWaiting();
      },
      () => {
        discovering = false;
        retryWhileWaiting();
      },
    );
  }

  /** Buffered batches and no client yet: look again later (the worker may stay quiet meanwhile). */
  function retryWhileWaiting(): void {
    if (ports.length === 0 && waiting.length > head) n.setTimeout(discover, DISCOVERY_INTERVAL_MS);
  }

  return {
    post(message, transfer) {
      discover();
      if (ports.length === 0) {
        if (waiting.length - head >= SERVICE_WORKER_BUFFER_LIMIT) {
          const records = (waiting[head].message as { records?: unknown[] }).records;
          dropped += records ? records.length : 1;
          waiting[head++] = undefined as never;
        }
        waiting[waiting.length] = { message, transfer };
        return;
      }
      if (ports.length === 1) send(ports[0], message, transfer);
      else for (let i = 0; i < ports.length; i++) send(ports[i], message);
    },
    onMessage(next) {
      listener = next;
      for (let i = 0; i < ports.length; i++) n.addEventListener(ports[i], 'message', next);
    },
    onTeardown() {
      /* a service worker has no pagehide; its batches go within flushIntervalMs */
    },
    dropped: () => dropped,
  };
}
