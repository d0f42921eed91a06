/**
 * Scenario 1, page cost: what Frameline costs a page that streams WebSocket traffic.
 *
 * The server streams `text` text messages and `binary` binary messages as fast as it can while the
 * page sends `sends` messages; the page checks that everything arrived, in order. Configurations,
 * run interleaved:
 *   none         no extension (the physical limit on this machine)
 *   cdp-network  Chromium only: no extension, the DevTools Network domain enabled on the page
 *                (`Network.enable` over CDP), which is what Chrome DevTools' Network panel costs
 *   installed    Frameline installed, no panel open
 *   panel        Frameline with panel.html?tabId=N open and receiving; the run counts only once
 *                the panel shows every message (checked in its toolbar counts and last row)
 * Figures: the page's wall time (its first message to its last), the page's main-thread CPU time
 * (Chromium: CDP Performance.getMetrics TaskDuration/ScriptDuration in thread time; both browsers:
 * the main thread's schedstat in /proc) and the whole browser's CPU time (all processes).
 */
import { test } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromiumCdp, type ChromiumBrowser, type CdpPage } from './lib/cdp';
import { launchFirefoxBench, type FirefoxBrowser, type FirefoxPage, type PageLike } from './lib/firefox';
import { benchOptions, type BenchOptions } from './lib/options';
import { cpuSeconds, findPageProcess, mainThreadCpuSeconds, startLoadMeter, treeCpuSeconds } from './lib/proc';
import { progress, writeResult } from './lib/results';
import { startBenchServer, type BenchServer } from './lib/server';
import { interleave, summarize } from './lib/stats';
import { profileDuring, type ProfileSummary } from './lib/profile';

const PROBE = readFileSync(fileURLToPath(new URL('./pages/panel-probe.js', import.meta.url)), 'utf8');

interface RunResult {
  wallMs: number;
  receiveMs: number;
  /** Main-thread CPU of the page's process from /proc (ms). */
  mainCpuMs: number;
  /** All threads of the page's process (ms). */
  processCpuMs: number;
  /** Every process of the browser, until the page finished (ms). */
  browserCpuMs: number;
  /** Chromium only: CDP metrics deltas (ms). */
  taskMs?: number;
  scriptMs?: number;
  /** Panel configuration: ms from the page's last message until the panel showed all of them, and the browser CPU until then. */
  panelLagMs?: number;
  browserCpuToPanelMs?: number;
  /** CDP events received by the driver (Network domain configuration). */
  cdpEvents?: number;
  /** Panel configuration: whether the Messages list still followed the tail by itself at the end, and the newest row it showed. */
  followingTail?: boolean;
  renderedLastSeq?: number;
  pageVisible?: string;
  panelVisible?: string;
  problems: string[];
}

let serial = 0;

/** A tenth of the workload: warms each browser up (first navigation, code caches) without costing a full run. */
const warmUp = (o: BenchOptions): BenchOptions => ({ ...o, page: { ...o.page, text: Math.ceil(o.page.text / 10), binary: Math.ceil(o.page.binary / 10), sends: Math.ceil(o.page.sends / 10) } });

async function runOnce(
  o: BenchOptions,
  server: BenchServer,
  config: string,
  browser: { pid: number; newPage(url: string): Promise<PageLike & { raw?: unknown }>; openPanel(page: any, url: string): Promise<PageLike>; conn?: ChromiumBrowser['conn'] },
  kind: 'chromium' | 'firefox',
  profile?: (summary: ProfileSummary) => void,
): Promise<RunResult> {
  const problems: string[] = [];
  const url = server.url(`/bench.html?run=${++serial}`);
  const page = await browser.newPage(url);
  let panel: PageLike | undefined;
  try {
    await page.waitFor('window.__bench && window.__bench.ready', 15_000, 'the bench page');
    if (config === 'panel') {
      panel = await browser.openPanel(page, url);
      await panel.waitFor(PROBE, 15_000, 'the panel toolbar');
      if (kind === 'firefox') await (page as FirefoxPage).bringToFront();
    }
    const { text, binary, sends, textBytes, binaryBytes, sendBytes } = o.page;
    await page.evaluate(`__bench.connect(${JSON.stringify(server.wsUrl(`/stream?text=${text}&binary=${binary}&textBytes=${textBytes}&binaryBytes=${binaryBytes}`))})`);
    // The panel lists the socket: it is attached and the bridge streams to it from now on. Its
    // count so far is the baseline (whether the toolbar counts connection events depends on the
    // version: it did up to 2183ae8).
    let base = 0;
    if (panel) {
      await panel.waitFor('window.__probe.connections() >= 1', 15_000, 'the connection in the panel');
      base = (await panel.evaluate<{ total: number }>('window.__probe.counts()')).total;
    }
    const cdp = kind === 'chromium' ? (page as unknown as CdpPage) : undefined;
    if (cdp) await cdp.enableMetrics();
    if (config === 'cdp-network') await cdp!.send('Network.enable');
    const pid = await findPageProcess(browser.pid, () => page.evaluate('__bench.touch()'), () => page.evaluate('__bench.release()'));
    const events0 = browser.conn?.ignoredEvents ?? 0;

    const m0 = cdp ? await cdp.metrics() : undefined;
    const main0 = mainThreadCpuSeconds(pid);
    const proc0 = cpuSeconds(pid);
    const tree0 = treeCpuSeconds(browser.pid);
    type StreamResult = { wallMs: number; receiveMs: number; texts: number; bins: number; outOfOrder: number; sent: number; endWall: number };
    const stream = () => page.evaluate<StreamResult>(`__bench.stream(${JSON.stringify({ text, binary, sends, sendBytes })})`);
    let r: StreamResult;
    if (profile && cdp) {
      const profiled = await profileDuring(cdp, stream);
      profile(profiled.profile);
      r = profiled.value;
    } else r = await stream();
    const main1 = mainThreadCpuSeconds(pid);
    const proc1 = cpuSeconds(pid);
    const tree1 = treeCpuSeconds(browser.pid);
    const m1 = cdp ? await cdp.metrics() : undefined;
    const result: RunResult = {
      wallMs: r.wallMs,
      receiveMs: r.receiveMs,
      mainCpuMs: (main1 - main0) * 1000,
      processCpuMs: (proc1 - proc0) * 1000,
      browserCpuMs: (tree1 - tree0) * 1000,
      problems,
    };
    if (m0 && m1) {
      result.taskMs = (m1.TaskDuration - m0.TaskDuration) * 1000;
      result.scriptMs = (m1.ScriptDuration - m0.ScriptDuration) * 1000;
    }
    if (config === 'cdp-network') {
      result.cdpEvents = (browser.conn?.ignoredEvents ?? 0) - events0;
      await cdp!.send('Network.disable');
    }
    if (r.texts !== text || r.bins !== binary) problems.push(`page got ${r.texts}/${text} text and ${r.bins}/${binary} binary messages`);
    if (r.outOfOrder) problems.push(`${r.outOfOrder} messages out of order`);
    const report = await page.evaluate<{ received: number }>('__bench.report()');
    if (report.received !== sends) problems.push(`server got ${report.received}/${sends} of the page's messages`);

    if (panel) {
      // Every message: the stream, the page's sends, its "start" and "report" and the server's answer.
      const messages = text + binary + sends + 3;
      const expected = base + messages;
      try {
        await panel.waitFor(`window.__probe.counts()?.total >= ${expected}`, 180_000, `${expected} rows in the panel`);
        const log = await panel.evaluate<number[]>('window.__probe.log()');
        let doneAt = NaN;
        for (let i = 0; i < log.length; i += 2) if (log[i + 1] >= expected) { doneAt = log[i]; break; }
        result.panelLagMs = Math.max(0, doneAt - r.endWall);
        result.browserCpuToPanelMs = (treeCpuSeconds(browser.pid) - tree0) * 1000;
        const counts = await panel.evaluate<{ total: number }>('window.__probe.counts()');
        if (counts.total !== expected) problems.push(`panel shows ${counts.total} rows, expected ${expected}`);
        // The newest row must be the last message. Whether the list still follows the tail by
        // itself is recorded (it should: nobody scrolled it), then it is scrolled to the end.
        await new Promise((r) => setTimeout(r, 200));
        const scroll = await panel.evaluate<{ atEnd: boolean } | undefined>('window.__probe.scrollState()');
        result.followingTail = scroll?.atEnd;
        result.renderedLastSeq = await panel.evaluate<number>('window.__probe.lastSeq()');
        await panel.evaluate('window.__probe.toEnd()');
        const lastSeq = await panel.evaluate<number>('window.__probe.lastSeq()');
        if (lastSeq !== messages) problems.push(`panel's last row has seq ${lastSeq}, expected ${messages}`);
        result.pageVisible = await page.evaluate('document.visibilityState');
        result.panelVisible = await panel.evaluate('document.visibilityState');
      } catch (error) {
        problems.push(String((error as Error).message));
      }
    }
    return result;
  } finally {
    await page.evaluate('__bench.close()').catch(() => undefined);
    await panel?.close();
    await page.close();
  }
}

function summarizeConfig(runs: RunResult[]) {
  const pick = (key: keyof RunResult) => summarize(runs.map((r) => Number(r[key] ?? NaN)));
  return {
    wallMs: pick('wallMs'),
    receiveMs: pick('receiveMs'),
    mainCpuMs: pick('mainCpuMs'),
    processCpuMs: pick('processCpuMs'),
    browserCpuMs: pick('browserCpuMs'),
    taskMs: pick('taskMs'),
    scriptMs: pick('scriptMs'),
    panelLagMs: pick('panelLagMs'),
    browserCpuToPanelMs: pick('browserCpuToPanelMs'),
    cdpEvents: pick('cdpEvents'),
    visibility: runs.map((r) => `${r.pageVisible ?? ''}/${r.panelVisible ?? ''}`),
    followingTail: runs.map((r) => r.followingTail),
    renderedLastSeq: runs.map((r) => r.renderedLastSeq),
    problems: runs.flatMap((r) => r.problems),
  };
}

async function chromium(o: BenchOptions, server: BenchServer) {
  progress('page cost, chromium: launching a plain browser and one with Frameline');
  const plain = await launchChromiumCdp();
  const ext = await launchChromiumCdp({ extensionDir: o.chromeDir });
  // `--alt`: other builds, panel closed, side by side (bench/run.mjs).
  const alts = new Map<string, ChromiumBrowser>();
  try {
    for (const alt of o.alts ?? []) alts.set(`alt:${alt.name}`, await launchChromiumCdp({ extensionDir: alt.chromeDir }));
    const configs = ['none', 'cdp-network', 'installed', 'panel', ...alts.keys()];
    const adapt = (b: ChromiumBrowser) => ({ pid: b.pid, conn: b.conn, newPage: (url: string) => b.newPage(url), openPanel: (_p: unknown, url: string) => b.openPanel(url) });
    const browserFor = (config: string) => alts.get(config) ?? (config === 'none' || config === 'cdp-network' ? plain : ext);
    // One small warm-up run each, not recorded.
    await runOnce(warmUp(o), server, 'none', adapt(plain), 'chromium');
    await runOnce(warmUp(o), server, 'installed', adapt(ext), 'chromium');
    for (const [config, b] of alts) await runOnce(warmUp(o), server, config, adapt(b), 'chromium');
    const runs = await interleave(configs, o.reps, (config) => runOnce(o, server, config, adapt(browserFor(config)), 'chromium'), progress);
    // One more run of the no-extension and panel-closed configurations, at a tenth of the
    // workload, under the CPU profiler (not counted above: profiling slows the page down): where
    // the page's main thread goes.
    const profiles: Record<string, ProfileSummary> = {};
    for (const config of ['none', 'installed'] as const) {
      await runOnce(warmUp(o), server, config, adapt(config === 'none' ? plain : ext), 'chromium', (p) => (profiles[config] = p));
      progress(`  ${config}, profiled`);
    }
    return { version: plain.version, configs: Object.fromEntries(configs.map((c) => [c, summarizeConfig(runs[c])])), profiles };
  } finally {
    await plain.close();
    await ext.close();
    for (const b of alts.values()) await b.close();
  }
}

async function firefox(o: BenchOptions, server: BenchServer) {
  progress('page cost, firefox: launching a plain browser and one with Frameline');
  const plain = await launchFirefoxBench();
  const ext = await launchFirefoxBench({ extensionDir: o.firefoxDir });
  const alts = new Map<string, FirefoxBrowser>();
  try {
    for (const alt of o.alts ?? []) alts.set(`alt:${alt.name}`, await launchFirefoxBench({ extensionDir: alt.firefoxDir }));
    const configs = ['none', 'installed', 'panel', ...alts.keys()];
    const adapt = (b: FirefoxBrowser) => ({ pid: b.pid, newPage: (url: string) => b.newPage(url), openPanel: (p: FirefoxPage) => b.openPanel(p) });
    const browserFor = (config: string) => alts.get(config) ?? (config === 'none' ? plain : ext);
    await runOnce(warmUp(o), server, 'none', adapt(plain), 'firefox');
    await runOnce(warmUp(o), server, 'installed', adapt(ext), 'firefox');
    for (const [config, b] of alts) await runOnce(warmUp(o), server, config, adapt(b), 'firefox');
    const runs = await interleave(configs, o.reps, (config) => runOnce(o, server, config, adapt(browserFor(config)), 'firefox'), progress);
    return { version: plain.version, configs: Object.fromEntries(configs.map((c) => [c, summarizeConfig(runs[c])])) };
  } finally {
    await plain.close();
    await ext.close();
    for (const b of alts.values()) await b.close();
  }
}

test('page cost', async () => {
  const o = benchOptions();
  const server = await startBenchServer();
  const load = startLoadMeter();
  try {
    const result: Record<string, unknown> = { workload: o.page, reps: o.reps };
    if (o.browsers.includes('chromium')) result.chromium = await chromium(o, server);
    if (o.browsers.includes('firefox')) result.firefox = await firefox(o, server);
    result.load = load();
    writeResult('page-cost', result);
  } finally {
    await server.close();
  }
});
