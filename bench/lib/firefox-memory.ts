/**
 * Firefox's own memory figures, read in its privileged scope (FirefoxBrowser.chrome) the way
 * about:memory reads them: a forced GC and CC in every process, the content processes by type and
 * the documents they hold (ChromeUtils.requestProcInfo), and the "explicit" memory reports summed
 * per top-level window and per sandbox realm (nsIMemoryReporterManager.getReports).
 *
 * Report paths name URLs with "\" for "/" ("explicit/window-objects/top(http:\\127.0.0.1:80\page.html, id=12)/...").
 * A window's figure covers its DOM, layout, JS realms and its JS zone (strings of every realm in
 * the zone, content-script sandboxes included: Firefox creates them in their window's zone). A
 * sandbox realm ("explicit/js-non-window/zones/zone(...)/realm([Expanded Principal [...]], ...)")
 * covers that sandbox's objects, not its strings.
 */
import type { FirefoxBrowser } from './firefox';
import { sleep } from './cdp';

/** How about:memory's paths write a URL. */
export const reportUrl = (url: string) => url.replace(/\//g, '\\');

/** Full GC and CC in the parent and (asynchronously) every child process; then a second for the children. */
export async function collectGarbage(browser: Pick<FirefoxBrowser, 'chrome'>): Promise<void> {
  await browser.chrome(`(Services.obs.notifyObservers(null, 'child-gc-request'), Services.obs.notifyObservers(null, 'child-cc-request'), Cu.forceGC(), Cu.forceCC(), true)`);
  await sleep(1000);
}

export interface FirefoxProcess {
  pid: number;
  /** "web", "extension", "privilegedabout", "preallocated", ... */
  type: string;
  /** URLs of the documents it holds. */
  windows: string[];
}

export function firefoxProcesses(browser: Pick<FirefoxBrowser, 'chrome'>): Promise<FirefoxProcess[]> {
  return browser.chrome(
    `ChromeUtils.requestProcInfo().then((info) => info.children.map((c) => ({ pid: c.pid, type: c.type, windows: c.windows.map((w) => (w.documentURI && w.documentURI.spec) || '') })))`,
  );
}

/**
 * Bytes of explicit memory per named group: `tops` maps a name to the start of a top-level
 * window's URL; `sandboxes` maps a name to strings that a sandbox realm's name must all contain.
 */
export function explicitMemory(browser: Pick<FirefoxBrowser, 'chrome'>, groups: { tops: Record<string, string>; sandboxes: Record<string, string[]> }): Promise<Record<string, number>> {
  const tops = Object.fromEntries(Object.entries(groups.tops).map(([k, url]) => [k, reportUrl(url)]));
  const sandboxes = Object.fromEntries(Object.entries(groups.sandboxes).map(([k, parts]) => [k, parts.map(reportUrl)]));
  return browser.chrome(`new Promise((resolve) => {
    const tops = ${JSON.stringify(tops)};
    const sandboxes = ${JSON.stringify(sandboxes)};
    const out = {};
    for (const k of [...Object.keys(tops), ...Object.keys(sandboxes)]) out[k] = 0;
    const manager = Cc['@mozilla.org/memory-reporter-manager;1'].getService(Ci.nsIMemoryReporterManager);
    manager.getReports(
      (process, path, kind, units, amount) => {
        if (units !== Ci.nsIMemoryReporter.UNITS_BYTES || !path.startsWith('explicit/')) return;
        if (path.startsWith('explicit/window-objects/top(')) {
          const top = path.slice('explicit/window-objects/top('.length);
          for (const k in tops) if (top.startsWith(tops[k])) out[k] += amount;
        } else if (path.startsWith('explicit/js-non-window/zones/')) {
          const at = path.indexOf('/realm(');
          if (at < 0) return;
          const realm = path.slice(at + 7);
          for (const k in sandboxes) if (sandboxes[k].every((part) => realm.includes(part))) out[k] += amount;
        }
      },
      null,
      () => resolve(out),
      null,
      false,
    );
  })`);
}
