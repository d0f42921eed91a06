// The page side of the benchmarks: opens sockets, counts and checks what arrives, records times.
// Everything here runs identically with and without the extension; the driver calls
// `__bench.*` through CDP (Chromium) or WebDriver BiDi (Firefox). It also runs inside a dedicated
// worker (worker.html, bench-worker.js), hence `globalThis` rather than `window`.
(() => {
  let ws;

  /** Opens a socket and resolves once it is open. */
  function connect(url) {
    return new Promise((resolve, reject) => {
      ws = new WebSocket(url);
      ws.binaryType = 'arraybuffer';
      ws.onopen = () => resolve(true);
      ws.onerror = () => reject(new Error(`could not open ${url}`));
    });
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

  /**
   * Page cost: asks the server to stream `text` + `binary` messages, sends `sends` messages of
   * `sendBytes` meanwhile (500 per task, so sending and receiving interleave), and resolves when
   * everything arrived in order and everything was sent.
   */
  function stream({ text, binary, sends, sendBytes }) {
    return new Promise((resolve) => {
      const total = text + binary;
      let texts = 0;
      let bins = 0;
      let bytes = 0;
      let expected = 0;
      let outOfOrder = 0;
      let lastAt = 0;
      let sent = 0;
      let sendDoneAt = -1;
      const pad = 'p'.repeat(Math.max(0, sendBytes - 12));
      const channel = new MessageChannel();
      const startAt = performance.now();
      const finish = () => {
        if (texts + bins < total || sendDoneAt < 0) return;
        const endAt = Math.max(lastAt, sendDoneAt);
        ws.onmessage = null;
        resolve({ wallMs: endAt - startAt, receiveMs: lastAt - startAt, texts, bins, bytes, outOfOrder, sent, endWall: Date.now() });
      };
      ws.onmessage = (event) => {
        const data = event.data;
        let seq;
        if (typeof data === 'string') {
          texts++;
          bytes += data.length;
          seq = +data.slice(7, 14);
        } else {
          bins++;
          bytes += data.byteLength;
          seq = new DataView(data).getUint32(0);
        }
        if (seq !== expected) outOfOrder++;
        expected = seq + 1;
        lastAt = performance.now();
        if (texts + bins === total) finish();
      };
      const pump = () => {
        const stop = Math.min(sends, sent + 500);
        for (; sent < stop; sent++) ws.send(`${String(sent).padStart(10, '0')}|${pad}`);
        if (sent < sends) channel.port2.postMessage(0);
        else {
          sendDoneAt = performance.now();
          channel.port1.close();
          finish();
        }
      };
      channel.port1.onmessage = pump;
      ws.send('start');
      if (sends > 0) pump();
      else sendDoneAt = startAt;
    });
  }

  /** What the server received from the page (after `stream`). */
  function report() {
    return new Promise((resolve) => {
      ws.onmessage = (event) => resolve(JSON.parse(event.data));
      ws.send('report');
    });
  }

  /**
   * Relay: the server paces `count` messages; the page records Date.now() at each onmessage by
   * sequence number. Resolves with the arrival times once all arrived.
   */
  let arrivals;
  function paced({ count }) {
    arrivals = new Float64Array(count + 1);
    return new Promise((resolve) => {
      let received = 0;
      let outOfOrder = 0;
      let serverToPage = new Float64Array(count);
      ws.onmessage = (event) => {
        const now = Date.now();
        const data = event.data;
        const seq = +data.slice(7, data.indexOf(',', 7));
        const t = +data.slice(data.indexOf('"t":') + 4, data.indexOf(',', data.indexOf('"t":')));
        if (seq !== received + 1) outOfOrder++;
        arrivals[seq] = now;
        serverToPage[received] = now - t;
        received++;
        if (received === count) {
          ws.onmessage = null;
          serverToPage.sort();
          resolve({ received, outOfOrder, serverToPageP50: serverToPage[Math.floor(count * 0.5)], serverToPageP99: serverToPage[Math.floor(count * 0.99)], lastAt: now });
        }
      };
      ws.send('start');
    });
  }
  /** Arrival times (ms since the epoch) of messages 1..count, as a plain array. */
  function arrivalTimes() {
    return Array.from(arrivals.subarray(1));
  }

  /** Waits for `count` messages of any kind (large loads, the big payload). */
  function receive({ count }) {
    return new Promise((resolve) => {
      let received = 0;
      let bytes = 0;
      const startAt = performance.now();
      ws.onmessage = (event) => {
        received++;
        bytes += typeof event.data === 'string' ? event.data.length : event.data.byteLength;
        if (received === count) {
          ws.onmessage = null;
          resolve({ received, bytes, ms: performance.now() - startAt, endWall: Date.now() });
        }
      };
      ws.send('start');
    });
  }

  function close() {
    ws?.close();
  }

  globalThis.__bench = { connect, touch, release, stream, report, paced, arrivalTimes, receive, close, ready: true };
})();
