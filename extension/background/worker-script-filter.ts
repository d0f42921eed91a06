/**
 * Firefox only: puts the worker hook in front of every http(s) worker's top-level script (dedicated,
 * shared, service; nested ones too) as the response streams in, through
 * `webRequest.filterResponseData`. The worker keeps its own URL, so `self.location`, relative
 * `importScripts` / `import` / `fetch`, CSP `worker-src` and module workers behave exactly as
 * without the extension (a blob: copy of the script would change all of them).
 *
 * Which requests: Firefox types every worker request `script`, like page scripts, so the choice
 * is made in `onBeforeSendHeaders` from the Fetch metadata headers (src/background/worker-script-kind.ts);
 * `filterResponseData` works from there as from `onBeforeRequest` (verified in firefox-esr 153).
 * Only top-level worker scripts get a filter: documents, page scripts, module imports and
 * `importScripts` pass untouched. The listener is blocking so that the filter is attached before
 * any byte of the response can arrive (a response from the HTTP cache arrives at once).
 *
 * Chrome has no `filterResponseData` (and MV3 there has no blocking webRequest): nothing is
 * registered, and http(s) workers are captured there only by deep capture.
 */
import browser, { type WebRequest } from 'webextension-polyfill';
import { createScriptPrefixer, type ScriptPrefixer } from '../../src/background/script-prefixer';
import { workerScriptKind } from '../../src/background/worker-script-kind';

/** The worker-scope hook bundle (built from extension/worker/worker-hook.iife.ts). */
export const WORKER_HOOK_PATH = 'extension/worker/worker-hook.iife.js';

type FilterResponseData = (requestId: string) => WebRequest.StreamFilter;

/** The hook as one line: trailing line breaks dropped, a `;` so the script's first statement cannot join it. */
export function hookPrefix(source: string): string {
  const code = source.replace(/[\r\n\u2028\u2029]+$/, '');
  // The bundle is `(function __framelineSelf(arg, source){...})();` (scripts/iife-content-scripts.ts).
  // Call it with its own text as `source`: a Firefox worker keeps no source for its scripts, and
  // `Function.prototype.toString` there fetches the script again (a hang or a TypeError), so the
  // hook must be handed the text it puts in front of nested blob:/data: workers (src/page/self-source.ts).
  const call = /^\((function __framelineSelf\([^)]*\)\{[\s\S]*\})\)\(\);?$/.exec(code);
  if (!call) return `${code};`;
  return `(${call[1]})(undefined,${JSON.stringify(call[1])});`;
}

export function filterWorkerScripts(): void {
  const filterResponseData = (browser.webRequest as { filterResponseData?: FilterResponseData }).filterResponseData;
  if (typeof filterResponseData !== 'function') return;

  // Read once; a build without the worker hook leaves workers alone.
  let prefix: string | undefined;
  let missing = false;
  const ready = fetch(browser.runtime.getURL(WORKER_HOOK_PATH))
    .then((response) => (response.ok ? response.text() : Promise.reject(new Error(String(response.status)))))
    .then(
      (source) => {
        if (/[\r\n\u2028\u2029]/.test(hookPrefix(source))) console.warn('frameline: the worker hook spans several lines; worker line numbers will shift');
        prefix = hookPrefix(source);
      },
      () => {
        missing = true;
      },
    );

  browser.webRequest.onBeforeSendHeaders.addListener(
    (details) => {
      if (missing || !workerScriptKind(details.method, details.requestHeaders)) return;
      try {
        attach(filterResponseData.call(browser.webRequest, details.requestId));
      } catch {
        // Refused (a request Firefox will not filter): the script goes through unchanged.
      }
      return undefined;
    },
    { urls: ['http://*/*', 'https://*/*'], types: ['script'] },
    ['blocking', 'requestHeaders'],
  );

  function attach(filter: WebRequest.StreamFilter): void {
    // Steps run in order; on the rare request that comes before the hook text is read, they wait for it.
    let queue: Promise<void> = prefix === undefined ? ready : Promise.resolve();
    let prefixer: ScriptPrefixer | undefined;
    const run = (step: () => void) => {
      queue = queue.then(step).catch(() => undefined);
    };
    const write = (parts: Uint8Array[]) => {
      for (const part of parts) filter.write(part);
    };
    filter.ondata = ({ data }) => {
      const chunk = new Uint8Array(data as ArrayBuffer);
      run(() => {
        if (prefix === undefined) return filter.write(chunk); // the hook could not be read: pass through
        prefixer ??= createScriptPrefixer(prefix);
        write(prefixer.push(chunk));
      });
    };
    filter.onstop = () => {
      run(() => {
        if (prefix !== undefined) write((prefixer ??= createScriptPrefixer(prefix)).end());
        filter.close();
      });
    };
    filter.onerror = () => {
      // The request failed or was cancelled: the page sees what it would have seen anyway.
    };
  }
}
