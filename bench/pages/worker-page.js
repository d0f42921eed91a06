// The page side of the worker benchmark: starts a dedicated worker that runs bench.js, and calls
// its `__bench.*` functions by message (`__worker.call('stream', {...})`), so the worker streams
// exactly what the page-cost scenario streams on the main thread.
(() => {
  let worker;
  let nextId = 0;
  const pending = new Map();

  /**
   * 'blob': bench.js + bench-worker.js fetched and run from a blob: URL (captured in both browsers:
   * the page hook's Worker wrapper prepends the worker hook). 'http': /bench-worker-http.js from
   * the server (captured in Firefox, where the extension filters the worker script's response).
   */
  async function start(kind) {
    if (kind === 'blob') {
      const sources = await Promise.all(['/bench.js', '/bench-worker.js'].map((u) => fetch(u).then((r) => r.text())));
      worker = new Worker(URL.createObjectURL(new Blob([sources.join('\n')], { type: 'text/javascript' })));
    } else worker = new Worker('/bench-worker-http.js');
    worker.onmessage = ({ data }) => {
      const p = pending.get(data.id);
      pending.delete(data.id);
      if (data.error) p.reject(new Error(data.error));
      else p.resolve(data.value);
    };
    worker.onerror = (event) => {
      for (const p of pending.values()) p.reject(new Error(`worker error: ${event.message}`));
      pending.clear();
    };
    return call('ping');
  }

  function call(op, arg) {
    return new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, op, arg });
    });
  }

  function stop() {
    worker?.terminate();
    worker = undefined;
    return true;
  }

  window.__worker = { start, call, stop, ready: true };
})();
