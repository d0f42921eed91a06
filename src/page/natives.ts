/**
 * Built-ins the hook needs, taken once at install time (document_start, before any page script).
 *
 * A page may later replace `postMessage`, `Array.prototype`, `Blob.prototype.arrayBuffer`,
 * `Promise.prototype.then`, getters on typed arrays and so on; the hook only ever calls the
 * originals captured here, through "uncurried" bound functions that later prototype changes
 * cannot reach. See docs/ARCHITECTURE.md, "The capture hook".
 */

/**
 * Any native function or constructor. The hook calls natives of every signature through one
 * uncurried path, so this is the one place their parameter and result types are left open.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- natives of every signature (see above)
export type AnyFn = (...args: any[]) => any;
/** A native constructor or function (`WebSocket`, `WebSocketStream`, a wrapper standing in for one). */
export type NativeCallable = AnyFn | (new (...args: Parameters<AnyFn>) => ReturnType<AnyFn>);
/** A value the hook stores without looking at it (WeakMap entries). */
type Opaque = ReturnType<AnyFn>;

export interface Natives {
  /** `uncurry(f)(self, ...args)` is `f.call(self, ...args)`, immune to later `call` overrides. */
  apply: typeof Reflect.apply;
  construct: typeof Reflect.construct;
  defineProperty: typeof Object.defineProperty;
  getOwnPropertyDescriptor: typeof Object.getOwnPropertyDescriptor;
  setPrototypeOf: typeof Object.setPrototypeOf;
  getPrototypeOf: typeof Object.getPrototypeOf;
  isArray: typeof Array.isArray;
  isView: typeof ArrayBuffer.isView;
  weakMapGet: (map: WeakMap<object, Opaque>, key: object) => Opaque;
  weakMapSet: (map: WeakMap<object, Opaque>, key: object, value: Opaque) => void;
  addEventListener: (target: EventTarget, type: string, listener: AnyFn, options?: boolean) => void;
  messageEventData: (event: Event) => unknown;
  closeEventCode: (event: Event) => number;
  closeEventReason: (event: Event) => string;
  closeEventWasClean: (event: Event) => boolean;
  arrayBufferByteLength: (buffer: unknown) => number;
  arrayBufferSlice: (buffer: ArrayBuffer, begin: number, end: number) => ArrayBuffer;
  typedArrayBuffer: (view: unknown) => ArrayBuffer;
  typedArrayByteOffset: (view: unknown) => number;
  typedArrayByteLength: (view: unknown) => number;
  /** `%TypedArray%.prototype.set` (the packer grows its column and copies payloads with it). */
  typedArraySet: (target: Float64Array | Uint8Array, source: Float64Array | Uint8Array, offset?: number) => void;
  Float64Array: Float64ArrayConstructor;
  Uint8Array: Uint8ArrayConstructor;
  dataViewBuffer: (view: unknown) => ArrayBuffer;
  dataViewByteOffset: (view: unknown) => number;
  dataViewByteLength: (view: unknown) => number;
  blobSize: (blob: unknown) => number;
  blobSlice: (blob: Blob, begin: number, end: number) => Blob;
  blobArrayBuffer: (blob: Blob) => Promise<ArrayBuffer>;
  /**
   * `promise.then(onOk, onErr)` without running page code: a plain `then` reads
   * `promise.constructor[Symbol.species]`, which a page can turn into getters of its own.
   */
  promiseThen: <T, R = unknown>(promise: Promise<T>, onOk: (v: T) => R, onErr?: (e: unknown) => R) => Promise<R>;
  /** `Object.hasOwn`: tells a data descriptor (own `value`) from an accessor one without a prototype lookup. */
  hasOwn: (object: object, key: PropertyKey) => boolean;
  /** `f.call(self, ...args)` through the captured `call`. */
  uncurry: <F extends AnyFn>(fn: F) => AnyFn;
  charCodeAt: (s: string, i: number) => number;
  stringSlice: (s: string, begin: number, end: number) => string;
  portPostMessage: (port: MessagePort, message: unknown, transfer?: Transferable[]) => void;
  portStart: (port: MessagePort) => void;
  /** Absent in workers. */
  windowPostMessage?: (message: unknown, targetOrigin: string, transfer: Transferable[]) => void;
  setTimeout: (fn: () => void, ms: number) => number;
  clearTimeout: (handle: number) => void;
  now: () => number;
  errorStack: () => string;
  functionToString: AnyFn;
  /** `Array.from`, which defines elements (no setter on Array.prototype can see them). */
  arrayFrom: typeof Array.from;
  /**
   * True while the page has not replaced array iteration. A transfer list is converted as a
   * WebIDL sequence, i.e. through `Array.prototype[Symbol.iterator]`; once the page owns that,
   * batches are posted without a transfer list (a copy instead of a move, but never the page's code).
   */
  arrayIterationIntact: () => boolean;
  MessageChannel: typeof MessageChannel;
  WeakMap: WeakMapConstructor;
  dispatchEvent: (target: EventTarget, event: Event) => boolean;
  stopImmediatePropagation: (event: Event) => void;
  MessageEvent: typeof MessageEvent;
  Blob: typeof Blob;
  URL: typeof URL;
  /** For served sockets (src/page/served-socket.ts): the events and errors a real socket makes. */
  Event: typeof Event;
  CloseEvent: typeof CloseEvent;
  DOMException: typeof DOMException;
  EventTarget: typeof EventTarget;
  removeEventListener: (target: EventTarget, type: string, listener: AnyFn, options?: boolean) => void;
  jsonParse: (text: string) => unknown;
  /**
   * The document's sessionStorage item `key` (null when absent); throws where the document has no
   * storage (opaque origins, sandboxed frames), which callers catch.
   */
  sessionItem: (key: string) => string | null;
  /** The document's base URL and address, read through the native getters. */
  baseURI: () => string;
  locationHref: () => string;
}

export function captureNatives(scope: typeof globalThis): Natives {
  // A window or a worker scope: the natives used here exist in both (windowPostMessage aside).
  const win = scope as Window & typeof globalThis;
  const { bind, call } = win.Function.prototype;
  const uncurry = <F extends AnyFn>(fn: F): AnyFn => bind.call(call, fn) as AnyFn;
  const getter = (proto: object, name: string): AnyFn =>
    uncurry(win.Object.getOwnPropertyDescriptor(proto, name)!.get as AnyFn);
  const typedArrayProto = win.Object.getPrototypeOf(win.Uint8Array.prototype) as object;
  const perf = win.performance;
  const timeOrigin = perf.timeOrigin;
  const perfNow = bind.call(perf.now, perf) as () => number;
  const NativeError = win.Error;
  const arrayProto = win.Array.prototype;
  const iteratorSymbol = win.Symbol.iterator;
  const arrayIterator = (arrayProto as unknown as Record<symbol, AnyFn>)[iteratorSymbol];
  const arrayIteratorProto = win.Object.getPrototypeOf(([] as unknown as Record<symbol, AnyFn>)[iteratorSymbol]()) as { next: unknown };
  const arrayIteratorNext = arrayIteratorProto.next;
  const getOwnPropertyDescriptor = win.Object.getOwnPropertyDescriptor;
  const defineProperty = win.Object.defineProperty;
  const deleteProperty = win.Reflect.deleteProperty;
  const hasOwn = win.Object.hasOwn;
  const then = uncurry(win.Promise.prototype.then);
  // What `then` finds as `promise.constructor` while the hook calls it: its species is the native Promise.
  const speciesHolder = win.Object.create(null) as object;
  defineProperty(speciesHolder, win.Symbol.species, { value: win.Promise });
  /** True when `object[key]` is an own data property holding exactly `value` (no getter runs). */
  const holds = (object: object, key: PropertyKey, value: unknown): boolean => {
    const descriptor = getOwnPropertyDescriptor(object, key);
    return descriptor !== undefined && hasOwn(descriptor, 'value') && descriptor.value === value;
  };

  const apply = win.Reflect.apply;
  // Windows and workers (the same hook runs in both): storage, document and a Location with an
  // own `href` exist only in windows; a worker's sockets are never served (no sessionStorage), and
  // its base URL is its own WorkerLocation.
  const isWindow = typeof win.Window === 'function' && typeof win.Storage === 'function';
  const windowGetter = (name: string): AnyFn => (getOwnPropertyDescriptor(win, name) ?? getOwnPropertyDescriptor(win.Window.prototype, name))!.get as AnyFn;
  const sessionStorageGet = isWindow ? windowGetter('sessionStorage') : undefined;
  const documentGet = isWindow ? windowGetter('document') : undefined;
  const locationGet = isWindow ? windowGetter('location') : undefined;
  const getItem = isWindow ? win.Storage.prototype.getItem : undefined;
  const baseURIGet = isWindow ? (getOwnPropertyDescriptor(win.Node.prototype, 'baseURI')!.get as AnyFn) : undefined;
  // `href` is an own accessor of each Location object ([LegacyUnforgeable]); WorkerLocation's is on its prototype.
  // In a worker, `self.location` is read only when needed, never at install: a worker paused before
  // its script was fetched (Chrome Deep capture evaluates the hook then) has no URL yet, and reading
  // `self.location` there crashed the renderer (Chromium 156; docs/ARCHITECTURE.md, "Deep capture").
  const w = win as typeof globalThis & { WorkerLocation?: { prototype: object }; WorkerGlobalScope?: { prototype: object } };
  const hrefGet = isWindow
    ? (getOwnPropertyDescriptor(win.location, 'href')!.get as AnyFn)
    : w.WorkerLocation
      ? (getOwnPropertyDescriptor(w.WorkerLocation.prototype, 'href')?.get as AnyFn | undefined)
      : undefined;
  const workerLocationGet = !isWindow && w.WorkerGlobalScope ? (getOwnPropertyDescriptor(w.WorkerGlobalScope.prototype, 'location')?.get as AnyFn | undefined) : undefined;
  const workerLocation = (): unknown => (workerLocationGet ? apply(workerLocationGet, win, []) : undefined);

  return {
    apply,
    construct: win.Reflect.construct,
    defineProperty,
    getOwnPropertyDescriptor,
    setPrototypeOf: win.Object.setPrototypeOf,
    getPrototypeOf: win.Object.getPrototypeOf,
    isArray: win.Array.isArray,
    isView: win.ArrayBuffer.isView,
    weakMapGet: uncurry(win.WeakMap.prototype.get),
    weakMapSet: uncurry(win.WeakMap.prototype.set),
    addEventListener: uncurry(win.EventTarget.prototype.addEventListener),
    messageEventData: getter(win.MessageEvent.prototype, 'data'),
    closeEventCode: getter(win.CloseEvent.prototype, 'code'),
    closeEventReason: getter(win.CloseEvent.prototype, 'reason'),
    closeEventWasClean: getter(win.CloseEvent.prototype, 'wasClean'),
    arrayBufferByteLength: getter(win.ArrayBuffer.prototype, 'byteLength'),
    arrayBufferSlice: uncurry(win.ArrayBuffer.prototype.slice),
    typedArrayBuffer: getter(typedArrayProto, 'buffer'),
    typedArrayByteOffset: getter(typedArrayProto, 'byteOffset'),
    typedArrayByteLength: getter(typedArrayProto, 'byteLength'),
    typedArraySet: uncurry((typedArrayProto as { set: AnyFn }).set),
    Float64Array: win.Float64Array,
    Uint8Array: win.Uint8Array,
    dataViewBuffer: getter(win.DataView.prototype, 'buffer'),
    dataViewByteOffset: getter(win.DataView.prototype, 'byteOffset'),
    dataViewByteLength: getter(win.DataView.prototype, 'byteLength'),
    blobSize: getter(win.Blob.prototype, 'size'),
    blobSlice: uncurry(win.Blob.prototype.slice),
    blobArrayBuffer: uncurry(win.Blob.prototype.arrayBuffer),
    promiseThen: (promise, onOk, onErr) => {
      // An own `constructor` shadows Promise.prototype's for the one synchronous `then` call.
      // The promises the hook waits on are fresh natives the page has not seen yet (or never sees).
      let shadowed = false;
      try {
        defineProperty(promise, 'constructor', { value: speciesHolder, configurable: true });
        shadowed = true;
      } catch {
        /* not extensible: fall back to the plain lookup */
      }
      try {
        return then(promise, onOk, onErr);
      } finally {
        if (shadowed) deleteProperty(promise, 'constructor');
      }
    },
    hasOwn,
    uncurry,
    charCodeAt: uncurry(win.String.prototype.charCodeAt),
    stringSlice: uncurry(win.String.prototype.slice),
    portPostMessage: uncurry(win.MessagePort.prototype.postMessage),
    portStart: uncurry(win.MessagePort.prototype.start),
    windowPostMessage: typeof win.postMessage === 'function' ? (bind.call(win.postMessage, win) as Natives['windowPostMessage']) : undefined,
    setTimeout: bind.call(win.setTimeout, win) as Natives['setTimeout'],
    clearTimeout: bind.call(win.clearTimeout, win) as Natives['clearTimeout'],
    now: () => timeOrigin + perfNow(),
    errorStack: () => {
      const stack = new NativeError().stack;
      return typeof stack === 'string' ? stack : '';
    },
    functionToString: win.Function.prototype.toString,
    arrayFrom: win.Array.from,
    // Read through descriptors: a getter the page put there must not run (nor throw) in the hook.
    arrayIterationIntact: () => holds(arrayProto, iteratorSymbol, arrayIterator) && holds(arrayIteratorProto, 'next', arrayIteratorNext),
    MessageChannel: win.MessageChannel,
    WeakMap: win.WeakMap,
    dispatchEvent: uncurry(win.EventTarget.prototype.dispatchEvent),
    stopImmediatePropagation: uncurry(win.Event.prototype.stopImmediatePropagation),
    MessageEvent: win.MessageEvent,
    Blob: win.Blob,
    URL: win.URL,
    Event: win.Event,
    CloseEvent: win.CloseEvent,
    DOMException: win.DOMException,
    EventTarget: win.EventTarget,
    removeEventListener: uncurry(win.EventTarget.prototype.removeEventListener),
    jsonParse: bind.call(win.JSON.parse, win.JSON) as (text: string) => unknown,
    sessionItem: (key) => {
      // The getter throws a SecurityError in opaque origins: only read when a socket is constructed.
      if (!sessionStorageGet || !getItem) return null;
      const storage = apply(sessionStorageGet, win, []) as Storage;
      return apply(getItem, storage, [key]) as string | null;
    },
    baseURI: () => (baseURIGet && documentGet ? apply(baseURIGet, apply(documentGet, win, []), []) : apply(hrefGet!, workerLocation(), [])) as string,
    locationHref: () => (locationGet ? apply(hrefGet!, apply(locationGet, win, []), []) : apply(hrefGet!, workerLocation(), [])) as string,
  };
}

/** An array with no prototype: writing its indexes can never reach a setter on Array.prototype. */
export function bareArray<T>(natives: Natives): T[] {
  const array: T[] = [];
  natives.setPrototypeOf(array, null);
  return array;
}
