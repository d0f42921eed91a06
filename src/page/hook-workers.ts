/**
 * Wraps `Worker` and `SharedWorker` (in a window and, for nested workers, in a worker) so that the
 * sockets of the workers a page creates reach the panel:
 * - a `blob:` or `data:` worker script gets the worker hook in front of it (the hook's own source,
 *   see `HookSource`): a new blob of the same type (`[hook, original blob]`, the original Blob
 *   known from the wrapped `URL.createObjectURL`) or a new `data:` URL of the same header (so the
 *   origin stays opaque). The hook makes `self.location` read as the original URL
 *   (worker-location.ts). An http(s) script is never turned into a blob: it keeps its URL, and is
 *   captured only if the extension's network path put the hook in front of it;
 * - right after construction, before the page can post anything, the worker gets a private
 *   MessagePort in a tagged message that the worker hook takes and hides (hook-link.ts); an
 *   http(s) worker is given one only when its hook asks for it (a tagged hello, hidden here), so a
 *   worker without the hook never sees a message the page did not send;
 * - the worker's batches come back over that port and go up this scope's link with the worker's
 *   context (`HookBatch.ctx`, nested paths "3/1"); `send` / `deliver` commands for a worker's
 *   socket (`w`) go down the same way.
 * A `blob:` SharedWorker keeps its URL: a new blob URL would split a worker the page shares with
 * other documents (they name it by the original URL). See docs/ARCHITECTURE.md, "Workers".
 */
import { HOOK_DIALECT_VERSION } from '../protocol/version';
import { HOOK_WORKER_PORT_TAG, type HookBatch, type HookCommand, type HookWorkerContext, type HookWorkerKind } from '../protocol/hook-dialect';
import type { HookLink } from './hook-link';
import { bareArray, type AnyFn, type NativeCallable, type Natives } from './natives';
import { disguiseConstructor, uncurryGetter, type Disguise } from './disguise';
import { isBlob } from './brand-checks';

/** The hook bundle's own text (`function __framelineSelf(url, source){...}`), or undefined. */
export type HookSource = () => string | undefined;

/** Routes a command meant for one of this scope's workers; true when it was one. */
export type WorkerRelay = (command: HookCommand) => boolean;

interface Rewritten {
  url: string;
  /** A blob URL we made and revoke once the worker has fetched it. */
  made?: string;
}

export function hookWorkers(scope: typeof globalThis, n: Natives, link: HookLink, disguise: Disguise, hookSource: HookSource, baseUrl: () => string): WorkerRelay {
  'use strict';
  const NativeWorker = scope.Worker as typeof Worker | undefined;
  const NativeSharedWorker = (scope as { SharedWorker?: typeof SharedWorker }).SharedWorker;
  const NativeURL = n.URL;
  const createObjectURL = NativeURL.createObjectURL as AnyFn | undefined;
  const revokeObjectURL = NativeURL.revokeObjectURL as AnyFn | undefined;
  const hrefOf = uncurryGetter(n, NativeURL.prototype, 'href');
  const protocolOf = uncurryGetter(n, NativeURL.prototype, 'protocol');
  const blobTypeOf = uncurryGetter(n, n.Blob.prototype, 'type');
  const workerPostMessage = NativeWorker ? (n.uncurry(NativeWorker.prototype.postMessage) as (worker: Worker, message: unknown, transfer: Transferable[]) => void) : undefined;
  const sharedPortOf = NativeSharedWorker ? uncurryGetter(n, NativeSharedWorker.prototype, 'port') : undefined;
  const stringify = scope.JSON.stringify;
  const encode = scope.encodeURIComponent;
  const btoa = (scope as { btoa?: (s: string) => string }).btoa;
  const indexOf = n.uncurry(scope.String.prototype.indexOf) as (s: string, search: string) => number;
  const toLowerCase = n.uncurry(scope.String.prototype.toLowerCase) as (s: string) => string;
  const removeEventListener = n.uncurry(scope.EventTarget.prototype.removeEventListener) as (target: EventTarget, type: string, listener: AnyFn, capture?: boolean) => void;
  /** Blobs behind the blob: URLs this scope made and has not revoked (the browser keeps them alive anyway). */
  const blobsByUrl: Record<string, Blob> = n.apply(scope.Object.create, scope.Object, [null]);
  /** Ports to this scope's workers, by worker number (1, 2, ...). */
  const workerPorts = bareArray<MessagePort>(n);
  /** Ports to this scope's shared workers (commands for one socket only, never interception). */
  const sharedPorts = bareArray<MessagePort>(n);
  let nextWorker = 1;
  /**
   * The bridge's latest `intercept`, given to every dedicated worker created later, so that its
   * hook holds what the frame's holds. Shared workers never get it: several pages' bridges would
   * toggle one hook's interception and each decide its held messages.
   */
  let intercepting: HookCommand | undefined;

  if (createObjectURL && revokeObjectURL) wrapObjectUrls(createObjectURL, revokeObjectURL);
  if (NativeWorker && workerPostMessage) wrapWorker(NativeWorker, workerPostMessage);
  if (NativeSharedWorker && sharedPortOf) wrapSharedWorker(NativeSharedWorker, sharedPortOf);

  function replaceMethod(target: object, name: string, wrapper: AnyFn, native: AnyFn): void {
    const descriptor = n.getOwnPropertyDescriptor(target, name)!;
    disguise(wrapper, native);
    n.defineProperty(wrapper, 'name', { value: native.name });
    n.defineProperty(wrapper, 'length', { value: native.length });
    n.defineProperty(target, name, { value: wrapper, writable: descriptor.writable, enumerable: descriptor.enumerable, configurable: descriptor.configurable });
  }

  function wrapObjectUrls(create: AnyFn, revoke: AnyFn): void {
    // Method shorthand: not constructors and without `prototype`, like the natives.
    const wrappers = {
      createObjectURL(this: unknown, object: unknown): string {
        const url = n.apply(create, this, arguments) as string;
        try {
          if (isBlob(n, object)) blobsByUrl[url] = object as Blob;
        } catch {
          /* never break the page */
        }
        return url;
      },
      revokeObjectURL(this: unknown, url: unknown): void {
        // Only a string is looked up: converting anything else again could run page code twice.
        if (typeof url === 'string') delete blobsByUrl[url];
        return n.apply(revoke, this, arguments);
      },
    };
    replaceMethod(NativeURL, 'createObjectURL', wrappers.createObjectURL, create);
    replaceMethod(NativeURL, 'revokeObjectURL', wrappers.revokeObjectURL, revoke);
  }

  /** The script URL of a constructor call, when it can be read without running page code. */
  function scriptUrlOf(arg: unknown): string | undefined {
    if (typeof arg === 'string') {
      try {
        return hrefOf(new NativeURL(arg, baseUrl())) as string;
      } catch {
        return undefined;
      }
    }
    try {
      return hrefOf(arg) as string; // a native URL object (its getter throws for anything else)
    } catch {
      return undefined;
    }
  }

  /** The script with the worker hook in front, same kind of URL; undefined to leave it alone. */
  function rewrite(url: string, scheme: string): Rewritten | undefined {
    const source = hookSource();
    if (source === undefined) return undefined;
    // One line, so that the line numbers of the worker's own errors stay the same.
    // Its own text goes along as the second argument: a worker never has to read it back.
    const prefix = `(${source})(${stringify(url)},${stringify(source)});`;
    if (scheme === 'blob:') {
      const blob = blobsByUrl[url];
      if (!blob || !createObjectURL) return undefined;
      const made = n.apply(createObjectURL, NativeURL, [new n.Blob([prefix, blob], { __proto__: null, type: blobTypeOf(blob) as string } as BlobPropertyBag)]) as string;
      return { url: made, made };
    }
    // data:[<header>][;base64],<body>: same header, the hook in front of the body.
    const comma = indexOf(url, ',');
    if (comma < 0) return undefined;
    const header = n.stringSlice(url, 0, comma);
    const body = n.stringSlice(url, comma + 1, url.length);
    if (indexOf(toLowerCase(header), ';base64') >= 0) {
      if (!btoa) return undefined;
      // A base64 body stays one: the prefix (ASCII) padded to whole 3-byte groups encodes with no
      // `=`, so its base64 followed by the original's decodes to prefix + original.
      let padded = prefix;
      while (padded.length % 3 !== 0) padded += ' ';
      return { url: `${header},${btoa(padded)}${body}` };
    }
    return { url: `${header},${encode(prefix)}${body}` };
  }

  function schemeOf(url: string): string {
    try {
      return protocolOf(new NativeURL(url)) as string;
    } catch {
      return '';
    }
  }

  /** Opens the private channel to a worker; batches coming back go up with its context. */
  function attach(kind: HookWorkerKind, url: string, shared: boolean, made?: string): { port: MessagePort; number: number } {
    const number = nextWorker++;
    const channel = new n.MessageChannel();
    const own = channel.port1;
    if (!shared) {
      workerPorts[number] = own;
      if (intercepting) n.portPostMessage(own, intercepting);
    } else sharedPorts[number] = own;
    const w = `${number}`;
    n.addEventListener(own, 'message', (event: Event) => {
      try {
        const batch = n.messageEventData(event) as HookBatch;
        if (typeof batch !== 'object' || batch === null) return;
        // The worker runs: it has fetched its script, the blob: URL we made for it can go.
        if (made !== undefined && revokeObjectURL) {
          n.apply(revokeObjectURL, NativeURL, [made]);
          made = undefined;
        }
        // A batch of only packed messages has no records.
        if (batch.records.length === 0 && batch.packed === undefined) return;
        // Fresh objects from the structured clone of our private port: own data properties only.
        const inner = batch.ctx;
        const ctx: HookWorkerContext = inner ? { w: `${w}/${inner.w}`, kind: inner.kind, url: inner.url, shared: inner.shared } : { w, kind, url, shared };
        // Copied, not moved: building a transfer list would iterate an array the page can patch.
        link.post({ v: batch.v, records: batch.records, ctx, packed: batch.packed });
      } catch {
        /* a malformed batch is dropped */
      }
    });
    n.portStart(own);
    return { port: channel.port2, number };
  }

  function tagged(): object {
    return { [HOOK_WORKER_PORT_TAG]: HOOK_DIALECT_VERSION };
  }

  /** True when `event` is a worker hook's hello (it asks for its port). */
  function isHello(event: Event): boolean {
    const data = n.messageEventData(event);
    if (typeof data !== 'object' || data === null) return false;
    const descriptor = n.getOwnPropertyDescriptor(data, HOOK_WORKER_PORT_TAG);
    return descriptor !== undefined && descriptor.value === 'hello';
  }

  function wrapWorker(Native: typeof Worker, postToWorker: (worker: Worker, message: unknown, transfer: Transferable[]) => void): void {
    function WorkerWrapper(this: unknown): unknown {
      if (new.target === undefined) return n.apply(Native, this, arguments);
      const url = scriptUrlOf(arguments[0]);
      const scheme = url === undefined ? '' : schemeOf(url);
      let rewritten: Rewritten | undefined;
      try {
        if (url !== undefined && (scheme === 'blob:' || scheme === 'data:') && n.arrayIterationIntact()) rewritten = rewrite(url, scheme);
      } catch {
        rewritten = undefined;
      }
      let instance: Worker | undefined;
      if (rewritten) {
        try {
          instance = n.construct(Native, [rewritten.url, arguments[1]], new.target) as Worker;
        } catch {
          // Refused (a Trusted Types policy, say): the page's own call decides, with its own error.
          instance = undefined;
        }
      }
      if (!instance) instance = n.construct(Native, arguments, new.target) as Worker;
      try {
        if (rewritten) {
          const { port } = attach('worker', url!, false, rewritten.made);
          postToWorker(instance, tagged(), [port]);
        } else if (url !== undefined && (scheme === 'http:' || scheme === 'https:')) awaitHello(instance, url, postToWorker);
      } catch {
        /* capture must never break the page */
      }
      return instance;
    }
    disguiseConstructor(n, disguise, WorkerWrapper, Native as unknown as NativeCallable);
    n.defineProperty(scope, 'Worker', { value: WorkerWrapper });
  }

  /**
   * An http(s) worker has the hook only when the network path put it there; then its hook's first
   * message is a hello, taken here (the first capture listener on the worker, so before the
   * page's) and answered with the port.
   */
  function awaitHello(worker: Worker, url: string, postToWorker: (worker: Worker, message: unknown, transfer: Transferable[]) => void): void {
    const onHello = (event: Event): void => {
      try {
        if (!isHello(event)) return;
        n.stopImmediatePropagation(event);
        removeEventListener(worker, 'message', onHello, true);
        if (!n.arrayIterationIntact()) return;
        const { port } = attach('worker', url, false);
        postToWorker(worker, tagged(), [port]);
      } catch {
        /* never throw into the page's event dispatch */
      }
    };
    n.addEventListener(worker, 'message', onHello, true);
  }

  /**
   * An http(s) shared worker whose hook came by the network path says hello on each page's port
   * when that page connects; taken here (the first capture listener on the page's port; the page's
   * own messages wait for `start()` / `onmessage` as before) and answered with a private port.
   */
  function awaitSharedHello(pagePort: MessagePort, url: string): void {
    const onHello = (event: Event): void => {
      try {
        if (!isHello(event)) return;
        n.stopImmediatePropagation(event);
        removeEventListener(pagePort, 'message', onHello, true);
        if (!n.arrayIterationIntact()) return;
        const { port } = attach('sharedworker', url, true);
        n.portPostMessage(pagePort, tagged(), [port]);
      } catch {
        /* never throw into the page's event dispatch */
      }
    };
    n.addEventListener(pagePort, 'message', onHello, true);
  }

  function wrapSharedWorker(Native: typeof SharedWorker, portOf: (worker: unknown) => MessagePort): void {
    function SharedWorkerWrapper(this: unknown): unknown {
      if (new.target === undefined) return n.apply(Native, this, arguments);
      const url = scriptUrlOf(arguments[0]);
      const scheme = url === undefined ? '' : schemeOf(url);
      let rewritten: Rewritten | undefined;
      try {
        // data: only: the rewritten URL is a pure function of the original, the same in every
        // document (a blob: one would not be: see the top of this file).
        if (url !== undefined && scheme === 'data:' && n.arrayIterationIntact()) rewritten = rewrite(url, scheme);
      } catch {
        rewritten = undefined;
      }
      let instance: SharedWorker | undefined;
      if (rewritten) {
        try {
          instance = n.construct(Native, [rewritten.url, arguments[1]], new.target) as SharedWorker;
        } catch {
          instance = undefined;
        }
      }
      if (!instance) instance = n.construct(Native, arguments, new.target) as SharedWorker;
      try {
        if (rewritten) {
          const { port } = attach('sharedworker', url!, true);
          // Posting does not start the page's port: its messages still wait for `start()`/`onmessage`.
          n.portPostMessage(portOf(instance), tagged(), [port]);
        } else if (url !== undefined && (scheme === 'http:' || scheme === 'https:')) awaitSharedHello(portOf(instance), url);
      } catch {
        /* capture must never break the page */
      }
      return instance;
    }
    disguiseConstructor(n, disguise, SharedWorkerWrapper, Native as unknown as NativeCallable);
    n.defineProperty(scope, 'SharedWorker', { value: SharedWorkerWrapper });
  }

  return (command) => {
    if (command.k === 'config') {
      for (let i = 1; i < workerPorts.length; i++) if (workerPorts[i]) n.portPostMessage(workerPorts[i], command);
      for (let i = 1; i < sharedPorts.length; i++) if (sharedPorts[i]) n.portPostMessage(sharedPorts[i], command);
      return false;
    }
    // Interception and its lease reach every dedicated worker (and this scope acts on them too):
    // the bridge maps each worker's ask tokens to its own (src/content/ask-tokens.ts).
    if (command.k === 'intercept' || command.k === 'lease') {
      if (command.k === 'intercept') intercepting = { k: 'intercept', send: command.send === true, receive: command.receive === true };
      for (let i = 1; i < workerPorts.length; i++) if (workerPorts[i]) n.portPostMessage(workerPorts[i], command);
      return false;
    }
    if ((command.k !== 'send' && command.k !== 'deliver' && command.k !== 'decide') || typeof command.w !== 'string') return false;
    const w = command.w;
    const slash = indexOf(w, '/');
    const number = +(slash < 0 ? w : n.stringSlice(w, 0, slash));
    const port = command.k === 'decide' ? workerPorts[number] : workerPorts[number] || sharedPorts[number];
    if (slash < 0) delete command.w;
    else command.w = n.stringSlice(w, slash + 1, w.length);
    if (port) n.portPostMessage(port, command);
    return true;
  };
}
