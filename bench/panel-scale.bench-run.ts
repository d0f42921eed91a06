/**
 * Scenario 4, panel at scale.
 *
 * In Node, the real panel store (`createPanelStore`) is fed `scale.node` messages of the synthetic
 * traffic (lib/traffic.ts) as 'traffic' envelopes of 500 messages, each envelope passed through
 * JSON.stringify/JSON.parse first as a runtime port delivers it in Chrome. Figures: ingest time,
 * JS heap (heapUsed + ArrayBuffers, after full GCs) against the payload bytes, the time to build
 * the unfiltered view, filters over all rows (`createMessageView` + `setCriteria` with queries
 * compiled by src/query, as the panel compiles them), and `textView` of a 4 MB JSON payload.
 *
 * In Chromium, the real panel (panel.html?tabId=N, own window) receives `scale.browser` messages
 * that a page gets from the server as fast as it can. Figures: time until the panel shows them
 * all, the panel page's JS heap (CDP, after GC), frame intervals and per-frame main-thread work
 * while scrolling the Messages grid, the time of a regex typed in the Filter box, and the time to
 * open a 4 MB JSON message.
 */
import { test } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ALL_ROWS, createMessageView } from '../src/panel/state/message-view';
import { textView } from '../src/panel/details/payload-view';
import { compileQuery, parseQuery } from '../src/query';
import { createDecoding } from '../src/panel/decoding/decoding';
import type { MessageRecord } from '../src/protocol/records';
import { launchChromiumCdp } from './lib/cdp';
import { benchOptions, type BenchOptions } from './lib/options';
import { mainThreadCpuSeconds, startLoadMeter } from './lib/proc';
import { traceFrames } from './lib/trace';
import { progress, writeResult } from './lib/results';
import { bigJson, startBenchServer } from './lib/server';
import { interleave, percentiles, summarize } from './lib/stats';
import { payloadBytesOf } from './lib/traffic';
import { loadStore, QUERIES } from './lib/store-load';
import { blockingOf } from './lib/blocking';

const PROBE = readFileSync(fileURLToPath(new URL('./pages/panel-probe.js', import.meta.url)), 'utf8');
const ACTIONS = readFileSync(fileURLToPath(new URL('./pages/panel-actions.js', import.meta.url)), 'utf8');

const gc = () => {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error('run with --expose-gc (bench/vitest.bench.config.ts does)');
  for (let i = 0; i < 3; i++) g();
};
const heap = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/** CPU time of this process's main thread, ms (excludes GC helper threads and other work on the machine). */
const cpuNow = () => mainThreadCpuSeconds(process.pid) * 1000;

/** Loads a store of `n` messages and measures the heap it holds (after full GCs). */
function measureIngest(n: number) {
  gc();
  const before = heap();
  const { store, applyMs, parseMs } = loadStore(n);
  gc();
  return { store, applyMs, parseMs, heapBytes: heap() - before };
}

async function nodeScale(o: BenchOptions) {
  const n = o.scale.node;
  progress(`panel at scale, node: ${n} messages`);
  const payloadBytes = payloadBytesOf(1, n);
  const ingest: { applyMs: number; parseMs: number; heapBytes: number }[] = [];
  // The previous round's store must be unreachable before the next one is measured: `loaded` is
  // cleared first (a variable scoped to the loop body would linger in an interpreter register).
  let loaded: ReturnType<typeof measureIngest> | undefined;
  for (let rep = 0; rep < o.reps; rep++) {
    loaded = undefined;
    loaded = measureIngest(n);
    ingest.push({ applyMs: loaded.applyMs, parseMs: loaded.parseMs, heapBytes: loaded.heapBytes });
    progress(`  ingest #${rep + 1}: ${loaded.applyMs.toFixed(0)} ms (+${loaded.parseMs.toFixed(0)} ms JSON.parse), heap +${(loaded.heapBytes / 1048576).toFixed(0)} MB`);
  }
  const store = loaded!.store;
  loaded = undefined;
  if (store.table.size !== n + 1) throw new Error(`store holds ${store.table.size} rows, expected ${n + 1}`);

  const context = {
    connectionOf: store.connection,
    connectionIndexOf: (id: string) => {
      const index = store.connectionIndexOf(id);
      return index === undefined ? undefined : index + 1;
    },
  };
  const compiled = Object.fromEntries(
    Object.entries(QUERIES).map(([name, text]) => {
      const parsed = parseQuery(text);
      if (!parsed.ok) throw new Error(`query ${text}: ${parsed.error}`);
      return [name, compileQuery(parsed.query, context)];
    }),
  );
  const viewBuild: number[] = [];
  const filters = await interleave(
    ['regex', 'regexTextRows', 'text', 'json', 'clear'] as const,
    o.reps,
    async (name) => {
      if (name === 'clear') {
        const view = createMessageView(store.table, store.rowAt, () => {});
        const t0 = performance.now();
        view.refresh();
        viewBuild.push(performance.now() - t0);
        return { ms: viewBuild[viewBuild.length - 1], cpuMs: NaN, shown: view.count };
      }
      const view = createMessageView(store.table, store.rowAt, () => {});
      view.refresh();
      const c0 = cpuNow();
      const t0 = performance.now();
      // regexTextRows: the same regex with the "binary" toggle off, to show what binary rows cost.
      if (name === 'regexTextRows') await view.setCriteria({ ...ALL_ROWS, showBinary: false, query: compiled.regex });
      else await view.setCriteria({ ...ALL_ROWS, query: compiled[name] });
      return { ms: performance.now() - t0, cpuMs: cpuNow() - c0, shown: view.count };
    },
  );

  const big = bigJson(o.scale.bigPayloadBytes);
  const textViewMs: number[] = [];
  const textViewCpuMs: number[] = [];
  for (let rep = 0; rep < o.reps; rep++) {
    const c0 = cpuNow();
    const t0 = performance.now();
    const view = textView(big);
    textViewMs.push(performance.now() - t0);
    textViewCpuMs.push(cpuNow() - c0);
    if (view.kind !== 'json') throw new Error('the big payload is not JSON');
  }

  // What the panel's sub-protocol decoding (src/panel/decoding/, built into the panel) costs. With a
  // stateless decoder the list renders the newest screenful, then every row once (a user
  // scrolling through all of it), and the heap it keeps is measured. Then the same connection decoded as JSON-RPC (a stateful decoder, fed in order):
  // the list asks for the newest row, the session catches up in the background; its total time,
  // the longest the event loop was blocked meanwhile, and the heap it keeps. Then Clear.
  gc();
  const beforeDecoding = heap();
  let decoding: ReturnType<typeof createDecoding> | undefined = createDecoding(store, () => {});
  const newest = store.table.endId - 1;
  // As detected the traffic gets the JSON decoder, whose summaries the list does not show (they
  // would repeat the preview), so it decodes nothing for the list. MessagePack (also stateless;
  // text rows as JSON) shows one per row: that is the work measured.
  decoding.choose!((store.rowAt(newest) as MessageRecord).connId, 'msgpack');
  const screen = 50;
  const dc0 = cpuNow();
  const d0 = performance.now();
  for (let id = newest - screen + 1; id <= newest; id++) decoding.summaryOf(id, store.rowAt(id) as MessageRecord);
  const decodeScreenMs = performance.now() - d0;
  const decodeScreenCpuMs = cpuNow() - dc0;
  for (let id = store.table.firstId; id <= newest; id++) decoding.summaryOf(id, store.rowAt(id) as MessageRecord);
  gc();
  const decodingHeapBytes = heap() - beforeDecoding;

  let caughtUp: () => void = () => {};
  let stateful: ReturnType<typeof createDecoding> | undefined = createDecoding(store, () => caughtUp());
  const connId = (store.rowAt(newest) as MessageRecord).connId;
  stateful.choose!(connId, 'json-rpc');
  gc();
  const beforeStateful = heap();
  const { value: catchUp, longestBlockMs: catchUpLongestBlockMs } = await blockingOf(async () => {
    const c0 = cpuNow();
    const t0 = performance.now();
    const done = new Promise<void>((resolve) => (caughtUp = resolve));
    const first = stateful!.summaryOf(newest, store.rowAt(newest) as MessageRecord);
    const firstCallMs = performance.now() - t0;
    await done;
    return { firstCallMs, firstShown: first !== undefined, ms: performance.now() - t0, cpuMs: cpuNow() - c0 };
  });
  if (stateful.summaryOf(newest, store.rowAt(newest) as MessageRecord) === undefined) throw new Error('the stateful session did not catch up');
  gc();
  const statefulHeapBytes = heap() - beforeStateful;

  const rows = store.table.size;
  store.clear();
  // Any call after Clear lets go of the dropped rows' results.
  stateful!.choicesFor!(connId);
  decoding.choicesFor!(connId);
  gc();
  const afterClear = heap();
  decoding = undefined;
  stateful = undefined;
  gc();
  const decodingRetainedAfterClearBytes = afterClear - heap();
  progress(
    `  decoding: screen ${decodeScreenMs.toFixed(1)} ms, +${(decodingHeapBytes / 1048576).toFixed(0)} MB after every row; stateful catch-up ${catchUp.ms.toFixed(0)} ms (longest block ${catchUpLongestBlockMs.toFixed(0)} ms), +${(statefulHeapBytes / 1048576).toFixed(0)} MB; ${(decodingRetainedAfterClearBytes / 1048576).toFixed(0)} MB kept after Clear`,
  );

  return {
    messages: n,
    rows,
    decodeScreenMs,
    decodeScreenCpuMs,
    decodingHeapBytes,
    catchUpMs: catchUp.ms,
    catchUpCpuMs: catchUp.cpuMs,
    catchUpFirstCallMs: catchUp.firstCallMs,
    catchUpLongestBlockMs,
    statefulHeapBytes,
    decodingRetainedAfterClearBytes,
    payloadBytes,
    applyMs: summarize(ingest.map((r) => r.applyMs)),
    parseMs: summarize(ingest.map((r) => r.parseMs)),
    heapBytes: summarize(ingest.map((r) => r.heapBytes)),
    viewBuildMs: summarize(viewBuild),
    filterMs: Object.fromEntries((['regex', 'regexTextRows', 'text', 'json'] as const).map((k) => [k, { ...summarize(filters[k].map((r) => r.ms)), cpu: summarize(filters[k].map((r) => r.cpuMs)), shown: filters[k][0].shown }])),
    bigPayloadBytes: big.length,
    textViewMs: summarize(textViewMs),
    textViewCpuMs: summarize(textViewCpuMs),
  };
}

async function browserScale(o: BenchOptions) {
  const n = o.scale.browser;
  progress(`panel at scale, chromium: ${n} messages`);
  const server = await startBenchServer();
  const browser = await launchChromiumCdp({ extensionDir: o.chromeDir });
  try {
    const url = server.url('/bench.html?scale=1');
    const page = await browser.newPage(url);
    await page.waitFor('window.__bench && window.__bench.ready');
    const panel = await browser.openPanel(url);
    await panel.waitFor(PROBE, 15_000, 'the panel toolbar');
    await panel.evaluate(ACTIONS);
    // Room for every message (the panel's default limit is 1,000,000 rows).
    await panel.evaluate(`chrome.storage.local.get('frameline.settings').then((s) => chrome.storage.local.set({ 'frameline.settings': { ...(s['frameline.settings'] || {}), panelMaxMessages: ${Math.max(2_000_000, n + 1000)} } }))`);
    await panel.send('HeapProfiler.enable');
    await panel.send('HeapProfiler.collectGarbage');
    const heap0 = await panel.send<{ usedSize: number; totalSize: number }>('Runtime.getHeapUsage');

    await page.evaluate(`__bench.connect(${JSON.stringify(server.wsUrl(`/bulk?count=${n}`))})`);
    await panel.waitFor('window.__probe.connections() >= 1', 15_000, 'the connection in the panel');
    const base = (await panel.evaluate<{ total: number }>('window.__probe.counts()')).total;
    const t0 = Date.now();
    const pageDone = await page.evaluate<{ received: number; endWall: number }>(`__bench.receive({ count: ${n} })`);
    // The count before, the page's "start" and the n messages.
    const expected = base + 1 + n;
    await panel.waitFor(`window.__probe.counts()?.total >= ${expected}`, 600_000, `${expected} rows in the panel`);
    const log = await panel.evaluate<number[]>('window.__probe.log()');
    const panelDoneAt = log.find((_, i) => i % 2 === 0 && log[i + 1] >= expected) ?? NaN;
    const counts = await panel.evaluate<{ total: number }>('window.__probe.counts()');
    const problems: string[] = [];
    if (counts.total !== expected) problems.push(`panel shows ${counts.total} rows, expected ${expected}`);
    const followingTail = (await panel.evaluate<{ atEnd: boolean }>('window.__probe.scrollState()'))?.atEnd;
    await panel.evaluate('window.__probe.toEnd()');
    const lastSeq = await panel.evaluate<number>('window.__probe.lastSeq()');
    if (lastSeq !== n + 1) problems.push(`panel's last row has seq ${lastSeq}, expected ${n + 1}`);
    progress(`  ${n} messages: page ${((pageDone.endWall - t0) / 1000).toFixed(1)} s, panel ${((panelDoneAt - t0) / 1000).toFixed(1)} s`);

    await panel.send('HeapProfiler.collectGarbage');
    const heap1 = await panel.send<{ usedSize: number; totalSize: number; backingStorageSize?: number }>('Runtime.getHeapUsage');

    type ScrollRun = { intervals: number[]; work: number[]; cpu: number[]; rowsRendered: number; scrollHeight: number };
    const scroll: Record<string, ScrollRun[]> = { fling: [], jump: [] };
    const filter: { ms: number; cpuMs: number; shown: number; maxFrameGapMs: number; timedOut?: boolean }[] = [];
    const clear: { ms: number; cpuMs: number; maxFrameGapMs: number }[] = [];
    await panel.enableMetrics();
    const timed = async <T extends object>(expression: string): Promise<T & { cpuMs: number }> => {
      const m0 = await panel.metrics();
      const value = await panel.evaluate<T>(expression);
      const m1 = await panel.metrics();
      return { ...value, cpuMs: (m1.TaskDuration - m0.TaskDuration) * 1000 };
    };
    await interleave(['fling', 'jump', 'filter'] as const, o.reps, async (what) => {
      if (what === 'filter') {
        filter.push(await timed(`window.__actions.filter(${JSON.stringify(QUERIES.regex)})`));
        clear.push(await timed(`window.__actions.filter('')`));
      } else {
        const traced = await traceFrames(browser.conn, panel, () =>
          panel.evaluate<Omit<ScrollRun, 'cpu'>>(`window.__actions.scroll({ mode: '${what}', frames: ${o.quick ? 60 : 180} })`),
        );
        scroll[what].push({ ...traced.value, cpu: traced.cpuMs });
      }
    });
    const framesOf = (runs: ScrollRun[]) => {
      const intervals = runs.flatMap((r) => r.intervals);
      const work = runs.flatMap((r) => r.work);
      const cpu = runs.flatMap((r) => r.cpu);
      const [i50, i95, iMax] = percentiles(intervals, [0.5, 0.95, 1]);
      const [w50, w95, wMax] = percentiles(work, [0.5, 0.95, 1]);
      const [c50, c95, cMax] = percentiles(cpu, [0.5, 0.95, 1]);
      return {
        frames: intervals.length,
        intervalP50: i50,
        intervalP95: i95,
        intervalMax: iMax,
        dropped: intervals.filter((x) => x > 16.7 * 1.5).length,
        workP50: w50,
        workP95: w95,
        workMax: wMax,
        cpuP50: c50,
        cpuP95: c95,
        cpuMax: cMax,
        cpuOver16_7: cpu.filter((x) => x > 16.7).length,
        cpuFrames: cpu.length,
        rowsRendered: runs[0]?.rowsRendered,
        scrollHeight: runs[0]?.scrollHeight,
      };
    };

    // A 4 MB JSON message on a second socket, then opened from the list.
    await page.evaluate(`__bench.connect(${JSON.stringify(server.wsUrl(`/big?bytes=${o.scale.bigPayloadBytes}`))})`);
    await page.evaluate('__bench.receive({ count: 1 })');
    const bigSeq = await panel.waitFor<number>(
      `window.__probe.toEnd().then(() => { const row = window.__probe.lastRow(); return row && row.bytes >= ${o.scale.bigPayloadBytes} && row.seq; })`,
      60_000,
      'the big message in the panel',
    );
    const open = await panel.evaluate<{ ms: number; renderedMs: number; chars: number; kind: string }>(`window.__actions.open(${bigSeq})`);

    return {
      messages: n,
      version: browser.version,
      pageMs: pageDone.endWall - t0,
      panelMs: panelDoneAt - t0,
      followingTail,
      heapBytes: heap1.usedSize - heap0.usedSize,
      heapUsed: heap1.usedSize,
      payloadBytes: payloadBytesOf(1, n),
      scroll: { fling: framesOf(scroll.fling), jump: framesOf(scroll.jump) },
      filterMs: { ...summarize(filter.map((f) => f.ms)), cpu: summarize(filter.map((f) => f.cpuMs)), shown: filter[0]?.shown, maxFrameGapMs: summarize(filter.map((f) => f.maxFrameGapMs)) },
      clearFilterMs: { ...summarize(clear.map((f) => f.ms)), cpu: summarize(clear.map((f) => f.cpuMs)), maxFrameGapMs: summarize(clear.map((f) => f.maxFrameGapMs)) },
      openBig: open,
      problems,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

test('panel at scale', async () => {
  const o = benchOptions();
  const load = startLoadMeter();
  const result: Record<string, unknown> = { reps: o.reps, queries: QUERIES };
  result.node = await nodeScale(o);
  if (o.browsers.includes('chromium')) result.chromium = await browserScale(o);
  result.load = load();
  writeResult('panel-scale', result);
});
