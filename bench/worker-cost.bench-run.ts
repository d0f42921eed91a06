/**
 * Scenario 1b, worker cost (issue 14): what Frameline costs a dedicated worker that streams
 * WebSocket traffic. The page-cost stream (bench.js `stream`), run by a dedicated worker instead of
 * the main thread: the server streams `text` + `binary` messages while the worker sends `sends`
 * (100k messages in all in the full run). Workers:
 *   blob   bench.js from a blob: URL, both browsers (the page hook's Worker wrapper prepends the
 *          worker hook)
 *   http   Firefox only: the worker script from the server (the extension's filterResponseData
 *          prepends the worker hook); Chromium has no way to hook it (docs/ARCHITECTURE.md)
 * Configurations, interleaved: none (no extension), installed (Frameline, panel closed), panel
 * (Frameline with the panel open; the run counts only once the panel shows every one of the
 * worker's messages: this is what proves the worker was captured at all).
 * Figures: the worker's wall time (its first message to its last, measured in the worker), the
 * CPU of the worker's thread (/proc schedstat of the thread named "DedicatedWorker" in Chromium,
 * "DOM Worker" in Firefox; CDP's Performance metrics cover the main thread only), the page's main
 * thread (the wrapper and the relay of the worker's batches run there) and the whole browser.
 */
import { test } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromiumCdp, type ChromiumBrowser } from './lib/cdp';
import { launchFirefoxBench, type FirefoxBrowser, type FirefoxPage, type PageLike } from './lib/firefox';
import { benchOptions, type BenchOptions } from './lib/options';
import { findPageProcess, mainThreadCpuSeconds, namedThreadsCpuSeconds, startLoadMeter, threadsCpuDelta, treeCpuSeconds } from './lib/proc';
import { progress, writeResult } from './lib/results';
import { startBenchServer, type BenchServer } from './lib/server';
import { interleave, summarize } from './lib/stats';

const PROBE = readFileSync(fileURLToPath(new URL('./pages/panel-probe.js', import.meta.url)), 'utf8');
const WORKER_THREAD = /^(DedicatedWorker|DOM Worker)/;

type Kind = 'blob' | 'http';
/** `alt:NAME`: another build (`--alt`, bench/run.mjs), panel closed. */
type Config = 'none' | 'installed' | 'panel' | `alt:${string}`;

interface RunResult {
  wallMs: number;
  /** CPU of the worker's thread (ms); NaN when no such thread was found. */
  workerCpuMs: number;
  workerThreads: number;
  mainCpuMs: number;
  browserCpuMs: number;
  /** Panel configuration: rows the panel showed, and ms from the worker's last message until it showed them all. */
  panelRows?: number;
  panelLagMs?: number;
  problems: string[];
}

interface BrowserLike {
  pid: number;
  newPage(url: string): Promise<PageLike>;
  openPanel(page: PageLike, url: string): Promise<PageLike>;
}

let serial = 0;

const warmUp = (o: BenchOptions): BenchOptions => ({ ...o, worker: { ...o.worker, text: Math.ceil(o.worker.text / 10), binary: Math.ceil(o.worker.binary / 10), sends: Math.ceil(o.worker.sends / 10) } });

async function runOnce(o: BenchOptions, server: BenchServer, kind: Kind, config: Config, browser: BrowserLike, name: 'chromium' | 'firefox'): Promise<RunResult> {
  const problems: string[] = [];
  const url = server.url(`/worker.html?run=${++serial}`);
  const page = await browser.newPage(url);
  let panel: PageLike | undefined;
  try {
    await page.waitFor('window.__worker && window.__worker.ready', 15_000, 'the worker bench page');
    if (config === 'panel') {
      panel = await browser.openPanel(page, url);
      await panel.waitFor(PROBE, 15_000, 'the panel toolbar');
      if (name === 'firefox') await (page as FirefoxPage).bringToFront();
    }
    await page.evaluate(`__worker.start(${JSON.stringify(kind)})`);
    const { text, binary, sends, textBytes, binaryBytes, sendBytes } = o.worker;
    await page.evaluate(`__worker.call('connect', ${JSON.stringify(server.wsUrl(`/stream?text=${text}&binary=${binary}&textBytes=${textBytes}&binaryBytes=${binaryBytes}`))})`);
    let base = 0;
    if (panel) {
      await panel.waitFor('window.__probe.connections() >= 1', 15_000, "the worker's connection in the panel");
      base = (await panel.evaluate<{ total: number }>('window.__probe.counts()')).total;
    }
    const pid = await findPageProcess(browser.pid, () => page.evaluate('__bench.touch()'), () => page.evaluate('__bench.release()'));

    const w0 = namedThreadsCpuSeconds(pid, WORKER_THREAD);
    const main0 = mainThreadCpuSeconds(pid);
    const tree0 = treeCpuSeconds(browser.pid);
    type StreamResult = { wallMs: number; texts: number; bins: number; outOfOrder: number; endWall: number };
    const r = await page.evaluate<StreamResult>(`__worker.call('stream', ${JSON.stringify({ text, binary, sends, sendBytes })})`);
    const w1 = namedThreadsCpuSeconds(pid, WORKER_THREAD);
    const main1 = mainThreadCpuSeconds(pid);
    const tree1 = treeCpuSeconds(browser.pid);
    const result: RunResult = {
      wallMs: r.wallMs,
      workerCpuMs: w1.size ? threadsCpuDelta(w0, w1) * 1000 : NaN,
      workerThreads: w1.size,
      mainCpuMs: (main1 - main0) * 1000,
      browserCpuMs: (tree1 - tree0) * 1000,
      problems,
    };
    if (r.texts !== text || r.bins !== binary) problems.push(`worker got ${r.texts}/${text} text and ${r.bins}/${binary} binary messages`);
    if (r.outOfOrder) problems.push(`${r.outOfOrder} messages out of order`);
    const report = await page.evaluate<{ received: number }>(`__worker.call('report')`);
    if (report.received !== sends) problems.push(`server got ${report.received}/${sends} of the worker's messages`);

    if (panel) {
      // The stream, the worker's sends, its "start" and "report" and the server's answer.
      const expected = base + text + binary + sends + 3;
      try {
        await panel.waitFor(`window.__probe.counts()?.total >= ${expected}`, 180_000, `${expected} rows in the panel`);
        const log = await panel.evaluate<number[]>('window.__probe.log()');
        let doneAt = NaN;
        for (let i = 0; i < log.length; i += 2) if (log[i + 1] >= expected) { doneAt = log[i]; break; }
        result.panelLagMs = Math.max(0, doneAt - r.endWall);
        result.panelRows = (await panel.evaluate<{ total: number }>('window.__probe.counts()')).total;
        if (result.panelRows !== expected) problems.push(`panel shows ${result.panelRows} rows, expected ${expected}`);
      } catch (error) {
        problems.push(String((error as Error).message));
      }
    }
    return result;
  } finally {
    await page.evaluate(`__worker.call('close').then(() => __worker.stop())`).catch(() => undefined);
    await panel?.close();
    await page.close();
  }
}

function summarizeConfig(runs: RunResult[]) {
  const pick = (key: keyof RunResult) => summarize(runs.map((r) => Number(r[key] ?? NaN)));
  return {
    wallMs: pick('wallMs'),
    workerCpuMs: pick('workerCpuMs'),
    workerThreads: runs.map((r) => r.workerThreads),
    mainCpuMs: pick('mainCpuMs'),
    browserCpuMs: pick('browserCpuMs'),
    panelLagMs: pick('panelLagMs'),
    panelRows: runs.map((r) => r.panelRows),
    problems: runs.flatMap((r) => r.problems),
  };
}

const CONFIGS = ['none', 'installed', 'panel'] as const;

async function measure(o: BenchOptions, server: BenchServer, name: 'chromium' | 'firefox', plain: BrowserLike, ext: BrowserLike, kinds: Kind[], alts = new Map<Config, BrowserLike>()) {
  const out: Record<string, unknown> = {};
  const configs: Config[] = [...CONFIGS, ...alts.keys()];
  const browserFor = (config: Config) => alts.get(config) ?? (config === 'none' ? plain : ext);
  for (const kind of kinds) {
    await runOnce(warmUp(o), server, kind, 'none', plain, name);
    await runOnce(warmUp(o), server, kind, 'installed', ext, name);
    for (const [config, b] of alts) await runOnce(warmUp(o), server, kind, config, b, name);
    const runs = await interleave(configs, o.reps, (config) => runOnce(o, server, kind, config, browserFor(config), name), (line) => progress(`${kind}: ${line}`));
    out[kind] = Object.fromEntries(configs.map((c) => [c, summarizeConfig(runs[c])]));
  }
  return out;
}

async function chromium(o: BenchOptions, server: BenchServer) {
  progress('worker cost, chromium: launching a plain browser and one with Frameline');
  const plain = await launchChromiumCdp();
  const ext = await launchChromiumCdp({ extensionDir: o.chromeDir });
  const adapt = (b: ChromiumBrowser): BrowserLike => ({ pid: b.pid, newPage: (url) => b.newPage(url), openPanel: (_p, url) => b.openPanel(url) });
  const alts = new Map<Config, ChromiumBrowser>();
  try {
    for (const alt of o.alts ?? []) alts.set(`alt:${alt.name}`, await launchChromiumCdp({ extensionDir: alt.chromeDir }));
    const altLikes = new Map([...alts].map(([k, b]) => [k, adapt(b)]));
    return { version: plain.version, workers: await measure(o, server, 'chromium', adapt(plain), adapt(ext), ['blob'], altLikes) };
  } finally {
    await plain.close();
    await ext.close();
    for (const b of alts.values()) await b.close();
  }
}

async function firefox(o: BenchOptions, server: BenchServer) {
  progress('worker cost, firefox: launching a plain browser and one with Frameline');
  const plain = await launchFirefoxBench();
  const ext = await launchFirefoxBench({ extensionDir: o.firefoxDir });
  const adapt = (b: FirefoxBrowser): BrowserLike => ({ pid: b.pid, newPage: (url) => b.newPage(url), openPanel: (p) => b.openPanel(p as FirefoxPage) });
  const alts = new Map<Config, FirefoxBrowser>();
  try {
    for (const alt of o.alts ?? []) alts.set(`alt:${alt.name}`, await launchFirefoxBench({ extensionDir: alt.firefoxDir }));
    const altLikes = new Map([...alts].map(([k, b]) => [k, adapt(b)]));
    return { version: plain.version, workers: await measure(o, server, 'firefox', adapt(plain), adapt(ext), ['blob', 'http'], altLikes) };
  } finally {
    await plain.close();
    await ext.close();
    for (const b of alts.values()) await b.close();
  }
}

test('worker cost', async () => {
  const o = benchOptions();
  const server = await startBenchServer();
  const load = startLoadMeter();
  try {
    const result: Record<string, unknown> = { workload: o.worker, reps: o.reps };
    if (o.browsers.includes('chromium')) result.chromium = await chromium(o, server);
    if (o.browsers.includes('firefox')) result.firefox = await firefox(o, server);
    result.load = load();
    writeResult('worker-cost', result);
  } finally {
    await server.close();
  }
});
