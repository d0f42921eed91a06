/**
 * Tells a worker's top-level script request from every other request, from the request headers
 * Firefox shows in `webRequest.onBeforeSendHeaders`.
 *
 * Firefox types every worker request `script` (dedicated, shared and service worker scripts,
 * `importScripts`, module imports, dynamic `import()`), exactly like a page's `<script src>`, and
 * gives shared and service worker scripts `tabId -1`. Only the Fetch metadata headers tell them
 * apart (verified in firefox-esr 153, see docs/ARCHITECTURE.md "Sockets in workers"):
 *
 * | request                                  | Sec-Fetch-Dest  | Sec-Fetch-Mode |
 * | ---------------------------------------- | --------------- | -------------- |
 * | `new Worker(url)` (classic or module)     | `worker`        | `same-origin`  |
 * | `new SharedWorker(url)`                  | `sharedworker`  | `same-origin`  |
 * | `serviceWorker.register(url)`, updates   | `serviceworker` | `same-origin`  |
 * | static `import` in a module worker       | `worker`        | `cors`         |
 * | `importScripts(url)`                     | `script`        | `no-cors`      |
 * | dynamic `import()` in a worker           | `script`        | `cors`         |
 *
 * So a top-level worker script is a worker destination fetched in `same-origin` mode (worker
 * scripts are always same-origin). Firefox sends Fetch metadata only to potentially trustworthy
 * origins (https, localhost, loopback); on a plain-http site elsewhere there is no header and
 * this answers `undefined`: those workers are left alone.
 */
export type WorkerScriptKind = 'worker' | 'sharedworker' | 'serviceworker';

export interface HeaderLike {
  name: string;
  value?: string;
}

const KINDS: ReadonlySet<string> = new Set<WorkerScriptKind>(['worker', 'sharedworker', 'serviceworker']);

function headerValue(headers: readonly HeaderLike[], name: string): string | undefined {
  for (const header of headers) if (header.name.toLowerCase() === name) return header.value?.trim().toLowerCase();
  return undefined;
}

export function workerScriptKind(method: string, headers: readonly HeaderLike[] | undefined): WorkerScriptKind | undefined {
  if (method !== 'GET' || !headers) return undefined;
  const dest = headerValue(headers, 'sec-fetch-dest');
  if (dest === undefined || !KINDS.has(dest)) return undefined;
  if (headerValue(headers, 'sec-fetch-mode') !== 'same-origin') return undefined;
  return dest as WorkerScriptKind;
}
