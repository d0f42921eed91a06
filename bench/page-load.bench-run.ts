/**
 * Scenario 7, page load: what Frameline adds to loading a page that opens no socket, and what a
 * frame without sockets has to parse.
 *
 *   load        a page with N iframes (default 30), every other one cross-origin (`localhost`
 *               against `127.0.0.1`, so in another renderer process where sites are isolated), no
 *               sockets; navigation start (0) to the load event's end, median of M loads
 *               (default 15) interleaved with and without the extension, Chromium and Firefox.
 *   scripts     the content scripts the manifest puts in every frame (what a frame without
 *               sockets parses), raw bytes; files injected later on demand are listed apart.
 *   panel       the panel's initial bundle: every script panel.html loads before its first
 *               render (its module entry and the chunks that entry imports statically), raw bytes.
 */
import { test } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromiumCdp } from './lib/cdp';
import { launchFirefoxBench, type FirefoxPage } from './lib/firefox';
import { benchOptions, type BenchOptions } from './lib/options';
import { startLoadMeter, treeCpuSeconds } from './lib/proc';
import { progress, writeResult } from './lib/results';
import { startBenchServer, type BenchServer } from './lib/server';
import { interleave, summarize } from './lib/stats';

interface Navigable {
  goto(url: string): Promise<void>;
  evaluate<T>(expression: string): Promise<T>;
}

let serial = 0;

/** Content scripts of the built manifest (every frame) and the extension's other scripts. */
export function scriptSizes(dir: string) {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { content_scripts?: { js: string[] }[] };
  const everyFrame = [...new Set((manifest.content_scripts ?? []).flatMap((s) => s.js))].map((file) => ({ file, bytes: readFileSync(join(dir, file)).length }));
  const onDemand = ['extension/content/bridge.iife.js', 'extension/content/bridge-intercept.iife.js']
    .filter((file) => !everyFrame.some((s) => s.file === file) && existsSync(join(dir, file)))
    .map((file) => ({ file, bytes: readFileSync(join(dir, file)).length }));
  return { everyFrame, everyFrameBytes: everyFrame.reduce((a, s) => a + s.bytes, 0), onDemand };
}

/** panel.html's module entry plus every chunk reachable from it through static imports. */
export function panelInitialBundle(dir: string) {
  const html = readFileSync(join(dir, 'panel.html'), 'utf8');
  const roots = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g), ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1].replace(/^\//, ''));
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file) || !existsSync(join(dir, file))) continue;
    seen.add(file);
    const code = readFileSync(join(dir, file), 'utf8');
    // Static imports only (`import ... from "./x.js"`, `import "./x.js"`); `import("./x.js")` loads on use.
    for (const m of code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w*${}\s,]+from\s*)?["']([^"']+\.js)["']/g)) {
      const base = file.slice(0, file.lastIndexOf('/') + 1);
      const target = new URL(m[1], `http://x/${base}`).pathname.slice(1);
      queue.push(target);
    }
  }
  const files = [...seen].map((file) => ({ file, bytes: readFileSync(join(dir, file)).length }));
  return { files, bytes: files.reduce((a, f) => a + f.bytes, 0) };
}

async function loadOnce(page: Navigable, server: BenchServer, n: number, rootPid: number) {
  const cpu0 = treeCpuSeconds(rootPid);
  await page.goto(server.url(`/frames.html?n=${n}&pageload=${++serial}`));
  const loadMs = await page.evaluate<number>(`(async () => {
    for (let i = 0; i < 100 && !(performance.getEntriesByType('navigation')[0]?.loadEventEnd > 0); i++) await new Promise((r) => setTimeout(r, 20));
    const nav = performance.getEntriesByType('navigation')[0];
    if (document.querySelectorAll('iframe').length !== ${n}) throw new Error('iframes missing');
    return nav.loadEventEnd - nav.startTime;
  })()`);
  // Let the frames' content scripts settle before reading CPU (and before the next load).
  await new Promise((r) => setTimeout(r, 200));
  return { loadMs, browserCpuMs: (treeCpuSeconds(rootPid) - cpu0) * 1000 };
}

async function measure(o: BenchOptions, server: BenchServer, plain: Navigable, ext: Navigable, pids: { none: number; installed: number }) {
  const { iframes, loads } = o.pageLoad;
  const pageOf = (config: 'none' | 'installed') => (config === 'none' ? plain : ext);
  // Warm-up: the first navigations of each browser start processes and fill caches.
  for (const config of ['none', 'installed'] as const) await loadOnce(pageOf(config), server, iframes, pids[config]);
  const runs = await interleave(['none', 'installed'] as const, loads, (config) => loadOnce(pageOf(config), server, iframes, pids[config]), progress);
  const loadMs = { none: summarize(runs.none.map((r) => r.loadMs)), installed: summarize(runs.installed.map((r) => r.loadMs)) };
  const cpuMs = { none: summarize(runs.none.map((r) => r.browserCpuMs)), installed: summarize(runs.installed.map((r) => r.browserCpuMs)) };
  return { loadMs, cpuMs, ratio: loadMs.installed.median / loadMs.none.median };
}

test('page load', async () => {
  const o = benchOptions();
  const server = await startBenchServer();
  const load = startLoadMeter();
  try {
    const result: Record<string, unknown> = {
      iframes: o.pageLoad.iframes,
      loads: o.pageLoad.loads,
      scripts: { chrome: scriptSizes(o.chromeDir), firefox: scriptSizes(o.firefoxDir) },
      panelBundle: { chrome: panelInitialBundle(o.chromeDir), firefox: panelInitialBundle(o.firefoxDir) },
    };
    if (o.browsers.includes('chromium')) {
      progress('page load, chromium');
      const plain = await launchChromiumCdp();
      const ext = await launchChromiumCdp({ extensionDir: o.chromeDir });
      try {
        result.chromium = { version: plain.version, ...(await measure(o, server, await plain.newPage(), await ext.newPage(), { none: plain.pid, installed: ext.pid })) };
      } finally {
        await plain.close();
        await ext.close();
      }
    }
    if (o.browsers.includes('firefox')) {
      progress('page load, firefox');
      const plain = await launchFirefoxBench();
      const ext = await launchFirefoxBench({ extensionDir: o.firefoxDir });
      try {
        const adapt = (p: FirefoxPage): Navigable => ({ goto: async (url: string) => void (await p.raw.goto(url)), evaluate: p.evaluate });
        const plainPage = adapt(await plain.newPage(server.url('/bench.html')));
        const extPage = adapt(await ext.newPage(server.url('/bench.html')));
        result.firefox = { version: plain.version, ...(await measure(o, server, plainPage, extPage, { none: plain.pid, installed: ext.pid })) };
      } finally {
        await plain.close();
        await ext.close();
      }
    }
    result.load = load();
    writeResult('page-load', result);
  } finally {
    await server.close();
  }
});
