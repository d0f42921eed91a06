/**
 * The page hook's end of the service worker channel (src/page/service-worker-inbox.ts): which
 * messages on `navigator.serviceWorker` it takes and hides, what it relays, where commands go.
 * Events are fakes with the shape the inbox reads through native getters (isTrusted as an own
 * accessor, `data` / `source` / `ports` on MessageEvent.prototype); ports are Node's real ones.
 */
import { MessageChannel as NodeMessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { listenToServiceWorkers } from '../../../src/page/service-worker-inbox';
import type { HookLink } from '../../../src/page/hook-link';
import type { Natives } from '../../../src/page/natives';
import { HOOK_SW_PORT_TAG, type HookCommand } from '../../../src/protocol/hook-dialect';
import { HOOK_DIALECT_VERSION } from '../../../src/protocol/version';

class FakeServiceWorker {
  constructor(private readonly url: string) {}
  get scriptURL(): string {
    // As the native getter: a TypeError for anything but a ServiceWorker.
    if (!(this instanceof FakeServiceWorker)) throw new TypeError('Illegal invocation');
    return this.url;
  }
}

class FakeMessageEvent {
  stopped = false;
  constructor(private readonly init: { data: unknown; source: unknown; ports: MessagePort[]; trusted: boolean }) {
    Object.defineProperty(this, 'isTrusted', { get: () => init.trusted, enumerable: true });
  }
  get data(): unknown {
    return this.init.data;
  }
  get source(): unknown {
    return this.init.source;
  }
  get ports(): MessagePort[] {
    return this.init.ports;
  }
}

function setup() {
  const listeners: ((event: unknown) => void)[] = [];
  const container = { addEventListener: (_type: string, listener: (event: unknown) => void) => listeners.push(listener) };
  const natives = {
    uncurry: (fn: (...args: unknown[]) => unknown) => (self: unknown, ...args: unknown[]) => Reflect.apply(fn, self, args),
    getOwnPropertyDescriptor: Object.getOwnPropertyDescriptor,
    apply: Reflect.apply,
    setPrototypeOf: Object.setPrototypeOf,
    MessageEvent: FakeMessageEvent,
    messageEventData: (event: FakeMessageEvent) => event.data,
    stopImmediatePropagation: (event: FakeMessageEvent) => void (event.stopped = true),
    addEventListener: (target: { addEventListener(type: string, l: unknown): void }, type: string, listener: unknown) => target.addEventListener(type, listener),
    portStart: (port: MessagePort) => port.start(),
    portPostMessage: (port: MessagePort, message: unknown) => port.postMessage(message),
    stringSlice: (s: string, a: number, b: number) => s.slice(a, b),
  } as unknown as Natives;
  const posted: unknown[] = [];
  const link = { post: (message: unknown) => posted.push(message), onMessage() {}, onTeardown() {} } as HookLink;
  const win = { ServiceWorker: FakeServiceWorker, ServiceWorkerContainer: class {}, navigator: { serviceWorker: container }, String } as unknown as typeof globalThis;
  const relay = listenToServiceWorkers(win, natives, link)!;
  const dispatch = (event: FakeMessageEvent) => {
    for (const listener of listeners) listener(event);
    return event;
  };
  return { relay, posted, dispatch };
}

const flush = () => new Promise((r) => setTimeout(r, 10));
const TAG = { [HOOK_SW_PORT_TAG]: HOOK_DIALECT_VERSION };
const SW = new FakeServiceWorker('https://app.test/sw.js');

describe('listenToServiceWorkers', () => {
  it("takes and hides a real service worker's tagged port, and relays its batches labelled with the worker's script", async () => {
    const s = setup();
    const channel = new NodeMessageChannel();
    const event = s.dispatch(new FakeMessageEvent({ data: TAG, source: SW, ports: [channel.port2 as unknown as MessagePort], trusted: true }));
    expect(event.stopped).toBe(true);
    channel.port1.postMessage({ v: HOOK_DIALECT_VERSION, records: [{ k: 'open' }] });
    await flush();
    expect(s.posted).toEqual([{ v: HOOK_DIALECT_VERSION, records: [{ k: 'open' }], ctx: { w: 's1', kind: 'serviceworker', url: 'https://app.test/sw.js', shared: true } }]);
    channel.port1.close();
  });

  it('leaves untrusted events, other sources, other tags and other port counts to the page', () => {
    const s = setup();
    const port = new NodeMessageChannel().port2 as unknown as MessagePort;
    const cases = [
      new FakeMessageEvent({ data: TAG, source: SW, ports: [port], trusted: false }),
      new FakeMessageEvent({ data: TAG, source: { scriptURL: 'x' }, ports: [port], trusted: true }),
      new FakeMessageEvent({ data: { [HOOK_SW_PORT_TAG]: 'hello' }, source: SW, ports: [port], trusted: true }),
      new FakeMessageEvent({ data: 'plain', source: SW, ports: [port], trusted: true }),
      new FakeMessageEvent({ data: TAG, source: SW, ports: [], trusted: true }),
    ];
    for (const event of cases) expect(s.dispatch(event).stopped).toBe(false);
    (port as unknown as { close(): void }).close();
  });

  it('sends commands for its sockets down the right port, config to all, and leaves other workers alone', async () => {
    const s = setup();
    const channels = [new NodeMessageChannel(), new NodeMessageChannel()];
    for (const c of channels) s.dispatch(new FakeMessageEvent({ data: TAG, source: SW, ports: [c.port2 as unknown as MessagePort], trusted: true }));
    const got: unknown[][] = [[], []];
    channels.forEach((c, i) => c.port1.on('message', (m) => got[i].push(m)));
    const send = { k: 'send', ref: 1, id: 3, data: 'x', marks: {}, w: 's2' } as HookCommand;
    expect(s.relay(send)).toBe(true);
    expect(s.relay({ k: 'send', ref: 2, id: 3, data: 'y', marks: {}, w: '4' } as HookCommand)).toBe(false);
    expect(s.relay({ k: 'config', maxMessageBytes: 5 })).toBe(false);
    await flush();
    expect(got[0]).toEqual([{ k: 'config', maxMessageBytes: 5 }]);
    expect(got[1]).toEqual([{ k: 'send', ref: 1, id: 3, data: 'x', marks: {} }, { k: 'config', maxMessageBytes: 5 }]);
    for (const c of channels) c.port1.close();
  });
});
