/**
 * The worker hook, for the extension's network path: a classic IIFE script put in front of an
 * http(s) worker script before it runs (Firefox `filterResponseData`), or evaluated first in a
 * worker (Chrome deep capture). Emitted as `extension/worker/worker-hook.iife.js` in dist for
 * both browsers, read by the background with fetch(runtime.getURL(...)); not web-accessible.
 *
 * It installs the same hook as the page (src/page/install-hook.ts) in the WorkerGlobalScope: a
 * dedicated worker posts a tagged hello, its creator's hook answers with a private MessagePort in
 * the worker's first tagged `message` event (taken and hidden here); until then batches wait in a
 * bounded buffer (src/page/hook-link.ts). A shared worker takes one port per connected page.
 * Nested workers (and their blob:/data: scripts) are wrapped the same way and relayed up.
 */
import { installHook } from '../../src/page/install-hook';
import { createSelfSource } from '../../src/page/self-source';

declare const __framelineSelf: unknown;
declare const __framelineSource: unknown;
declare const __framelineArg: unknown;

try {
  installHook(globalThis, undefined, {
    source: createSelfSource(typeof __framelineSelf === 'function' ? __framelineSelf : undefined, typeof __framelineSource === 'string' ? __framelineSource : undefined),
    // Set when this bundle is the prefix of a blob:/data: worker that a worker hook created (a
    // nested worker of an http(s) worker): it then takes its port as a rewritten worker does,
    // never with a hello (which its creator would not take: the page would see it).
    originalUrl: typeof __framelineArg === 'string' ? __framelineArg : undefined,
  });
} catch {
  // The worker must never break because of us.
}
