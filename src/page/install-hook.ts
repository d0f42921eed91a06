/**
 * The capture hook's entry, for a window (the page hook) and for a worker (the worker hook):
 * takes the natives it needs before any page or worker script runs, then wraps `WebSocket`,
 * (where it exists) `WebSocketStream`, and `Worker` / `SharedWorker` (hook-workers.ts).
 * Everything is recorded into batches that go up a private link (hook-link.ts): to the bridge
 * from a window, to the worker's creator from a worker. See docs/ARCHITECTURE.md, "The capture
 * hook" and "Workers".
 */
import { captureNatives, type AnyFn } from './natives';
import { createRecorder, type HookOptions } from './create-recorder';
import { installDisguise } from './disguise';
import { hookWebSocket } from './hook-websocket';
import { hookWebSocketStream } from './hook-websocket-stream';
import { createWindowLink, createWorkerLink, type HookLink } from './hook-link';
import { createServiceWorkerLink } from './service-worker-link';
import { listenToServiceWorkers } from './service-worker-inbox';
import { hookWorkers, type HookSource } from './hook-workers';
import { showOriginalLocation } from './worker-location';
import { HOOK_WORKER_PORT_TAG } from '../protocol/hook-dialect';

export { DEFAULT_HOOK_OPTIONS, type HookOptions, type HookConfigCommand } from './create-recorder';

export interface HookContext {
  /** The hook's own source (to put in front of blob:/data: worker scripts); undefined: never. */
  source?: HookSource;
  /**
   * Set in a worker whose script a creating hook rewrote: the URL the creator gave, which
   * `self.location` then shows. Unset in a worker: the hook came in front of the script by the
   * network path, and asks its creator for a port with a hello.
   */
  originalUrl?: string;
}

type Scope = typeof globalThis & { WorkerGlobalScope?: unknown; SharedWorkerGlobalScope?: unknown; ServiceWorkerGlobalScope?: unknown; document?: Document };

export function installHook(scope: typeof globalThis, options?: HookOptions, context: HookContext = {}): void {
  const s = scope as Scope;
  if (typeof s.WebSocket !== 'function') return;
  const natives = captureNatives(s);
  const disguise = installDisguise(s as Window & typeof globalThis, natives);
  let link: HookLink;
  let baseUrl: () => string;
  if (typeof s.WorkerGlobalScope === 'function') {
    const shared = typeof s.SharedWorkerGlobalScope === 'function';
    // A service worker has no creator to hand it a port: it reaches its clients itself.
    link = typeof s.ServiceWorkerGlobalScope === 'function' ? createServiceWorkerLink(s, natives) : createWorkerLink(s, natives, shared, shared && context.originalUrl === undefined);
    // Read when a nested worker needs it, never at install (natives.ts: a worker paused before its
    // script was fetched has no location yet).
    baseUrl = () => natives.baseURI();
    if (context.originalUrl !== undefined) showOriginalLocation(s, natives, disguise, context.originalUrl);
    else if (!shared && typeof s.ServiceWorkerGlobalScope !== 'function') {
      // Before any worker code: the creator's wrapper (hook-workers.ts) takes and hides it.
      natives.apply(s.postMessage, s, [{ [HOOK_WORKER_PORT_TAG]: 'hello' }]);
    }
  } else {
    link = createWindowLink(s as Window & typeof globalThis, natives);
    const doc = s.document;
    const baseUriOf = doc ? natives.uncurry(natives.getOwnPropertyDescriptor(s.Node.prototype, 'baseURI')!.get as AnyFn) : undefined;
    baseUrl = () => (baseUriOf ? (baseUriOf(doc) as string) : '');
  }
  let relay: ReturnType<typeof hookWorkers> | undefined;
  try {
    relay = hookWorkers(s, natives, link, disguise, context.source ?? (() => undefined), baseUrl);
  } catch {
    /* a scope without workers keeps its natives */
  }
  let serviceWorkers: ReturnType<typeof listenToServiceWorkers>;
  try {
    if (typeof s.WorkerGlobalScope !== 'function') serviceWorkers = listenToServiceWorkers(s, natives, link);
  } catch {
    /* a window without service workers */
  }
  const workers = relay;
  if (serviceWorkers) {
    const toServiceWorkers = serviceWorkers;
    relay = (command) => {
      const handled = toServiceWorkers(command);
      return workers ? workers(command) || handled : handled;
    };
  }
  const recorder = createRecorder(link, natives, options, relay);
  hookWebSocket(s as Window & typeof globalThis, natives, recorder, disguise);
  try {
    hookWebSocketStream(s as Window & typeof globalThis, natives, recorder, disguise);
  } catch {
    /* a browser with a different WebSocketStream shape keeps its native one */
  }
}
