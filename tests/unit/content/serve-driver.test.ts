import { describe, expect, it } from 'vitest';
import { createServeDriver, type ServeMarkerStore } from '../../../src/content/serve-driver';
import type { CreateServePlayer, ServeClock, ServePlayerOutputs } from '../../../src/content/serve-player';
import { createServePlayer } from '../../../src/serve/player';
import type { HookCommand } from '../../../src/protocol/hook-dialect';
import type { ServeScript } from '../../../src/protocol/serve';

/** A clock whose time moves only when the test says so. */
function fakeClock(): ServeClock & { advance(ms: number): void } {
  let now = 0;
  let next = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = next++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = until;
    },
  };
}

function memoryMarker(initial: string | null = null): ServeMarkerStore & { value: string | null } {
  const store = {
    value: initial,
    read: () => store.value,
    write: (text: string) => void (store.value = text),
    remove: () => void (store.value = null),
  };
  return store;
}

const script = (id: string, extra: Partial<ServeScript> = {}): ServeScript => ({
  id,
  pattern: `ws://s/${id}`,
  mode: 'conversational',
  speed: 1,
  match: { kind: 'exact' },
  protocol: 'chat',
  extensions: '',
  frames: [
    { dir: 0, at: 10, text: 'hi' },
    { dir: 1, at: 15, text: 'hello' },
  ],
  close: { at: 20, code: 4000, reason: 'end', wasClean: true },
  label: id,
  ...extra,
});

function setup(marker = memoryMarker(), createPlayer: CreateServePlayer = createServePlayer) {
  const clock = fakeClock();
  const commands: HookCommand[] = [];
  const driver = createServeDriver({ pageUrl: () => 'http://page/', marker, clock, createPlayer, toHook: (c) => commands.push(c) > 0 });
  return { driver, clock, commands, marker };
}

describe('serve driver', () => {
  it('writes the marker with patterns and ids only, and removes it when nothing is served', () => {
    const { driver, marker } = setup();
    driver.setScripts([script('a'), script('b', { pattern: 'ws://s/*' })]);
    expect(JSON.parse(marker.value!)).toEqual({ page: 'http://page/', patterns: ['ws://s/a', 'ws://s/*'], ids: ['a', 'b'] });
    expect(marker.value).not.toContain('hello');
    driver.setScripts([]);
    expect(marker.value).toBeNull();
  });

  it("writes the first marker only once the page's served script is in (prepare), and follows the scripts after", async () => {
    const marker = memoryMarker();
    let ready!: () => void;
    let prepared = 0;
    const prepare = () => {
      prepared++;
      return new Promise<void>((resolve) => (ready = resolve));
    };
    const driver = createServeDriver({ pageUrl: () => 'http://page/', marker, clock: fakeClock(), createPlayer: createServePlayer, toHook: () => true, prepare });
    driver.setScripts([script('a')]);
    driver.setScripts([script('a'), script('b')]);
    expect(marker.value).toBeNull();
    ready();
    await Promise.resolve();
    expect(JSON.parse(marker.value!).ids).toEqual(['a', 'b']);
    driver.setScripts([]);
    expect(marker.value).toBeNull();
    driver.setScripts([script('c')]);
    expect(JSON.parse(marker.value!).ids).toEqual(['c']);
    expect(prepared).toBe(1);
  });

  it('writes no marker when serving stopped before the served script was in', async () => {
    const marker = memoryMarker();
    let ready!: () => void;
    const driver = createServeDriver({ pageUrl: () => 'http://page/', marker, clock: fakeClock(), createPlayer: createServePlayer, toHook: () => true, prepare: () => new Promise<void>((resolve) => (ready = resolve)) });
    driver.setScripts([script('a')]);
    driver.setScripts([]);
    ready();
    await Promise.resolve();
    expect(marker.value).toBeNull();
  });

  it('removes a marker written for another document, and keeps one written for this one', () => {
    expect(setup(memoryMarker(JSON.stringify({ page: 'http://elsewhere/', patterns: [], ids: [] }))).marker.value).toBeNull();
    expect(setup(memoryMarker('not json')).marker.value).toBeNull();
    const mine = JSON.stringify({ page: 'http://page/', patterns: ['ws://s/a'], ids: ['a'] });
    expect(setup(memoryMarker(mine)).marker.value).toBe(mine);
  });

  it("plays a script: open with the recorded handshake, answers the page's message, closes as recorded", () => {
    const { driver, clock, commands } = setup();
    driver.setScripts([script('a')]);
    driver.created(7, 'a');
    clock.advance(0);
    expect(commands).toEqual([{ k: 'serveOpen', id: 7, protocol: 'chat', extensions: '' }]);
    driver.pageSent(7, 'hi');
    clock.advance(1000);
    expect(commands.slice(1)).toEqual([
      { k: 'serveMessage', id: 7, data: 'hello' },
      { k: 'serveClose', id: 7, code: 4000, reason: 'end', wasClean: true },
    ]);
  });

  it('a socket served before the scripts arrive waits for them, and fails if they never come', () => {
    const { driver, clock, commands } = setup();
    driver.created(1, 'a');
    driver.created(2, 'a');
    expect(commands).toEqual([]);
    driver.setScripts([script('a')]);
    clock.advance(0);
    expect(commands).toEqual([
      { k: 'serveOpen', id: 1, protocol: 'chat', extensions: '' },
      { k: 'serveOpen', id: 2, protocol: 'chat', extensions: '' },
    ]);
    const late = setup();
    late.driver.created(3, 'a');
    late.clock.advance(5000);
    expect(late.commands).toEqual([{ k: 'serveFail', id: 3 }]);
  });

  it('fails a socket whose script is unknown or never opened', () => {
    const { driver, commands } = setup();
    driver.setScripts([script('never', { neverOpened: true })]);
    driver.created(1, 'missing');
    driver.created(2, 'never');
    expect(commands).toEqual([
      { k: 'serveFail', id: 1 },
      { k: 'serveFail', id: 2 },
    ]);
  });

  it('serving stopped closes sockets still served as a server going away (1001, clean), and nothing plays after', () => {
    const { driver, clock, commands } = setup();
    driver.setScripts([script('a'), script('b')]);
    driver.created(1, 'a');
    driver.created(2, 'b');
    driver.setScripts([script('b')]);
    expect(commands.at(-1)).toEqual({ k: 'serveClose', id: 1, code: 1001, reason: '', wasClean: true });
    driver.pageSent(1, 'hi');
    clock.advance(100);
    expect(commands.filter((c) => 'id' in c && c.id === 1 && c.k === 'serveMessage')).toEqual([]);
    expect(driver.serves(1)).toBe(false);
    expect(driver.serves(2)).toBe(true);
  });

  it('feeds the player what the page does, and stops it when the socket closes', () => {
    const calls: string[] = [];
    let out: ServePlayerOutputs | undefined;
    const spy: CreateServePlayer = (_script, _clock, outputs) => {
      out = outputs;
      return {
        start: () => calls.push('start'),
        pageSent: (data) => calls.push(`sent ${String(data)}`),
        pageClosed: (code, reason) => calls.push(`pageClosed ${code} ${reason}`),
        stop: () => calls.push('stop'),
      };
    };
    const { driver, commands } = setup(memoryMarker(), spy);
    driver.setScripts([script('a')]);
    driver.created(1, 'a');
    driver.pageSent(1, 'x');
    driver.pageClosing(1);
    driver.closed(1, 3000, 'bye');
    expect(calls).toEqual(['start', 'sent x', 'pageClosed 3000 bye', 'stop']);
    // A buffer the player hands out is copied: the one sent to the page is moved (transferred).
    const buffer = new Uint8Array([1, 2]).buffer;
    driver.created(2, 'a');
    out!.deliver(buffer);
    const sent = commands.at(-1) as Extract<HookCommand, { k: 'serveMessage' }>;
    expect(sent.data).not.toBe(buffer);
    expect([...new Uint8Array(sent.data as ArrayBuffer)]).toEqual([1, 2]);
  });
});
