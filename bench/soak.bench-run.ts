/**
 * Scenario 6, soak: does memory stay flat and does nothing get lost over a long session?
 *
 * The page (pages/soak.js) keeps 20 sockets to the bench server's /soak endpoint and replaces one
 * every 3 s (closed by the page or by the server, random clean close codes); each socket gets 10
 * messages/s from the server and sends 5/s (small and larger JSON text, ArrayBuffers, typed-array
 * views and Blobs; half the sockets receive binary as ArrayBuffer, half as Blob): 300 messages/s
 * in all. The page counts what it sent and received, per socket.
 *
 * The panel (panel.html?tabId=N in its own window) is open and closed in turns: phases of 2
 * minutes (shorter runs: a quarter of the run, at least 15 s), the last one open. Memory is
 * sampled at the start and every minute (before the panel is opened or closed at that moment):
 *   Chromium  page: the page's JS heap (CDP Runtime.getHeapUsage on the page target after
 *             HeapProfiler.collectGarbage: used heap + ArrayBuffer backing stores; one isolate holds
 *             the page, the MAIN-world hook and the ISOLATED-world bridge with its history, so the
 *             content scripts cannot be told apart from the page) and the resident memory of its
 *             renderer process (/proc; the process found by the memory it grows when the page
 *             fills a 256 MB buffer);
 *             extension: the service worker's JS heap (attached over CDP for the sample only, so
 *             that the debugger does not keep it alive; none while Chromium has stopped it) and
 *             the resident memory of the extension's renderer process (--extension-process: the
 *             worker, and the panel while it is open);
 *             panel: its JS heap (as the page's; it is the main-thread isolate of the extension
 *             process), while open; the browser process's resident memory.
 *   Firefox   after a forced GC and CC in every process, Firefox's own memory reports (what
 *             about:memory shows; lib/firefox-memory.ts) per window: the page's (its DOM, the
 *             page's and the hook's JS, and the strings of its zone, which include the bridge's:
 *             Firefox keeps a content script's strings in its window's zone), the bridge's sandbox
 *             realm (the content script's objects and ArrayBuffers, apart), the background page's,
 *             the panel's (while open); resident memory (/proc) of the page's content process, the
 *             extension process (background page and panel) and the parent process (processes
 *             identified by ChromeUtils.requestProcInfo).
 * Each series gets a least-squares slope in MB per 10 minutes, with the panel's state as a second
 * regressor (lib/stats.ts trend), and a verdict. Samples taken while the page's history was still
 * filling (before its first 10,000 messages, about half a minute) are listed but not in the slope.
 *
 * Nothing lost: at the end of every open phase the page stops its traffic (each socket asks the
 * server to pause and waits for its "paused"), then the panel must account for every message the
 * page counted: the messages it shows (toolbar "N / M messages") plus the ones it reports as
 * dropped by the page's history limit ("· K older messages dropped"). Drops are legitimate only
 * for what happened before the panel attached and did not fit in the history (10,000 messages per
 * document by default): K is read once the panel shows the history, must lie between what the
 * page had done before and after the attach minus the history size, and must not grow while the
 * panel is open (a message missing from a live stream would otherwise hide among the drops).
 * Lost = page's messages - shown - dropped, plus the drops added while open. Per socket: every
 * socket of the page has its row in the Connections grid with the page's sent and received counts
 * and close code; for the sockets opened after the attach, the row is clicked and the Messages
 * list must show exactly the page's count for it.
 */
import { test } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SETTINGS } from '../src/protocol/settings';
import { launchChromiumCdp, poll, sleep, type CdpPage } from './lib/cdp';
import { launchFirefoxBench, type PageLike } from './lib/firefox';
import { collectGarbage, explicitMemory, firefoxProcesses } from './lib/firefox-memory';
import { FIREFOX_EXTENSION_ORIGIN } from '../tests/e2e/harness/firefox';
import { benchOptions, type BenchOptions, type BrowserName } from './lib/options';
import { commandLine, findPageProcess, processTree, residentBytes, startLoadMeter } from './lib/proc';
import { progress, writeResult } from './lib/results';
import { startBenchServer, type BenchServer } from './lib/server';
import { trend, type Trend } from './lib/stats';

const PROBE = readFileSync(fileURLToPath(new URL('./pages/panel-probe.js', import.meta.url)), 'utf8');
const MB = 1024 * 1024;
const HISTORY = { messages: DEFAULT_SETTINGS.historyMaxMessages, bytes: DEFAULT_SETTINGS.historyMaxBytes };

interface SeriesSpec {
  key: string;
  label: string;
  /** Sampled only while the panel is open. */
  openOnly?: boolean;
}

/** One browser prepared for the soak: the page loaded, its processes known. */
interface Harness {
  version: string;
  page: PageLike;
  series: SeriesSpec[];
  notMeasured: string[];
  openPanel(): Promise<PageLike>;
  sample(panel: PageLike | undefined): Promise<{ values: Record<string, number | null>; notes?: string[] }>;
  close(): Promise<void>;
}

interface PageSocket {
  id: number;
  url: string;
  state: string;
  sent: number;
  received: number;
  /** JSON texts carrying "sock":id (both directions). */
  marked: number;
  closeCode?: number;
  wasClean?: boolean;
  closedBy?: 'page' | 'server';
}

interface PageSummary {
  total: number;
  sent: number;
  received: number;
  opened: number;
  open: number;
  closedByPage: number;
  closedByServer: number;
  errors: number;
  textOut: number;
  arrayBufferOut: number;
  viewOut: number;
  blobOut: number;
  textIn: number;
  arrayBufferIn: number;
  blobIn: number;
  historyHeldBytes: number;
  sockets: PageSocket[];
  unsettled?: string[];
}

interface Counts {
  shown: number;
  total: number;
  dropped: number;
  filtering: boolean;
}

interface Attach {
  panel: PageLike;
  phase: number;
  openedAtS: number;
  /** The page's message count before the panel was opened, and once it showed the history. */
  before: number;
  after: number;
  droppedAtAttach: number;
  shownAtAttach: number;
  /** Sockets that existed once the panel showed the history: the later ones are all live. */
  ids: Set<number>;
  historyHeldBytes: number;
}

export interface PhaseCheck {
  phase: number;
  openedAtS: number;
  checkedAtS: number;
  pageMessages: number;
  /** Messages the page counted while this panel was open (from its attach). */
  liveMessages: number;
  shown: number;
  droppedAtAttach: number;
  dropped: number;
  /** Page's messages - shown - dropped (negative: rows the page never had). */
  lost: number;
  droppedWhileOpen: number;
  /** Expected range of the drops at attach: what the page had done before / after the attach, minus the history size. */
  historyBound: [number, number];
  historyOk: boolean;
  /** The page's estimate of the bytes its history held at the attach (text counted 2 B per UTF-16 unit, as the bridge does). */
  historyHeldBytes: number;
  settleMs: number;
  connections: { page: number; panel: number; missing: number; extra: number; countMismatches: number; stateMismatches: number; closeMismatches: number };
  sockets: { checked: number; mismatches: number };
  problems: string[];
}

const phaseMsFor = (minutes: number) => Math.round(Math.min(120, Math.max(15, (minutes * 60) / 4)) * 1000);

async function chromiumHarness(o: BenchOptions, url: string): Promise<Harness> {
  const browser = await launchChromiumCdp({ extensionDir: o.chromeDir });
  try {
    const page = await browser.newPage(url);
    await page.waitFor('window.__soak && window.__soak.ready', 15_000, 'the soak page');
    const heapOf = async (target: Pick<CdpPage, 'send'>) => {
      await target.send('HeapProfiler.collectGarbage');
      const h = await target.send<{ usedSize: number; backingStorageSize?: number }>('Runtime.getHeapUsage');
      return h.usedSize + (h.backingStorageSize ?? 0);
    };
    const pagePid = await findPageProcess(
      browser.pid,
      () => page.evaluate('__soak.touch()'),
      () => page.evaluate('__soak.release()').then(() => page.send('HeapProfiler.collectGarbage')),
    );
    const tabId = await browser.tabIdOf(url);
    const extensionProcesses = () => processTree(browser.pid).filter((pid) => commandLine(pid).includes('--extension-process'));
    return {
      version: browser.version,
      page,
      series: [
        { key: 'pageHeap', label: 'page: JS heap (page + hook + bridge)' },
        { key: 'pageRss', label: 'page: renderer process, resident' },
        { key: 'workerHeap', label: 'extension: service worker JS heap' },
        { key: 'extensionRss', label: 'extension: process, resident (worker + panel)' },
        { key: 'panelHeap', label: 'panel: JS heap', openOnly: true },
        { key: 'browserRss', label: 'browser process, resident' },
      ],
      notMeasured: [
        "the content scripts apart from the page: the hook, the bridge (and its history) and the page's own objects share one V8 isolate, so the page's JS heap is their sum",
      ],
      openPanel: () => browser.newPage(`${browser.extensionOrigin}/panel.html?tabId=${tabId}`),
      async sample(panel) {
        const notes: string[] = [];
        const values: Record<string, number | null> = {};
        values.pageHeap = await heapOf(page);
        values.pageRss = residentBytes(pagePid) || null;
        const { targetInfos } = await browser.conn.send<{ targetInfos: Array<{ type: string; url: string; targetId: string }> }>('Target.getTargets');
        const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(browser.extensionOrigin!));
        values.workerHeap = null;
        if (worker) {
          try {
            const { sessionId } = await browser.conn.send<{ sessionId: string }>('Target.attachToTarget', { targetId: worker.targetId, flatten: true });
            try {
              values.workerHeap = await heapOf({ send: (method: string, params?: object) => browser.conn.send(method, params ?? {}, sessionId) } as Pick<CdpPage, 'send'>);
            } finally {
              await browser.conn.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
            }
          } catch (error) {
            notes.push(`service worker: ${(error as Error).message}`);
          }
        } else notes.push('service worker not running');
        const extension = extensionProcesses();
        values.extensionRss = extension.length ? extension.reduce((a, pid) => a + residentBytes(pid), 0) : null;
        if (extension.length > 1) notes.push(`${extension.length} extension processes`);
        values.panelHeap = panel ? await heapOf(panel as CdpPage) : null;
        values.browserRss = residentBytes(browser.pid) || null;
        return { values, notes };
      },
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

async function firefoxHarness(o: BenchOptions, url: string): Promise<Harness> {
  const browser = await launchFirefoxBench({ extensionDir: o.firefoxDir });
  try {
    const page = await browser.newPage(url);
    await page.waitFor('window.__soak && window.__soak.ready', 15_000, 'the soak page');
    // Firefox says which process holds which document, and which one is the extension's.
    const processes = await firefoxProcesses(browser);
    const pagePid = processes.find((p) => p.windows.some((w) => w.startsWith(url)))?.pid;
    const extensionPid = processes.find((p) => p.type === 'extension')?.pid;
    if (!pagePid || !extensionPid) throw new Error(`firefox processes: page ${pagePid}, extension ${extensionPid} in ${JSON.stringify(processes)}`);
    const origin = new URL(url).origin;
    const groups = {
      tops: {
        pageWindow: url.split('?')[0],
        backgroundWindow: `${FIREFOX_EXTENSION_ORIGIN}/_generated_background_page.html`,
        panelWindow: `${FIREFOX_EXTENSION_ORIGIN}/panel.html`,
      },
      // The bridge's sandbox: its principal joins the page's and the extension's.
      sandboxes: { bridgeRealm: ['Expanded Principal', origin, FIREFOX_EXTENSION_ORIGIN] },
    };
    return {
      version: browser.version,
      page,
      series: [
        { key: 'pageWindow', label: 'page: window (page + hook, DOM, JS, strings of its zone incl. the bridge\'s)' },
        { key: 'bridgeRealm', label: 'content script: bridge sandbox realm (objects, ArrayBuffers)' },
        { key: 'pageRss', label: 'page: content process, resident' },
        { key: 'backgroundWindow', label: 'extension: background page' },
        { key: 'extensionRss', label: 'extension: process, resident (background + panel)' },
        { key: 'panelWindow', label: 'panel: window', openOnly: true },
        { key: 'browserRss', label: 'parent process, resident' },
      ],
      notMeasured: [
        "the bridge's strings apart from the page's (Firefox keeps a content script's strings in its window's zone, so the history's text payloads count in the page's window)",
      ],
      async openPanel() {
        const panel = await browser.openPanel(page);
        // As in the page-cost scenario: the page's window in front, the panel's beside it.
        await page.bringToFront();
        return panel;
      },
      async sample(panel) {
        await collectGarbage(browser);
        const explicit = await explicitMemory(browser, groups);
        const values: Record<string, number | null> = {
          pageWindow: explicit.pageWindow || null,
          bridgeRealm: explicit.bridgeRealm || null,
          pageRss: residentBytes(pagePid) || null,
          backgroundWindow: explicit.backgroundWindow || null,
          extensionRss: residentBytes(extensionPid) || null,
          panelWindow: panel ? explicit.panelWindow || null : null,
          browserRss: residentBytes(browser.pid) || null,
        };
        return { values };
      },
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

async function soak(o: BenchOptions, server: BenchServer, name: BrowserName) {
  const minutes = o.soak.minutes;
  const durationMs = minutes * 60_000;
  const phaseMs = phaseMsFor(minutes);
  const phases = Math.max(1, Math.round(durationMs / phaseMs));
  const phaseEnd = (i: number) => (i === phases - 1 ? durationMs : (i + 1) * phaseMs);
  // The last phase is open (the final check needs the panel); earlier ones alternate back from it.
  const isOpen = (i: number) => (phases - 1 - i) % 2 === 0;
  progress(`soak, ${name}: ${minutes} min, ${phases} phases of ${phaseMs / 1000} s, panel ${isOpen(0) ? 'open' : 'closed'} first`);

  const url = server.url(`/soak.html?browser=${name}`);
  const h = name === 'chromium' ? await chromiumHarness(o, url) : await firefoxHarness(o, url);
  const problems: string[] = [];
  const samples: Array<{ minute: number; atS: number; panelOpen: boolean; warmUp: boolean; values: Record<string, number | null>; notes?: string[] }> = [];
  const checks: PhaseCheck[] = [];
  let attach: Attach | undefined;
  let t0 = 0;
  const elapsedS = () => (Date.now() - t0) / 1000;

  async function openPhase(phase: number): Promise<Attach> {
    const before = await h.page.evaluate<number>('__soak.total()');
    const openedAtS = elapsedS();
    const panel = await h.openPanel();
    await panel.waitFor(PROBE, 20_000, 'the panel toolbar');
    const first = await panel.waitFor<Counts>('(() => { const c = window.__probe.counts(); return c && c.total > 0 && c; })()', 60_000, 'the history in the panel');
    const mark = await h.page.evaluate<{ total: number; ids: number[]; historyHeldBytes: number }>('__soak.mark()');
    progress(`  ${Math.round(openedAtS)} s: panel open, shows ${first.total} messages, reports ${first.dropped} dropped (page: ${before} before, ${mark.total} after)`);
    return { panel, phase, openedAtS, before, after: mark.total, droppedAtAttach: first.dropped, shownAtAttach: first.total, ids: new Set(mark.ids), historyHeldBytes: mark.historyHeldBytes };
  }

  async function checkPhase(a: Attach): Promise<PhaseCheck> {
    const phaseProblems: string[] = [];
    const page = await h.page.evaluate<PageSummary>('__soak.pause()');
    if (page.unsettled?.length) phaseProblems.push(`sockets that did not go quiet: ${page.unsettled.join(', ')}`);
    const settle0 = Date.now();
    const P = page.total;
    const reached = await poll(
      60_000,
      async () => {
        const c = await a.panel.evaluate<Counts | undefined>('window.__probe.counts()');
        return c && c.total + c.dropped >= P ? c : undefined;
      },
      `${P} messages accounted for in the panel`,
    ).catch(() => undefined);
    const settleMs = Date.now() - settle0;
    if (!reached) phaseProblems.push(`the panel did not account for ${P} messages within 60 s`);
    await sleep(500); // anything beyond the page's count would show up by now
    const c = await a.panel.evaluate<Counts>('window.__probe.counts()');
    const lost = P - c.total - c.dropped;
    const droppedWhileOpen = c.dropped - a.droppedAtAttach;
    if (lost > 0) phaseProblems.push(`${lost} of the page's messages neither shown nor reported dropped`);
    if (lost < 0) phaseProblems.push(`${-lost} more messages shown or dropped than the page had`);
    if (droppedWhileOpen !== 0) phaseProblems.push(`drops went from ${a.droppedAtAttach} to ${c.dropped} while the panel was open`);
    // The drops at attach: what did not fit in the history then (bounded by the page's count
    // before and after the attach; a few messages may still be on their way from the hook).
    const historyBound: [number, number] = [Math.max(0, a.before - HISTORY.messages - 50), Math.max(0, a.after - HISTORY.messages)];
    const byteLimitBinds = a.historyHeldBytes > HISTORY.bytes * 0.9;
    const historyOk = byteLimitBinds || (a.droppedAtAttach >= historyBound[0] && a.droppedAtAttach <= historyBound[1]);
    if (!historyOk) phaseProblems.push(`drops at attach ${a.droppedAtAttach} outside ${historyBound[0]}..${historyBound[1]}`);

    // Per socket, in the Connections grid: a row each, the page's counts, close codes.
    type Row = { id: string; url: string; state: string; close: string; sent: number; received: number };
    const rows = await a.panel.evaluate<Row[]>('window.__probe.connectionRows()');
    const byUrl = new Map(rows.map((r) => [r.url, r]));
    const connections = { page: page.sockets.length, panel: rows.length, missing: 0, extra: 0, countMismatches: 0, stateMismatches: 0, closeMismatches: 0 };
    const examples: string[] = [];
    for (const s of page.sockets) {
      const r = byUrl.get(s.url);
      if (!r) {
        connections.missing++;
        continue;
      }
      byUrl.delete(s.url);
      if (r.sent !== s.sent || r.received !== s.received) {
        connections.countMismatches++;
        if (examples.length < 3) examples.push(`socket ${s.id}: page ${s.sent}/${s.received}, panel ${r.sent}/${r.received}`);
      }
      if (r.state !== s.state) connections.stateMismatches++;
      if (s.state === 'closed' && parseInt(r.close, 10) !== s.closeCode) connections.closeMismatches++;
    }
    connections.extra = byUrl.size;
    if (connections.missing || connections.extra || connections.countMismatches || connections.stateMismatches || connections.closeMismatches) {
      phaseProblems.push(`connections: ${JSON.stringify(connections)} ${examples.join('; ')}`);
    }

    // Sockets opened after the attach: all their messages came live, so the panel must have them all.
    const sockets = { checked: 0, mismatches: 0 };
    const idOf = new Map(rows.map((r) => [r.url, r.id]));
    for (const s of page.sockets) {
      if (a.ids.has(s.id) || !idOf.has(s.url)) continue;
      // The list shows the new connection once its rows carry this socket's id and no other's.
      const mark = JSON.stringify(`"sock":${s.id},`);
      const ready = s.marked ? `(previews) => previews.some((p) => p.includes(${mark})) && previews.every((p) => !/"sock":\d+,/.test(p) || p.includes(${mark}))` : 'undefined';
      const shown = await a.panel.evaluate<Counts>(`window.__probe.showConnection(${JSON.stringify(idOf.get(s.url))}, ${ready})`).catch((e: Error) => {
        phaseProblems.push(e.message);
        return undefined;
      });
      sockets.checked++;
      if (shown?.shown !== s.sent + s.received) {
        sockets.mismatches++;
        if (sockets.mismatches <= 3) phaseProblems.push(`socket ${s.id}: page ${s.sent + s.received} messages, panel lists ${shown?.shown}`);
      }
    }
    const check: PhaseCheck = {
      phase: a.phase,
      openedAtS: a.openedAtS,
      checkedAtS: elapsedS(),
      pageMessages: P,
      liveMessages: P - a.before,
      shown: c.total,
      droppedAtAttach: a.droppedAtAttach,
      dropped: c.dropped,
      lost,
      droppedWhileOpen,
      historyBound,
      historyOk,
      historyHeldBytes: a.historyHeldBytes,
      settleMs,
      connections,
      sockets,
      problems: phaseProblems,
    };
    progress(
      `  ${Math.round(check.checkedAtS)} s: check: page ${P}, panel shows ${c.total} + ${c.dropped} dropped (${a.droppedAtAttach} at attach): lost ${lost}; ` +
        `${rows.length}/${page.sockets.length} connections; ${sockets.checked} sockets checked row by row${phaseProblems.length ? `; PROBLEMS: ${phaseProblems.join('; ')}` : ''}`,
    );
    return check;
  }

  async function sample(minute: number) {
    // Until the page has done as many messages as its history holds, the history is still filling:
    // such samples show that, not a trend, and the slope leaves them out.
    const warmUp = (await h.page.evaluate<number>('__soak.total()')) < HISTORY.messages;
    const { values, notes } = await h.sample(attach?.panel);
    samples.push({ minute, atS: elapsedS(), panelOpen: !!attach, warmUp, values, ...(notes?.length ? { notes } : {}) });
    const shown = h.series.map((s) => `${s.key} ${values[s.key] === null ? '-' : (values[s.key]! / MB).toFixed(1)}`).join(', ');
    progress(`  min ${minute} (panel ${attach ? 'open' : 'closed'}${warmUp ? ', history filling' : ''}): ${shown} MB${notes?.length ? ` (${notes.join('; ')})` : ''}`);
  }

  let summary: PageSummary | undefined;
  try {
    await h.page.evaluate(
      `__soak.start(${JSON.stringify({ wsBase: server.wsUrl(''), sockets: o.soak.sockets, churnMs: o.soak.churnMs, serverRate: o.soak.serverRate, pageRate: o.soak.pageRate, historyMessages: HISTORY.messages })})`,
    );
    t0 = Date.now();
    const sampleAt = Array.from({ length: Math.floor(durationMs / 60_000) + 1 }, (_, k) => k * 60_000);
    const boundaries = Array.from({ length: phases }, (_, i) => phaseEnd(i));
    const times = [...new Set([...sampleAt, 0, ...boundaries])].sort((a, b) => a - b);
    for (const T of times) {
      const wait = t0 + T - Date.now();
      if (wait > 0) await sleep(wait);
      if (sampleAt.includes(T)) await sample(T / 60_000);
      if (T === 0 && isOpen(0)) attach = await openPhase(0);
      const ended = boundaries.indexOf(T);
      if (ended < 0) continue;
      if (attach) {
        checks.push(await checkPhase(attach));
        if (ended === phases - 1) break;
        await attach.panel.close();
        attach = undefined;
        await h.page.evaluate('__soak.resume()');
      }
      if (ended + 1 < phases && isOpen(ended + 1)) attach = await openPhase(ended + 1);
    }
    summary = await h.page.evaluate<PageSummary>('__soak.summary()');
    await h.page.evaluate('__soak.stop()');
  } catch (error) {
    problems.push(String((error as Error).message));
    progress(`  FAILED: ${(error as Error).message}`);
  } finally {
    await h.close();
  }

  const series = h.series.map((s) => {
    const values = samples.map((x) => x.values[s.key] ?? null);
    const points = samples.flatMap((x) => (x.warmUp || x.values[s.key] === null || x.values[s.key] === undefined ? [] : [{ minute: x.atS / 60, value: x.values[s.key]! / MB, open: x.panelOpen }]));
    const slope: Trend = trend(points);
    progress(`  ${s.label}: ${slope.verdict} (${slope.perTenMinutes.toFixed(2)} ± ${slope.standardError.toFixed(2)} MB/10 min)`);
    return { ...s, values, slope };
  });
  const lost = checks.reduce((a, c) => a + Math.max(0, c.lost) + Math.max(0, c.droppedWhileOpen), 0);
  const extra = checks.reduce((a, c) => a + Math.max(0, -c.lost), 0);
  const { sockets: _sockets, ...page } = summary ?? ({ sockets: [] } as unknown as PageSummary);
  return {
    version: h.version,
    phaseSeconds: phaseMs / 1000,
    phases: checks,
    phasesOpen: Array.from({ length: phases }, (_, i) => isOpen(i)),
    samples,
    series,
    notMeasured: h.notMeasured,
    lost,
    extra,
    page,
    problems: [...problems, ...checks.flatMap((c) => c.problems.map((p) => `phase ${c.phase + 1}: ${p}`))],
  };
}

const o = benchOptions();

test('soak', { timeout: (o.soak.minutes * o.browsers.length + 5 * o.browsers.length + 5) * 60_000 }, async () => {
  const server = await startBenchServer();
  const load = startLoadMeter();
  try {
    const result: Record<string, unknown> = { minutes: o.soak.minutes, traffic: o.soak, history: HISTORY };
    for (const name of o.browsers) result[name] = await soak(o, server, name);
    result.load = load();
    writeResult('soak', result);
    const failed = o.browsers.filter((b) => (result[b] as { problems: string[] }).problems.length);
    if (failed.length) throw new Error(`soak problems in ${failed.join(', ')} (see the report)`);
  } finally {
    await server.close();
  }
});
