/**
 * Scenario 2, hook footprint: what the MAIN-world script weighs and what installing it costs.
 *
 *   size          bytes of the built hook (and bridge), raw and gzipped
 *   install       the built hook run as an inline <script> in a fresh document of a browser without
 *                 the extension, timed with performance.now() around it (100 µs resolution in a
 *                 page that is not cross-origin isolated, hence the median of many documents).
 *                 "cold": a unique comment makes every run a fresh compile; "warm": the same text
 *                 every time, so V8's per-process compilation cache may answer, as it does for a
 *                 content script injected into document after document.
 *   first script  performance.now() at the page's first inline <head> script, counted from the
 *                 response's first byte, without and with Frameline (both content scripts run
 *                 before it): the delay the page sees.
 *   20 iframes    load event of a page with 20 iframes (half of them cross-origin, so in other
 *                 renderer processes), without and with Frameline, and the browser's CPU for it.
 */
import { test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromiumCdp, type CdpPage, type ChromiumBrowser } from './lib/cdp';
import { launchFirefoxBench, type FirefoxBrowser, type FirefoxPage } from './lib/firefox';
import { benchOptions, type BenchOptions } from './lib/options';
import { startLoadMeter, treeCpuSeconds } from './lib/proc';
import { progress, writeResult } from './lib/results';
import { startBenchServer, type BenchServer } from './lib/server';
import { interleave, summarize } from './lib/stats';

function sizes(dir: string) {
  const of = (file: string) => {
    const bytes = readFileSync(join(dir, 'extension', file));
    return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  };
  return { hook: of('page/hook.iife.js'), bridge: of('content/bridge.iife.js') };
}

let serial = 0;

/** Runs the built hook as an inline script in a fresh document; ms. */
async function installOnce(page: CdpPage, server: BenchServer, hook: string, cold: boolean): Promise<number> {
  await page.goto(server.url(`/bench.html?install=${++serial}`));
  const source = cold ? `${hook}\n//# frameline-bench ${serial}-${Math.random()}` : hook;
  return page.evaluate<number>(`(() => {
    const script = document.createElement('script');
    script.textContent = ${JSON.stringify(source)};
    const t0 = performance.now();
    document.head.appendChild(script);
    const t1 = performance.now();
    if (typeof WebSocket.prototype.send !== 'function' || WebSocket.toString().indexOf('[native code]') < 0) throw new Error('hook not installed as expected');
    return t1 - t0;
  })()`);
}

interface PageLoad {
  firstScriptMs: number;
}

async function firstScript(page: { goto(url: string): Promise<void>; evaluate<T>(e: string): Promise<T> }, server: BenchServer): Promise<PageLoad> {
  await page.goto(server.url(`/bench.html?first=${++serial}`));
  // From the response's first byte, so that the network and the server's speed drop out.
  return { firstScriptMs: await page.evaluate<number>(`window.__firstScriptAt - performance.getEntriesByType('navigation')[0].responseStart`) };
}

async function framesLoad(page: { goto(url: string): Promise<void>; evaluate<T>(e: string): Promise<T> }, server: BenchServer, n: number, rootPid: number) {
  const cpu0 = treeCpuSeconds(rootPid);
  await page.goto(server.url(`/frames.html?n=${n}&load=${++serial}`));
  const loadMs = await page.evaluate<number>(`(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    if (document.querySelectorAll('iframe').length !== ${n}) throw new Error('iframes missing');
    return nav.loadEventStart;
  })()`);
  // Let the frames' content scripts settle (bridges connect to the background) before reading CPU.
  await new Promise((r) => setTimeout(r, 300));
  return { loadMs, browserCpuMs: (treeCpuSeconds(rootPid) - cpu0) * 1000 };
}

async function chromium(o: BenchOptions, server: BenchServer) {
  const hook = readFileSync(join(o.chromeDir, 'extension/page/hook.iife.js'), 'utf8');
  progress('hook footprint, chromium');
  const plain = await launchChromiumCdp();
  const ext = await launchChromiumCdp({ extensionDir: o.chromeDir });
  try {
    const plainPage = await plain.newPage();
    const extPage = await ext.newPage();
    // Warm-up: first navigations of each browser.
    await firstScript(plainPage, server);
    await firstScript(extPage, server);
    const install = await interleave(['cold', 'warm'] as const, o.hook.documents, (mode) => installOnce(plainPage, server, hook, mode === 'cold'));
    const pageOf = (config: string) => (config === 'none' ? plainPage : extPage);
    const browserOf = (config: string): ChromiumBrowser => (config === 'none' ? plain : ext);
    const first = await interleave(['none', 'installed'] as const, o.hook.documents, (config) => firstScript(pageOf(config), server));
    const frames = await interleave(['none', 'installed'] as const, o.hook.loads, (config) => framesLoad(pageOf(config), server, o.hook.iframes, browserOf(config).pid), progress);
    return {
      version: plain.version,
      installMs: { cold: summarize(install.cold), warm: summarize(install.warm) },
      firstScriptMs: { none: summarize(first.none.map((r) => r.firstScriptMs)), installed: summarize(first.installed.map((r) => r.firstScriptMs)) },
      framesLoadMs: { none: summarize(frames.none.map((r) => r.loadMs)), installed: summarize(frames.installed.map((r) => r.loadMs)) },
      framesCpuMs: { none: summarize(frames.none.map((r) => r.browserCpuMs)), installed: summarize(frames.installed.map((r) => r.browserCpuMs)) },
    };
  } finally {
    await plain.close();
    await ext.close();
  }
}

async function firefox(o: BenchOptions, server: BenchServer) {
  progress('hook footprint, firefox');
  const plain = await launchFirefoxBench();
  const ext = await launchFirefoxBench({ extensionDir: o.firefoxDir });
  try {
    const adapt = (p: FirefoxPage) => ({ goto: async (url: string) => void (await p.raw.goto(url)), evaluate: p.evaluate });
    const plainPage = adapt(await plain.newPage(server.url('/bench.html')));
    const extPage = adapt(await ext.newPage(server.url('/bench.html')));
    const pageOf = (config: string) => (config === 'none' ? plainPage : extPage);
    const browserOf = (config: string): FirefoxBrowser => (config === 'none' ? plain : ext);
    const first = await interleave(['none', 'installed'] as const, o.hook.documents, (config) => firstScript(pageOf(config), server));
    const frames = await interleave(['none', 'installed'] as const, o.hook.loads, (config) => framesLoad(pageOf(config), server, o.hook.iframes, browserOf(config).pid), progress);
    return {
      version: plain.version,
      firstScriptMs: { none: summarize(first.none.map((r) => r.firstScriptMs)), installed: summarize(first.installed.map((r) => r.firstScriptMs)) },
      framesLoadMs: { none: summarize(frames.none.map((r) => r.loadMs)), installed: summarize(frames.installed.map((r) => r.loadMs)) },
      framesCpuMs: { none: summarize(frames.none.map((r) => r.browserCpuMs)), installed: summarize(frames.installed.map((r) => r.browserCpuMs)) },
    };
  } finally {
    await plain.close();
    await ext.close();
  }
}

test('hook footprint', async () => {
  const o = benchOptions();
  const server = await startBenchServer();
  const load = startLoadMeter();
  try {
    const result: Record<string, unknown> = { sizes: { chrome: sizes(o.chromeDir), firefox: sizes(o.firefoxDir) }, documents: o.hook.documents, loads: o.hook.loads, iframes: o.hook.iframes };
    if (o.browsers.includes('chromium')) result.chromium = await chromium(o, server);
    if (o.browsers.includes('firefox')) result.firefox = await firefox(o, server);
    result.load = load();
    writeResult('hook-footprint', result);
  } finally {
    await server.close();
  }
});
