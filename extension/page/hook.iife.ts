/**
 * MAIN-world content script (document_start, every frame). The build emits every manifest content
 * script as one classic IIFE script (scripts/iife-content-scripts.ts), so this runs before the
 * page's own scripts; an ES module would load too late.
 * No extension API exists in this world; everything goes through the bridge.
 *
 * The same bundle is the worker hook that the page puts in front of blob:/data: worker scripts
 * (src/page/hook-workers.ts): the build wraps it in `function __framelineSelf(__framelineArg)`,
 * called with no argument here and with the worker's original URL in a worker.
 */
import { installHook } from '../../src/page/install-hook';
import { createSelfSource } from '../../src/page/self-source';

declare const __framelineSelf: unknown;
declare const __framelineSource: unknown;
declare const __framelineArg: unknown;

try {
  installHook(globalThis, undefined, {
    source: createSelfSource(typeof __framelineSelf === 'function' ? __framelineSelf : undefined, typeof __framelineSource === 'string' ? __framelineSource : undefined),
    originalUrl: typeof __framelineArg === 'string' ? __framelineArg : undefined,
  });
} catch {
  // The page must never break because of us; without the hook this frame is simply not captured.
}
