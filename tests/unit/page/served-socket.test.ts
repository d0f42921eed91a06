/**
 * The served socket's WebSocket semantics, in Node: a small window whose WebSocket accessors
 * brand-check like the browser's (private fields), so the look-alike accessors must fall back to
 * them for real sockets. The browsers' own behaviour is compared in tests/e2e/serve.e2e.ts.
 */
import { describe, expect, it } from 'vitest';
import { captureNatives } from '../../../src/page/natives';
import { createServedSockets, type ServedSockets } from '../../../src/page/served-socket';
import { captureServedNatives, createServedSlot } from '../../../src/page/served-slot';
import { SERVE_MARKER_KEY, SERVED_ASK_EVENT } from '../../../src/protocol/serve';

class FakeWebSocket extends EventTarget {
  #url = 'ws://real/';
  get url() {
    return this.#url;
  }
  get readyState() {
    return this.#url ? 0 : 0;
  }
  get bufferedAmount() {
    return this.#url ? 0 : 0;
  }
  get protocol() {
    return this.#url ? '' : '';
  }
  get extensions() {
    return this.#url ? '' : '';
  }
  get binaryType() {
    return this.#url ? 'blob' : '';
  }
  set binaryType(_v: string) {
    void this.#url;
  }
  send(_data: unknown) {
    void this.#url;
  }
}
for (const type of ['open', 'error', 'close', 'message']) {
  Object.defineProperty(FakeWebSocket.prototype, `on${type}`, {
    get(this: FakeWebSocket) {
      void this.url;
      return null;
    },
    set(this: FakeWebSocket) {
      void this.url;
    },
    enumerable: true,
    configurable: true,
  });
}

class CloseEvent extends Event {
  #init: { code: number; reason: string; wasClean: boolean };
  constructor(type: string, init: { code?: number; reason?: string; wasClean?: boolean } = {}) {
    super(type);
    this.#init = { code: init.code ?? 0, reason: init.reason ?? '', wasClean: init.wasClean ?? false };
  }
  get code() {
    return this.#init.code;
  }
  get reason() {
    return this.#init.reason;
  }
  get wasClean() {
    return this.#init.wasClean;
  }
}

function fakeWindow(marker: unknown) {
  const storage = new Map<string, string>();
  if (marker) storage.set(SERVE_MARKER_KEY, JSON.stringify(marker));
  class Storage {
    getItem(key: string) {
      return storage.get(key) ?? null;
    }
  }
  const sessionStorage = new Storage();
  class Node {
    get baseURI() {
      return 'http://page.test/app/index.html';
    }
  }
  const document = new Node();
  const location = {};
  Object.defineProperty(location, 'href', { get: () => 'http://page.test/app/index.html' });
  const win = Object.create(globalThis) as Record<string, unknown>;
  Object.assign(win, { WebSocket: FakeWebSocket, CloseEvent, Storage, Node, Window: function Window() {} });
  Object.defineProperty(win, 'location', { get: () => location });
  Object.defineProperty(win, 'sessionStorage', { get: () => sessionStorage });
  Object.defineProperty(win, 'document', { get: () => document });
  win.postMessage = () => undefined;
  return win as unknown as Window & typeof globalThis;
}

const page = 'http://page.test/app/index.html';

/** The served API takes the wrappers' `arguments` (their length tells an absent argument from undefined). */
function argumentsOf(..._args: unknown[]): IArguments {
  // eslint-disable-next-line prefer-rest-params -- an IArguments object is what the hook passes
  return arguments;
}
const tick = () => new Promise((r) => setTimeout(r, 5));

function setup(marker: unknown = { page, patterns: ['ws://server.test/*'], ids: ['s1'] }) {
  const win = fakeWindow(marker);
  const n = captureNatives(win);
  const served: ServedSockets = createServedSockets(captureServedNatives(win, n), n, () => undefined, FakeWebSocket.prototype, FakeWebSocket.prototype.send);
  /** new WebSocket(...args) through the served path, as the hook's constructor wrapper does. */
  function construct(...args: unknown[]): FakeWebSocket | undefined {
    const made = served.construct(argumentsOf(...args), FakeWebSocket) as FakeWebSocket | undefined;
    if (made) served.bind(made, 1);
    return made;
  }
  const send = (ws: FakeWebSocket, ...args: unknown[]) => served.send(ws, argumentsOf(...args));
  const close = (ws: FakeWebSocket, ...args: unknown[]) => served.close(ws, argumentsOf(...args));
  return { served, construct, send, close };
}

function events(ws: EventTarget): string[] {
  const seen: string[] = [];
  for (const type of ['open', 'message', 'error', 'close']) {
    ws.addEventListener(type, (e) => {
      const s = ws as unknown as FakeWebSocket;
      if (type === 'close') {
        const c = e as CloseEvent;
        seen.push(`close ${c.code} ${c.reason} ${c.wasClean} ${s.readyState}`);
      } else if (type === 'message') seen.push(`message ${typeof (e as MessageEvent).data === 'string' ? (e as MessageEvent).data : Object.prototype.toString.call((e as MessageEvent).data)}`);
      else seen.push(`${type} ${s.readyState}`);
    });
  }
  return seen;
}

describe('served socket', () => {
  it('serves only URLs matching the marker of this document, resolved as the native resolves them', () => {
    const { construct } = setup();
    expect(construct('ws://server.test/feed')).toBeInstanceOf(FakeWebSocket);
    expect(construct('http://server.test/x')!.url).toBe('ws://server.test/x');
    expect(construct('ws://other.test/feed')).toBeUndefined();
    expect(construct('ws://server.test/#frag')).toBeUndefined(); // the native throws
    expect(construct('ws://server.test/a', ['a', 'a'])).toBeUndefined(); // the native throws
    expect(construct('ws://server.test/a', 'bad token')).toBeUndefined();
    expect(construct()).toBeUndefined();
    expect(setup({ page: 'http://elsewhere/', patterns: ['*'], ids: ['x'] }).construct('ws://server.test/')).toBeUndefined();
    expect(setup(null).construct('ws://server.test/')).toBeUndefined();
  });

  it('entries with the same pattern serve in turn, the last one every further socket', () => {
    const { construct, served } = setup({ page, patterns: ['ws://s.test/', 'ws://s.test/', 'ws://s.test/'], ids: ['a', 'b', 'c'] });
    expect([1, 2, 3, 4].map(() => served.scriptOf(construct('ws://s.test/')))).toEqual(['a', 'b', 'c', 'c']);
  });

  it('has no own properties, and reads through the prototype accessors; real sockets still read natively', () => {
    const { construct } = setup();
    const ws = construct('ws://server.test/feed', ['chat'])!;
    expect(Object.getOwnPropertyNames(ws)).toEqual([]);
    expect([ws.readyState, ws.url, ws.protocol, ws.extensions, ws.bufferedAmount, ws.binaryType, (ws as any).onmessage]).toEqual([0, 'ws://server.test/feed', '', '', 0, 'blob', null]);
    const real = new FakeWebSocket();
    expect(real.url).toBe('ws://real/');
    expect(() => Object.getOwnPropertyDescriptor(FakeWebSocket.prototype, 'url')!.get!.call({})).toThrow(TypeError);
    expect(Object.getOwnPropertyDescriptor(FakeWebSocket.prototype, 'onmessage')!.set!.name).toBe('set onmessage');
  });

  it('goes CONNECTING → OPEN → CLOSING → CLOSED with events in the native order', async () => {
    const { construct, served, send, close } = setup();
    const ws = construct('ws://server.test/feed')!;
    const seen = events(ws);
    expect(() => send(ws, 'early')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
    served.command({ k: 'serveMessage', id: 1, data: 'before open' }); // no messages before open
    served.command({ k: 'serveOpen', id: 1, protocol: 'chat', extensions: 'permessage-deflate' });
    expect([ws.readyState, ws.protocol, ws.extensions]).toEqual([1, 'chat', 'permessage-deflate']);
    expect(send(ws, 'hi')).toEqual({ data: 'hi', discarded: false });
    served.command({ k: 'serveMessage', id: 1, data: 'hello' });
    close(ws, 4000, 'bye');
    expect(ws.readyState).toBe(2);
    expect(send(ws, 'after')).toEqual({ data: 'after', discarded: true });
    expect(ws.bufferedAmount).toBe(5);
    await tick();
    expect(seen).toEqual(['open 1', 'message hello', 'close 4000 bye true 3']);
  });

  it('close() while connecting fails the connection; a dropped one (1006) fires error first; serveFail too', async () => {
    const { construct, served, close } = setup();
    const a = construct('ws://server.test/a')!;
    const seenA = events(a);
    close(a);
    await tick();
    expect(seenA).toEqual(['error 3', 'close 1006  false 3']);
    const b = construct('ws://server.test/b')!;
    served.bind(b, 2);
    const seenB = events(b);
    served.command({ k: 'serveOpen', id: 2, protocol: '', extensions: '' });
    served.command({ k: 'serveClose', id: 2, code: 1006, reason: '', wasClean: false });
    expect(seenB).toEqual(['open 1', 'error 3', 'close 1006  false 3']);
    const c = construct('ws://server.test/c')!;
    served.bind(c, 3);
    const seenC = events(c);
    served.command({ k: 'serveFail', id: 3 });
    expect(seenC).toEqual(['error 3', 'close 1006  false 3']);
  });

  it('validates close() arguments as the native does', () => {
    const { construct, close } = setup();
    const ws = construct('ws://server.test/feed')!;
    expect(() => close(ws, 999)).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
    expect(() => close(ws, 1001)).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
    expect(() => close(ws, 'abc')).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
    expect(() => close(ws, 3000, 'x'.repeat(124))).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
    expect(() => close(ws, 1000, 'é'.repeat(61) + 'a')).not.toThrow();
  });

  it('delivers binary frames as Blob or ArrayBuffer after binaryType; ignores values outside the enumeration', () => {
    const { construct, served } = setup();
    const ws = construct('ws://server.test/feed')!;
    const seen = events(ws);
    served.command({ k: 'serveOpen', id: 1, protocol: '', extensions: '' });
    served.command({ k: 'serveMessage', id: 1, data: new Uint8Array([1]).buffer });
    ws.binaryType = 'arraybuffer';
    ws.binaryType = 'nonsense';
    served.command({ k: 'serveMessage', id: 1, data: new Uint8Array([2]).buffer });
    expect(ws.binaryType).toBe('arraybuffer');
    expect(seen.slice(1)).toEqual(['message [object Blob]', 'message [object ArrayBuffer]']);
  });

  it('on* handler attributes: set in place, replaced in place, removed by null', () => {
    const { construct, served } = setup();
    const ws = construct('ws://server.test/feed')! as FakeWebSocket & { onmessage: unknown };
    const calls: string[] = [];
    ws.addEventListener('message', () => calls.push('A'));
    ws.onmessage = () => calls.push('on1');
    ws.addEventListener('message', () => calls.push('B'));
    served.command({ k: 'serveOpen', id: 1, protocol: '', extensions: '' });
    served.command({ k: 'serveMessage', id: 1, data: '1' });
    ws.onmessage = () => calls.push('on2');
    served.command({ k: 'serveMessage', id: 1, data: '2' });
    ws.onmessage = null;
    served.command({ k: 'serveMessage', id: 1, data: '3' });
    ws.onmessage = 'not a function';
    expect(ws.onmessage).toBeNull();
    expect(calls).toEqual(['A', 'on1', 'B', 'A', 'on2', 'B', 'A', 'B']);
  });
});

describe("the hook's served slot (the served sockets are a script of their own)", () => {
  /** The slot as the hook makes it, and the served script's listener when `present`. */
  function slot(marker: unknown, present: boolean) {
    const win = fakeWindow(marker);
    const n = captureNatives(win);
    // Node has no window to dispatch on: its events go to a plain EventTarget standing for it.
    const windowEvents = new EventTarget();
    n.dispatchEvent = (target, event) => (target === win ? windowEvents.dispatchEvent(event) : EventTarget.prototype.dispatchEvent.call(target, event));
    const asked: unknown[] = [];
    if (present) {
      windowEvents.addEventListener(
        SERVED_ASK_EVENT,
        (event) => {
          asked.push(event.type);
          event.stopImmediatePropagation();
          ((event as MessageEvent).data as (factory: typeof createServedSockets) => void)(createServedSockets);
        },
        true,
      );
    }
    const served = createServedSlot(win, n, () => undefined, FakeWebSocket.prototype, FakeWebSocket.prototype.send);
    const construct = (...args: unknown[]) => served.construct(argumentsOf(...args), FakeWebSocket) as FakeWebSocket | undefined;
    return { served, construct, asked };
  }

  it('answers "not served" for everything without asking while no marker names this document', () => {
    for (const marker of [undefined, { page: 'http://page.test/other.html', patterns: ['ws://server.test/*'], ids: ['s1'] }]) {
      const { served, construct, asked } = slot(marker, true);
      expect(construct('ws://server.test/feed')).toBeUndefined();
      expect(asked).toEqual([]);
      const socket = new FakeWebSocket();
      expect([served.readyState(socket), served.url(socket), served.scriptOf(socket), served.binaryType(socket)]).toEqual([undefined, undefined, undefined, undefined]);
      expect(served.command({ k: 'serveOpen', id: 1, protocol: '', extensions: '' })).toBe(false);
    }
  });

  it('asks the served script once, at the first construction in a document the marker names, and then serves through it', () => {
    const { served, construct, asked } = slot({ page, patterns: ['ws://server.test/*'], ids: ['s1'] }, true);
    const ws = construct('ws://server.test/feed')!;
    expect(ws).toBeInstanceOf(FakeWebSocket);
    expect(served.scriptOf(ws)).toBe('s1');
    expect(construct('ws://other.test/feed')).toBeUndefined();
    served.bind(ws, 7);
    expect(served.command({ k: 'serveOpen', id: 7, protocol: 'p', extensions: '' })).toBe(true);
    expect([ws.readyState, ws.protocol]).toEqual([1, 'p']);
    expect(asked).toEqual([SERVED_ASK_EVENT]);
  });

  it('leaves the socket to the network when the served script is not in the document', () => {
    const { construct } = slot({ page, patterns: ['ws://server.test/*'], ids: ['s1'] }, false);
    expect(construct('ws://server.test/feed')).toBeUndefined();
  });
});
