// The page side of the soak (bench/soak.bench-run.ts): keeps `sockets` WebSockets to the bench
// server's /soak endpoint, replaces one every `churnMs` (closed by the page or, on request, by the
// server, with a random clean close code), sends mixed traffic on each (small and larger JSON text,
// ArrayBuffer, typed-array views, Blobs) and receives the server's (half the sockets with
// binaryType "arraybuffer", half "blob"). Counts every message it sent and received, per socket,
// and of those the JSON texts that carry the socket's id ("sock":N, sent or received: `marked`).
// The same with and without the extension; the driver calls `__soak.*` through CDP or BiDi.
(() => {
  let options;
  let paused = false;
  let nextId = 1;
  const sockets = []; // every socket ever opened, in order
  const totals = { sent: 0, received: 0, textOut: 0, arrayBufferOut: 0, viewOut: 0, blobOut: 0, textIn: 0, arrayBufferIn: 0, blobIn: 0, closedByPage: 0, closedByServer: 0, errors: 0 };
  let ring; // held bytes of the newest messages, as the bridge's history counts them (text: 2 B per UTF-16 unit)
  let ringAt = 0;
  let ringSum = 0;
  let sendTimer;
  let churnTimer;

  // Deterministic choices (LCG), so that runs repeat the same mix.
  let seed = 7;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  const pick = (list) => list[Math.floor(random() * list.length)];

  function held(bytes) {
    ringSum += bytes - ring[ringAt];
    ring[ringAt] = bytes;
    ringAt = (ringAt + 1) % ring.length;
  }

  function open() {
    const id = nextId++;
    const url = `${options.wsBase}/soak?id=${id}&rate=${options.serverRate}`;
    const s = { id, url, binaryType: id % 2 ? 'blob' : 'arraybuffer', state: 'connecting', sent: 0, received: 0, marked: 0, credit: 0, createdAt: Date.now(), pauseSent: false, acked: false, waiters: [] };
    const ws = new WebSocket(url);
    ws.binaryType = s.binaryType;
    s.ws = ws;
    ws.onopen = () => {
      s.state = 'open';
      if (paused) requestPause(s);
      settle(s);
    };
    ws.onmessage = (event) => {
      const data = event.data;
      s.received++;
      totals.received++;
      if (typeof data === 'string') {
        totals.textIn++;
        held(data.length * 2);
        if (data === 'paused') s.acked = true;
        else if (data.startsWith(`{"type":`)) s.marked++;
      } else if (data instanceof Blob) {
        totals.blobIn++;
        held(data.size);
      } else {
        totals.arrayBufferIn++;
        held(data.byteLength);
      }
      settle(s);
    };
    ws.onerror = () => totals.errors++;
    ws.onclose = (event) => {
      s.state = 'closed';
      s.closeCode = event.code;
      s.wasClean = event.wasClean;
      s.closedAt = Date.now();
      settle(s);
    };
    sockets.push(s);
    return s;
  }

  function send(s, data, bytes) {
    s.ws.send(data);
    s.sent++;
    totals.sent++;
    held(bytes);
  }

  /** One message of the page's mix. */
  function sendOne(s) {
    const r = random();
    if (r < 0.6) {
      const text = `{"type":"order","sock":${s.id},"n":${s.sent},"side":"${random() < 0.5 ? 'buy' : 'sell'}","qty":${(random() * 5).toFixed(3)},"pad":"${'p'.repeat(Math.floor(random() * 120))}"}`;
      totals.textOut++;
      s.marked++;
      return send(s, text, text.length * 2);
    }
    if (r < 0.75) {
      const items = [];
      for (let i = 0, n = 30 + Math.floor(random() * 120); i < n; i++) items.push(`{"k":${i},"v":"${(random() * 1e6).toFixed(0)}"}`);
      const text = `{"type":"batch","sock":${s.id},"n":${s.sent},"items":[${items.join(',')}]}`;
      totals.textOut++;
      s.marked++;
      return send(s, text, text.length * 2);
    }
    const bytes = new Uint8Array(128 + Math.floor(random() * 3968));
    for (let i = 0; i < bytes.length; i++) bytes[i] = (s.sent + i * 7) & 255;
    if (r < 0.85) {
      totals.arrayBufferOut++;
      return send(s, bytes.buffer, bytes.length);
    }
    if (r < 0.95) {
      // A view into a larger buffer: only its bytes are sent.
      const view = bytes.subarray(16, bytes.length - 16);
      totals.viewOut++;
      return send(s, view, view.length);
    }
    totals.blobOut++;
    return send(s, new Blob([bytes]), bytes.length);
  }

  /** Sockets the page may send on: open, not being closed, not paused. */
  const live = (s) => s.state === 'open' && !s.closing && !paused;

  function sendTick() {
    const now = performance.now();
    const dt = now - (sendTick.last ?? now);
    sendTick.last = now;
    for (const s of sockets) {
      if (!live(s)) continue;
      s.credit = Math.min(options.pageRate, s.credit + (options.pageRate * dt) / 1000);
      for (; s.credit >= 1 && live(s); s.credit--) sendOne(s);
    }
  }

  function churn() {
    if (paused) return;
    const candidates = sockets.filter((s) => s.state === 'open' && !s.closing);
    if (!candidates.length) return;
    const s = pick(candidates);
    s.closing = true;
    if (random() < 0.5) {
      // The page closes: 1000 or an application code (the only ones close() accepts).
      s.closedBy = 'page';
      totals.closedByPage++;
      s.ws.close(pick([1000, 3000 + Math.floor(random() * 1000), 4000 + Math.floor(random() * 1000)]), 'page churn');
      s.state = 'closing';
    } else {
      // The server closes, with a code a server may use.
      s.closedBy = 'server';
      totals.closedByServer++;
      send(s, `close:${pick([1000, 1001, 1008, 1011, 4000 + Math.floor(random() * 1000)])}`, 20);
    }
    open();
  }

  function requestPause(s) {
    if (s.pauseSent || s.closing) return;
    s.pauseSent = true;
    send(s, 'pause', 10);
  }

  /** A socket is quiet when it is closed, or open with the server's "paused" received. */
  const quiet = (s) => s.state === 'closed' || (s.state === 'open' && !s.closing && s.acked);

  function settle(s) {
    if (!quiet(s)) return;
    const waiters = s.waiters;
    s.waiters = [];
    for (const w of waiters) w();
  }

  function start(o) {
    options = o;
    ring = new Float64Array(o.historyMessages);
    for (let i = 0; i < o.sockets; i++) open();
    sendTimer = setInterval(sendTick, 50);
    churnTimer = setInterval(churn, o.churnMs);
    return true;
  }

  /**
   * Stops all traffic: no more sends or churn; every open socket asks the server to pause and
   * waits for its "paused"; sockets being closed finish closing. Resolves with the summary once
   * nothing moves (or after 20 s, saying which sockets did not settle).
   */
  function pause() {
    paused = true;
    for (const s of sockets) if (s.state === 'open') requestPause(s);
    const waits = sockets.filter((s) => !quiet(s)).map((s) => new Promise((resolve) => s.waiters.push(resolve)));
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), 20_000));
    return Promise.race([Promise.all(waits), timeout]).then((outcome) => ({
      ...summary(),
      unsettled: outcome === 'timeout' ? sockets.filter((s) => !quiet(s)).map((s) => `${s.id}:${s.state}`) : [],
    }));
  }

  function resume() {
    paused = false;
    for (const s of sockets) {
      if (s.state !== 'open' || s.closing) continue;
      s.pauseSent = false;
      s.acked = false;
      send(s, 'resume', 12);
    }
    return true;
  }

  const total = () => totals.sent + totals.received;

  function summary() {
    return {
      total: total(),
      ...totals,
      opened: sockets.length,
      open: sockets.filter((s) => s.state === 'open').length,
      historyHeldBytes: ringSum,
      sockets: sockets.map((s) => ({ id: s.id, url: s.url, state: s.state, sent: s.sent, received: s.received, marked: s.marked, createdAt: s.createdAt, closeCode: s.closeCode, wasClean: s.wasClean, closedBy: s.closedBy })),
    };
  }

  /** The total and the ids of every socket so far (cheaper than the summary). */
  const mark = () => ({ total: total(), ids: sockets.map((s) => s.id), historyHeldBytes: ringSum, at: Date.now() });

  function stop() {
    clearInterval(sendTimer);
    clearInterval(churnTimer);
    for (const s of sockets) if (s.state === 'open' || s.state === 'connecting') s.ws.close(1000, 'done');
    return true;
  }

  /** A 256 MB buffer, touched (finding the page's process by its memory), and its release. */
  let ballast;
  function touch() {
    ballast = new Uint8Array(256 << 20).fill(1);
    return ballast.length;
  }
  function release() {
    ballast = undefined;
    return true;
  }

  window.__soak = { start, pause, resume, total, summary, mark, stop, touch, release, ready: true };
})();
