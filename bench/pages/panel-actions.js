// Evaluated in the Frameline panel page after panel-probe.js: user-level actions timed inside the
// page (scrolling the Messages grid, typing a filter, opening a message). Defines window.__actions.
(() => {
  if (window.__actions) return true;
  // The message grid is its own scroller.
  const scroller = () => document.querySelector('[role="grid"][aria-label="Messages"].scroll, [role="grid"][aria-label="Messages"] .scroll');
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

  /**
   * Scrolls the Messages grid from an animation frame callback, `frames` times, and records for
   * every frame the interval since the previous one and its main-thread wall time: from the frame's
   * start (the rAF timestamp) until a task posted from the rAF callback runs, which is after the
   * frame's scroll handling, rendering, style, layout and paint. A performance mark per frame lets
   * a trace give the CPU time of each frame too.
   *   fling: 1000 px (50 rows) further each frame, from the top
   *   jump:  a pseudo-random position each frame (dragging the scrollbar across a million rows)
   */
  async function scroll({ mode, frames }) {
    const s = scroller();
    const max = s.scrollHeight - s.clientHeight;
    const intervals = [];
    const work = [];
    let frameStart = 0;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => work.push(performance.now() - frameStart);
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    s.scrollTop = 0;
    await frame();
    await frame();
    let previous;
    for (let i = 0; i < frames; i++) {
      const ts = await frame();
      performance.mark('frameline-frame'); // traced: the main thread's CPU time at each frame (lib/trace.ts)
      frameStart = ts;
      if (previous !== undefined) intervals.push(ts - previous);
      previous = ts;
      s.scrollTop = mode === 'fling' ? Math.min(max, s.scrollTop + 1000) : Math.floor(random() * max);
      channel.port2.postMessage(0);
    }
    await new Promise((r) => setTimeout(r, 100));
    channel.port1.close();
    const rows = document.querySelectorAll('[aria-label="Messages"] [role="row"][data-row-id]').length;
    return { intervals, work: work.slice(1), scrollHeight: s.scrollHeight, maxScrollTop: max, rowsRendered: rows };
  }

  /**
   * Types `text` into the Filter box (as an input event) and resolves once the counts show the
   * result: the time, the rows shown, and the longest gap between animation frames meanwhile.
   */
  function filter(text, timeoutMs = 60000) {
    return new Promise((resolve) => {
      const input = document.querySelector('input[aria-label="Filter"]');
      const counts = document.querySelector('.counts');
      const before = window.__probe.counts();
      let sawPending = false;
      let done = false;
      let last = performance.now();
      let maxGap = 0; // longest time without an animation frame while the filter runs
      const tick = () => {
        const now = performance.now();
        maxGap = Math.max(maxGap, now - last);
        last = now;
        if (!done) requestAnimationFrame(tick);
      };
      const finish = (result) => {
        if (done) return;
        done = true;
        maxGap = Math.max(maxGap, performance.now() - last);
        observer.disconnect();
        resolve({ ...result, maxFrameGapMs: maxGap, sawPending });
      };
      const observer = new MutationObserver(() => {
        const c = window.__probe.counts();
        if (!c) return;
        if (c.filtering) sawPending = true;
        else if (sawPending || c.shown !== before.shown) finish({ ms: performance.now() - t0, shown: c.shown, total: c.total });
      });
      observer.observe(counts, { subtree: true, childList: true, characterData: true });
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      const t0 = performance.now();
      requestAnimationFrame(tick);
      setValue.call(input, text);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      setTimeout(() => finish({ ms: NaN, timedOut: true, shown: window.__probe.counts()?.shown }), timeoutMs);
    });
  }

  /** Clicks the row with this sequence number and resolves once the payload is rendered and painted. */
  function open(seq, timeoutMs = 60000) {
    return new Promise((resolve, reject) => {
      const row = document.querySelector(`[aria-label="Messages"] [role="row"][data-seq="${seq}"]`);
      if (!row) return reject(new Error(`row ${seq} is not rendered`));
      const t0 = performance.now();
      row.click();
      const check = () => {
        const pre = document.querySelector('[aria-label="Message details"] pre.payload');
        if (pre && (pre.textContent || '').length > 1000) {
          const rendered = performance.now() - t0;
          requestAnimationFrame(() => setTimeout(() => resolve({ ms: performance.now() - t0, renderedMs: rendered, chars: pre.textContent.length, kind: pre.className }), 0));
        } else if (performance.now() - t0 > timeoutMs) reject(new Error('payload not shown'));
        else setTimeout(check, 0);
      };
      check();
    });
  }

  window.__actions = { scroll, filter, open };
  return true;
})();
