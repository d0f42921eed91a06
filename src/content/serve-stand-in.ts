/**
 * A small stand-in for the serving engine (src/serve/ `createServePlayer`, built on another
 * branch), so that the page side can be tested before it lands; the bridge uses the engine once
 * merged. It plays the recorded frames in order: a server frame after its recorded gap (divided
 * by `speed`; 0: at once); in conversational mode a page frame is the page's turn, and the
 * conversation waits for a message equal to it (others are `unmatched`); in timed mode page frames
 * are skipped. After the last frame it closes as recorded.
 */
import { base64ToBytes } from '../lib/bytes';
import type { ServeFrame } from '../protocol/serve';
import type { CreateServePlayer } from './serve-player';

const sameData = (a: string | ArrayBuffer, frame: ServeFrame): boolean => {
  if (typeof a === 'string') return frame.text === a;
  if (frame.base64 === undefined) return false;
  const expected = base64ToBytes(frame.base64);
  const got = new Uint8Array(a);
  return got.length === expected.length && got.every((byte, i) => byte === expected[i]);
};

export const createSequentialServePlayer: CreateServePlayer = (script, clock, out) => {
  let next = 0;
  let lastAt = 0;
  let timer: unknown;
  let stopped = false;
  const waitFor = (at: number) => (script.speed > 0 ? Math.max(0, at - lastAt) / script.speed : 0);

  function advance(): void {
    if (stopped) return;
    const frame = script.frames[next];
    if (!frame) {
      const close = script.close;
      if (close) timer = clock.setTimeout(() => !stopped && out.close(close.code, close.reason, close.wasClean), waitFor(close.at));
      return;
    }
    if (frame.dir === 0) {
      if (script.mode === 'conversational') return; // the page's turn
      next++;
      return advance();
    }
    timer = clock.setTimeout(() => {
      if (stopped) return;
      next++;
      lastAt = frame.at;
      out.deliver(frame.text !== undefined ? frame.text : (base64ToBytes(frame.base64 ?? '').buffer as ArrayBuffer));
      advance();
    }, waitFor(frame.at));
  }

  return {
    start() {
      out.open(script.protocol, script.extensions);
      advance();
    },
    pageSent(data) {
      if (stopped || script.mode !== 'conversational') return;
      const frame = script.frames[next];
      if (!frame || frame.dir !== 0 || (script.match.kind === 'exact' && !sameData(data, frame))) return out.unmatched(data);
      next++;
      lastAt = frame.at;
      advance();
    },
    pageClosed() {
      this.stop();
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clock.clearTimeout(timer);
    },
  };
};
