/** A panel store loaded with the synthetic traffic, as the panel loads it (panel at scale, logs). */
import { createPanelStore } from '../../src/panel/state/store';
import { connection, message } from './traffic';

/** The queries timed, as a user types them in the Filter box. */
export const QUERIES = {
  regex: String.raw`/"sym":"ETH-USD","px":4\d{3}5\.5/`,
  text: 'SOL-USD',
  json: '$.side=sell',
};

const BATCH = 500;

/** A store holding messages 1..n, built the way the panel builds it; returns it with timings. */
export function loadStore(n: number) {
  const conn = connection();
  const store = createPanelStore({ schedule: () => {}, maxMessages: Math.max(2_000_000, n + 10) });
  store.apply({ type: 'attached', payload: { tabId: 1 } });
  let applyMs = 0;
  let parseMs = 0;
  for (let from = 1; from <= n; from += BATCH) {
    const messages = [];
    for (let seq = from; seq < from + BATCH && seq <= n; seq++) messages.push(message(seq, conn.id));
    const info = { ...conn, received: { count: from, bytes: from * 100 } };
    const text = JSON.stringify({ type: 'traffic', payload: { docId: 'bench0001', frameUrl: conn.frameUrl, frameId: 0, snapshot: false, connections: [info], messages, dropped: 0 } });
    const t0 = performance.now();
    const envelope = JSON.parse(text);
    const t1 = performance.now();
    store.apply(envelope);
    const t2 = performance.now();
    parseMs += t1 - t0;
    applyMs += t2 - t1;
  }
  return { store, applyMs, parseMs };
}

