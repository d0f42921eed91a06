/**
 * The service worker's link to its window clients (src/page/service-worker-link.ts), with fake
 * `clients` / `Client` and Node's real MessageChannel.
 */
import { MessageChannel as NodeMessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createServiceWorkerLink, SERVICE_WORKER_BUFFER_LIMIT } from '../../../src/page/service-worker-link';
import type { Natives } from '../../../src/page/natives';
import { HOOK_SW_PORT_TAG } from '../../../src/protocol/hook-dialect';
import { HOOK_DIALECT_VERSION } from '../../../src/protocol/version';

class FakeClient {
  readonly received: { message: unknown; port: MessagePort }[] = [];
  constructor(private readonly clientId: string) {}
  get id(): string {
    return this.clientId;
  }
  postMessage(message: unknown, transfer: MessagePort[]): void {
    this.received.push({ message, port: transfer[0] });
  }
}

function setup() {
  let clock = 0;
  const timers: (() => void)[] = [];
  const list: FakeClient[] = [];
  const asked: unknown[] = [];
  class Clients {
    matchAll(options: unknown) {
      asked.push({ ...(options as object) });
      return Promise.resolve([...list]);
    }
  }
  const natives = {
    uncurry: (fn: (...args: unknown[]) => unknown) => (self: unknown, ...args: unknown[]) => Reflect.apply(fn, self, args),
    getOwnPropertyDescriptor: Object.getOwnPropertyDescriptor,
    getPrototypeOf: Object.getPrototypeOf,
    apply: Reflect.apply,
    setPrototypeOf: Object.setPrototypeOf,
    MessageChannel: NodeMessageChannel,
    addEventListener: (target: EventTarget, type: string, listener: (e: Event) => void) => target.addEventListener(type, listener),
    portStart: (port: MessagePort) => port.start(),
    portPostMessage: (port: MessagePort, message: unknown) => port.postMessage(message),
    now: () => clock,
    promiseThen: (p: Promise<unknown>, ok: (v: unknown) => unknown, err?: (e: unknown) => unknown) => p.then(ok, err),
    setTimeout: (fn: () => void) => timers.push(fn),
  } as unknown as Natives;
  const scope = { clients: new Clients(), Clients, Client: FakeClient, Object } as unknown as typeof globalThis;
  const link = createServiceWorkerLink(scope, natives);
  return {
    link,
    list,
    asked,
    timers,
    advance: (ms: number) => (clock += ms),
  };
}

const flush = () => new Promise((r) => setTimeout(r, 10));

/** Messages that arrive on the page's end of a client's port. */
function collect(port: MessagePort): unknown[] {
  const got: unknown[] = [];
  port.addEventListener('message', (e) => got.push((e as MessageEvent).data));
  port.start();
  return got;
}

describe('createServiceWorkerLink', () => {
  it('keeps batches while no client exists and gives them to the first client, after its tagged port', async () => {
    const s = setup();
    s.link.post({ v: 1, records: ['a'] });
    await flush();
    expect(s.asked).toEqual([{ includeUncontrolled: true, type: 'window' }]);
    // No client yet: it looks again later, even if the worker stays quiet.
    expect(s.timers).toHaveLength(1);
    s.link.post({ v: 1, records: ['b'] });
    const client = new FakeClient('c1');
    s.list.push(client);
    s.advance(1000);
    s.timers.shift()!();
    await flush();
    expect(client.received).toHaveLength(1);
    expect(client.received[0].message).toEqual({ [HOOK_SW_PORT_TAG]: HOOK_DIALECT_VERSION });
    const got = collect(client.received[0].port);
    await flush();
    expect(got).toEqual([{ v: 1, records: ['a'] }, { v: 1, records: ['b'] }]);
  });

  it('sends every batch to every client it has reached, and hears commands from each', async () => {
    const s = setup();
    const [one, two] = [new FakeClient('1'), new FakeClient('2')];
    s.list.push(one, two);
    const commands: unknown[] = [];
    s.link.onMessage((e) => commands.push((e as MessageEvent).data));
    s.link.post({ v: 1, records: ['x'] });
    await flush();
    const gotOne = collect(one.received[0].port);
    const gotTwo = collect(two.received[0].port);
    s.advance(1000);
    s.link.post({ v: 1, records: ['y'] });
    await flush();
    expect(gotOne).toEqual([{ v: 1, records: ['x'] }, { v: 1, records: ['y'] }]);
    expect(gotTwo).toEqual([{ v: 1, records: ['y'] }]);
    two.received[0].port.postMessage({ k: 'send', ref: 1 });
    await flush();
    expect(commands).toEqual([{ k: 'send', ref: 1 }]);
    // A client is given its port once.
    expect(one.received).toHaveLength(1);
    expect(two.received).toHaveLength(1);
  });

  it('looks for clients at most once a second while batches come', async () => {
    const s = setup();
    s.list.push(new FakeClient('1'));
    s.link.post({ v: 1, records: [] });
    await flush();
    for (let i = 0; i < 5; i++) s.link.post({ v: 1, records: [] });
    await flush();
    expect(s.asked).toHaveLength(1);
    s.advance(1000);
    s.link.post({ v: 1, records: [] });
    await flush();
    expect(s.asked).toHaveLength(2);
  });

  it('drops the oldest batches past its limit and says how many records were lost', async () => {
    const s = setup();
    for (let i = 0; i < SERVICE_WORKER_BUFFER_LIMIT + 2; i++) s.link.post({ v: 1, records: [i, i] });
    await flush();
    const client = new FakeClient('late');
    s.list.push(client);
    s.advance(1000);
    s.timers.shift()!();
    await flush();
    const got = collect(client.received[0].port) as { records: unknown[] }[];
    await flush();
    expect(got).toHaveLength(SERVICE_WORKER_BUFFER_LIMIT + 1);
    expect(got[0].records).toEqual([2, 2]);
    expect(got.at(-1)).toEqual({ v: HOOK_DIALECT_VERSION, records: [{ k: 'lost', count: 4 }] });
    expect(s.link.dropped()).toBe(4);
  });
});
