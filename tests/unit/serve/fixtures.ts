/** Scripts, a fake clock and a recording output shared by the serve engine tests. */
import { createFakeClock } from '../intercept/fixtures';
import type { ServeFrame, ServeScript } from '../../../src/protocol/serve';
import { createServePlayer, type ServeClock, type ServeOutput } from '../../../src/serve/player';
import type { ServePayload } from '../../../src/serve/payload';

export const page = (at: number, text: string): ServeFrame => ({ dir: 0, at, text });
export const server = (at: number, text: string): ServeFrame => ({ dir: 1, at, text });
export const pageBytes = (at: number, bytes: number[]): ServeFrame => ({ dir: 0, at, base64: Buffer.from(bytes).toString('base64') });
export const serverBytes = (at: number, bytes: number[]): ServeFrame => ({ dir: 1, at, base64: Buffer.from(bytes).toString('base64') });

export function script(frames: ServeFrame[], fields: Partial<ServeScript> = {}): ServeScript {
  return {
    id: 's1',
    pattern: 'ws://example.test/',
    mode: 'conversational',
    speed: 1,
    match: { kind: 'exact' },
    protocol: '',
    extensions: '',
    frames,
    label: 'test',
    ...fields,
  };
}

export type Event =
  | { t: number; kind: 'open'; protocol: string; extensions: string }
  | { t: number; kind: 'deliver'; data: string | number[] }
  | { t: number; kind: 'close'; code: number; reason: string; wasClean: boolean }
  | { t: number; kind: 'unmatched'; data: string | number[] };

const show = (data: ServePayload) => (typeof data === 'string' ? data : [...new Uint8Array(data)]);

export function buffer(bytes: number[]): ArrayBuffer {
  return Uint8Array.from(bytes).buffer;
}

/** A player on a fake clock, with every call it makes to its output recorded with the time. */
export function play(s: ServeScript) {
  const fake = createFakeClock();
  const clock: ServeClock = { now: fake.now, setTimeout: (fn, ms) => fake.timers.setTimeout(fn, ms), clearTimeout: (h) => fake.timers.clearTimeout(h) };
  const events: Event[] = [];
  const out: ServeOutput = {
    open: (protocol, extensions) => events.push({ t: fake.now(), kind: 'open', protocol, extensions }),
    deliver: (data) => events.push({ t: fake.now(), kind: 'deliver', data: show(data) }),
    close: (code, reason, wasClean) => events.push({ t: fake.now(), kind: 'close', code, reason, wasClean }),
    unmatched: (data) => events.push({ t: fake.now(), kind: 'unmatched', data: show(data) }),
  };
  const player = createServePlayer(s, clock, out);
  return {
    player,
    events,
    fake,
    /** What was delivered, in order. */
    delivered: () => events.filter((e) => e.kind === 'deliver').map((e) => (e as { data: string | number[] }).data),
    unmatched: () => events.filter((e) => e.kind === 'unmatched').map((e) => (e as { data: string | number[] }).data),
    kinds: () => events.map((e) => e.kind),
    /** Sends from the page, then lets the player's asynchronous answers through. */
    send(data: ServePayload) {
      player.pageSent(data);
      fake.advance(0);
    },
  };
}
