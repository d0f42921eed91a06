/**
 * Scenario 7, page load: what Frameline adds to loading a page that opens no socket, and what a
 * frame without sockets has to parse.
 *
 *   load        a page with N iframes (default 30), every other one cross-origin (`localhost`
 *               against `127.0.0.1`, so in another renderer process where sites are isolated), no
 *               sockets; navigation start (0) to the load event's end, median of M loads
 *               (default 15) interleaved with and without the extension, Chromium and Firefox.
 *   floors      the same loads, interleaved with the above, with variants of the built
 *               extension made here and never shipped (FLOORS): every content script emptied
 *               (what any document_start script in every frame costs, whatever it holds),
 *               and the MAIN-world hook alone (no ISOLATED-world script); optionally a baseline
 *               build (FRAMELINE_BENCH_PAGELOAD_BASELINE).
 *   scripts     the content scripts the manifest puts in every frame (what a frame without
 *               sockets parses), raw bytes; files injected later on demand are listed apart.
 *   panel       the panel's initial bundle: every script panel.html loads before its first
 *               render (its module entry and the chunks that entry imports statically), raw bytes.
 */
import { test } from 'vitest';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
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
  const onDemand = ['extension/content/bridge.iife.js', 'extension/content/bridge-intercept.iife.js', 'extension/page/served.iife.js']
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

/**
 * Variants of the built extension that tell what the budget can reach (issue 13): `empty` keeps
 * both document_start content scripts in every frame but empties them (the floor of having any);
 * `hook` drops the ISOLATED-world stub and keeps the MAIN-world hook as built.
 */
const FLOORS = {
  empty: (manifest: Manifest, dir: string) => {
    for (const file of new Set((manifest.content_scripts ?? []).flatMap((s) => s.js))) writeFileSync(join(dir, file), '');
  },
  hook: (manifest: Manifest) => {
    manifest.content_scripts = (manifest.content_scripts ?? []).filter((s) => s.world === 'MAIN');
  },
} as const;
type Floor = keyof typeof FLOORS;
type Manifest = { content_scripts?: { js: string[]; world?: string }[] };
type Config = 'none' | Floor | 'baseline' | 'installed';
/**
 * FRAMELINE_BENCH_PAGELOAD_BASELINE: a folder with another build (`chrome/`, `firefox/`), e.g. of
 * the commit before a change, measured in the same interleaved run as `baseline` (before/after
 * without the machine's drift between two runs).
 */
const BASELINE = process.env.FRAMELINE_BENCH_PAGELOAD_BASELINE;
const CONFIGS: readonly Config[] = ['none', 'empty', 'hook', ...(BASELINE ? (['baseline'] as const) : []), 'installed'];

/** A copy of the built extension `dir` changed by `floor`, beside the results (bench/.tmp). */
function floorVariant(dir: string, resultsDir: string, floor: Floor): string {
  const out = join(resultsDir, '..', 'page-load-floors', floor, basename(dir));
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  cpSync(dir, out, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
  FLOORS[floor](manifest, out);
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return out;
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

async function measure(o: BenchOptions, server: BenchServer, pages: Record<Config, Navigable>, pids: Record<Config, number>) {
  const { iframes, loads } = o.pageLoad;
  // Warm-up: the first navigations of each browser start processes and fill caches.
  for (const config of CONFIGS) await loadOnce(pages[config], server, iframes, pids[config]);
  const runs = await interleave(CONFIGS, loads, (config) => loadOnce(pages[config], server, iframes, pids[config]), progress);
  const of = (config: Config) => ({ loadMs: summarize(runs[config].map((r) => r.loadMs)), cpuMs: summarize(runs[config].map((r) => r.browserCpuMs)) });
  const none = of('none');
  const installed = of('installed');
  const floors = Object.fromEntries(
    CONFIGS.filter((c): c is Floor | 'baseline' => c !== 'none' && c !== 'installed').map((floor) => {
      const x = of(floor);
      return [floor, { ...x, ratio: x.loadMs.median / none.loadMs.median, cpuRatio: x.cpuMs.median / none.cpuMs.median }];
    }),
  );
  return {
    loadMs: { none: none.loadMs, installed: installed.loadMs },
    cpuMs: { none: none.cpuMs, installed: installed.cpuMs },
    ratio: installed.loadMs.median / none.loadMs.median,
    floors,
  };
}

test('page load', async () => {
  const o = benchOptions();
  const server = await startBenchServer();
  const load = startLoadMeter();
  try {
    const result: Record<string, unknown> = {
      iframes: o.pageLoad.iframes,
      baseline: BASELINE ? { dir: BASELINE, scripts: { chrome: scriptSizes(join(BASELINE, 'chrome')), firefox: scriptSizes(join(BASELINE, 'firefox')) } } : undefined,
      loads: o.pageLoad.loads,
      scripts: { chrome: scriptSizes(o.chromeDir), firefox: scriptSizes(o.firefoxDir) },
      panelBundle: { chrome: panelInitialBundle(o.chromeDir), firefox: panelInitialBundle(o.firefoxDir) },
    };
    const dirs = (dir: string, browser: 'chrome' | 'firefox'): Record<Exclude<Config, 'none'>, string> => ({
      empty: floorVariant(dir, o.resultsDir, 'empty'),
      hook: floorVariant(dir, o.resultsDir, 'hook'),
      baseline: BASELINE ? join(BASELINE, browser) : dir,
      installed: dir,
    });
    if (o.browsers.includes('chromium')) {
      progress('page load, chromium');
      const extensionDirs = dirs(o.chromeDir, 'chrome');
      const browsers = { none: await launchChromiumCdp() } as Record<Config, Awaited<ReturnType<typeof launchChromiumCdp>>>;
      try {
        for (const config of CONFIGS) if (config !== 'none') browsers[config] = await launchChromiumCdp({ extensionDir: extensionDirs[config] });
        const pages = {} as Record<Config, Navigable>;
        for (const config of CONFIGS) pages[config] = await browsers[config].newPage();
        const pids = Object.fromEntries(CONFIGS.map((c) => [c, browsers[c].pid])) as Record<Config, number>;
        result.chromium = { version: browsers.none.version, ...(await measure(o, server, pages, pids)) };
      } finally {
        for (const browser of Object.values(browsers)) await browser.close();
      }
    }
    if (o.browsers.includes('firefox')) {
      progress('page load, firefox');
      const extensionDirs = dirs(o.firefoxDir, 'firefox');
      const browsers = { none: await launchFirefoxBench() } as Record<Config, Awaited<ReturnType<typeof launchFirefoxBench>>>;
      try {
        for (const config of CONFIGS) if (config !== 'none') browsers[config] = await launchFirefoxBench({ extensionDir: extensionDirs[config] });
        const adapt = (p: FirefoxPage): Navigable => ({ goto: async (url: string) => void (await p.raw.goto(url)), evaluate: p.evaluate });
        const pages = {} as Record<Config, Navigable>;
        for (const config of CONFIGS) pages[config] = adapt(await browsers[config].newPage(server.url('/bench.html')));
        const pids = Object.fromEntries(CONFIGS.map((c) => [c, browsers[c].pid])) as Record<Config, number>;
        result.firefox = { version: browsers.none.version, ...(await measure(o, server, pages, pids)) };
      } finally {
        for (const browser of Object.values(browsers)) await browser.close();
      }
    }
    result.load = load();
    writeResult('page-load', result);
  } finally {
    await server.close();
  }
});
