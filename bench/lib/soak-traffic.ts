/**
 * The server side of the soak's traffic (bench/soak.bench-run.ts, page bench/pages/soak.js): each
 * `/soak` socket gets `rate` messages per second, a mix of small JSON text (~65 %), larger JSON
 * text of 1-4 KB (~15 %) and binary frames of 128 B-4 KB (~20 %). One timer serves every socket,
 * so twenty sockets cost the server one wake-up every 50 ms.
 *
 * What the page sends is only read for its commands ("pause", "resume", "close:CODE"); the rest is
 * ignored (the page counts what it sent; the soak checks the panel against the page, not the
 * server).
 */
import type { WebSocket } from 'ws';

const TICK_MS = 50;
const SYMBOLS = ['BTC-USD', 'ETH-USD', 'SOL-USD', 'XRP-USD', 'ADA-USD', 'DOT-USD'];

interface SoakSocket {
  ws: WebSocket;
  id: number;
  rate: number;
  n: number;
  credit: number;
  paused: boolean;
  random: () => number;
}

/** A small deterministic generator (LCG), so that every run sends the same mix per socket id. */
export function seeded(seed: number): () => number {
  let state = (seed * 2654435761 + 12345) >>> 0;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
}

export function soakServerMessage(s: Pick<SoakSocket, 'id' | 'n' | 'random'>): string | Buffer {
  const r = s.random();
  const sym = SYMBOLS[s.n % SYMBOLS.length];
  if (r < 0.65) {
    const pad = 'q'.repeat(Math.floor(s.random() * 100));
    return `{"type":"quote","sock":${s.id},"n":${s.n},"sym":"${sym}","bid":${(40000 + s.random() * 100).toFixed(2)},"ask":${(40100 + s.random() * 100).toFixed(2)},"ts":${Date.now()},"pad":"${pad}"}`;
  }
  if (r < 0.8) {
    const levels = 40 + Math.floor(s.random() * 120);
    const rows: string[] = [];
    for (let i = 0; i < levels; i++) rows.push(`[${(40000 + i * 0.5).toFixed(1)},${(s.random() * 3).toFixed(4)}]`);
    return `{"type":"book","sock":${s.id},"n":${s.n},"sym":"${sym}","levels":[${rows.join(',')}]}`;
  }
  const bytes = Buffer.alloc(128 + Math.floor(s.random() * 3968));
  bytes.writeUInt32BE(s.id, 0);
  bytes.writeUInt32BE(s.n, 4);
  for (let i = 8; i < bytes.length; i++) bytes[i] = (s.n + i * 31) & 255;
  return bytes;
}

export function createSoakTicker() {
  const sockets = new Set<SoakSocket>();
  let last = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    const dt = now - last;
    last = now;
    for (const s of sockets) {
      if (s.paused || s.ws.readyState !== s.ws.OPEN) continue;
      // Due by the clock, at most a second's worth at once (after a stall the rate catches up
      // gently instead of in one burst).
      s.credit = Math.min(s.rate, s.credit + (s.rate * dt) / 1000);
      for (; s.credit >= 1; s.credit--) {
        s.n++;
        const message = soakServerMessage(s);
        s.ws.send(message, { binary: typeof message !== 'string' });
      }
    }
  }, TICK_MS);
  timer.unref();

  return {
    add(ws: WebSocket, id: number, rate: number): void {
      const s: SoakSocket = { ws, id, rate, n: 0, credit: 0, paused: false, random: seeded(id) };
      sockets.add(s);
      ws.on('close', () => sockets.delete(s));
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (isBinary || data.length > 16) return;
        const text = data.toString();
        if (text === 'pause') {
          s.paused = true;
          s.credit = 0;
          ws.send('paused');
        } else if (text === 'resume') s.paused = false;
        else if (text.startsWith('close:')) {
          s.paused = true;
          ws.close(Number(text.slice(6)), 'server churn');
        }
      });
    },
    stop(): void {
      clearInterval(timer);
      sockets.clear();
    },
  };
}
