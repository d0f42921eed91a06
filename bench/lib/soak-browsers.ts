/**
 * The browsers of the soak (bench/soak.bench-run.ts), each with the soak page loaded and the memory
 * series it can sample:
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
 */
import { launchChromiumCdp, type CdpPage } from './cdp';
import { launchFirefoxBench, type PageLike } from './firefox';
import { collectGarbage, explicitMemory, firefoxProcesses } from './firefox-memory';
import { FIREFOX_EXTENSION_ORIGIN } from '../../tests/e2e/harness/firefox';
import type { BenchOptions } from './options';
import { commandLine, findPageProcess, processTree, residentBytes } from './proc';

export interface SeriesSpec {
  key: string;
  label: string;
  /** Sampled only while the panel is open. */
  openOnly?: boolean;
}

/** One browser prepared for the soak: the page loaded, its processes known, its memory series. */
export interface SoakBrowser {
  version: string;
  page: PageLike;
  series: SeriesSpec[];
  notMeasured: string[];
  openPanel(): Promise<PageLike>;
  sample(panel: PageLike | undefined): Promise<{ values: Record<string, number | null>; notes?: string[] }>;
  close(): Promise<void>;
}

export async function openChromiumSoak(o: BenchOptions, url: string): Promise<SoakBrowser> {
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

export async function openFirefoxSoak(o: BenchOptions, url: string): Promise<SoakBrowser> {
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
