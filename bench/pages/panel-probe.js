// Evaluated in the Frameline panel page (panel.html?tabId=N) by the benchmarks. Reads the panel
// only as a user sees it (by the panel's fixed accessible names): the counts in the toolbar ("N / M messages"),
// the Messages grid and its rows. A MutationObserver on the counts records, with Date.now(),
// every total the panel shows, so arrival times are known at render resolution.
(() => {
  if (window.__probe) return true;
  // The counts move between the toolbar and its "More" menu as their width changes (use-overflow.ts):
  // each move is a new element, so they are looked up every time, and the observer watches the
  // toolbar, which holds both places. (Holding on to the first element read a detached one that
  // stayed at "100001 / 100001" in Firefox's narrower panel window: the "panel never showed all rows
  // within 180 s" of the page-cost runs.)
  const toolbar = document.querySelector('[role="toolbar"]');
  if (!toolbar || !document.querySelector('.counts')) return false;
  const counts = { get textContent() { return document.querySelector('.counts')?.textContent ?? ''; } };
  const log = [];
  let last = -1;
  const parse = () => {
    const text = counts.textContent || '';
    const m = /(\d+)\s*\/\s*(\d+)/.exec(text);
    // "N / M messages · K older messages dropped (history limit)": K is what the panel reports dropped.
    const d = /·\s*(\d+)/.exec(text);
    return m ? { shown: +m[1], total: +m[2], dropped: d ? +d[1] : 0, filtering: text.includes('…') } : undefined;
  };
  const observer = new MutationObserver(() => {
    const c = parse();
    if (c && c.total !== last) {
      last = c.total;
      log.push(Date.now(), c.total);
    }
  });
  observer.observe(toolbar, { subtree: true, childList: true, characterData: true });
  const grid = () => document.querySelector('[role="grid"][aria-label="Messages"]');
  window.__probe = {
    counts: parse,
    log: () => log.slice(),
    resetLog: () => {
      log.length = 0;
      last = -1;
    },
    connections: () => document.querySelectorAll('[aria-label="Connections"] [role="row"][data-conn-id]').length,
    /** Every row of the Connections grid as shown: url, state, close cell, sent and received counts. */
    connectionRows: () =>
      [...document.querySelectorAll('[aria-label="Connections"] [role="row"][data-conn-id]')].map((row) => {
        const cell = (col) => row.querySelector(`[data-col="${col}"]`)?.textContent ?? '';
        return { id: row.getAttribute('data-conn-id'), url: cell('url'), state: cell('state'), close: cell('close'), sent: parseInt(cell('sent'), 10), received: parseInt(cell('received'), 10) };
      }),
    /** Preview texts of the rendered message rows (the payload's start, as the list shows it). */
    previews: () => [...document.querySelectorAll('[aria-label="Messages"] [role="row"][data-seq] [data-col="preview-text"]')].map((e) => e.textContent || ''),
    /**
     * Clicks a connection's row (the Messages list then shows that connection only) and resolves
     * with the counts once the row is selected, the counts are not "filtering…" and stayed the same
     * for a while, and `ready(previews)` (if given) holds for the rendered rows. The list refilters
     * after a render and keeps showing the previous result meanwhile, so without `ready` only a long
     * quiet spell (1 s) tells that the counts are the new ones.
     */
    showConnection: (id, ready) =>
      new Promise((resolve, reject) => {
        const row = document.querySelector(`[aria-label="Connections"] [role="row"][data-conn-id="${CSS.escape(id)}"]`);
        if (!row) return reject(new Error(`no connection row ${id}`));
        row.click();
        const quiet = ready ? 150 : 1000;
        const t0 = Date.now();
        let text = '';
        let since = Date.now();
        const check = () => {
          const now = counts.textContent || '';
          if (now !== text) {
            text = now;
            since = Date.now();
          }
          const c = parse();
          const settled = row.getAttribute('aria-selected') === 'true' && c && !c.filtering && Date.now() - since >= quiet;
          if (settled && (!ready || ready(window.__probe.previews()))) return resolve(c);
          if (Date.now() - t0 > 15000) return reject(new Error(`the list did not settle on connection ${id}`));
          setTimeout(check, 25);
        };
        check();
      }),
    /** Largest data-seq among the rendered message rows. */
    lastSeq: () => Math.max(-1, ...[...document.querySelectorAll('[aria-label="Messages"] [role="row"][data-seq]')].map((r) => +r.getAttribute('data-seq'))),
    /** The rendered message row with the largest sequence number: { seq, bytes }. */
    lastRow: () => {
      let best;
      for (const row of document.querySelectorAll('[aria-label="Messages"] [role="row"][data-seq]')) {
        const seq = +row.getAttribute('data-seq');
        if (!best || seq > best.seq) best = { seq, bytes: +row.querySelector('[data-col="size"]')?.getAttribute('data-bytes') };
      }
      return best;
    },
    visibility: () => document.visibilityState,
    /** Where the Messages list is scrolled: is it still following the tail? */
    scrollState: () => {
      const g = grid();
      const s = g?.matches('.scroll') ? g : g?.querySelector('.scroll');
      return s ? { top: s.scrollTop, client: s.clientHeight, height: s.scrollHeight, atEnd: s.scrollTop + s.clientHeight >= s.scrollHeight - 20 } : undefined;
    },
    /** Scrolls the Messages list to its end (as a user pressing End would see it) and waits for a render. */
    toEnd: () =>
      new Promise((resolve) => {
        const s = grid().matches('.scroll') ? grid() : grid().querySelector('.scroll');
        s.scrollTop = s.scrollHeight;
        setTimeout(() => requestAnimationFrame(() => setTimeout(resolve, 50)), 50);
        setTimeout(resolve, 500); // hidden documents get no animation frames
      }),
    grid,
  };
  return true;
})();
