/**
 * The hook's own source, for putting it in front of blob:/data: worker scripts (hook-workers.ts)
 * without shipping it twice: the build wraps each hook bundle in a named function
 * (scripts/iife-content-scripts.ts, `wrapSelfSource`), and the bundle reads that function's text
 * back with the native `Function.prototype.toString`, once, when a page first creates such a
 * worker. Costs nothing in a frame that never does.
 */
import type { HookSource } from './hook-workers';

/**
 * `fn` is the wrapping function (undefined outside a wrapped bundle, e.g. in unit tests); `given`
 * its text when the creator handed it on (a rewritten worker's prefix does). In a worker the text
 * must be handed on: Firefox 153 keeps no source for worker scripts, and `toString` there loads it
 * again from the script's URL (our blob: URL, revoked by then): the nested `new Worker` never
 * returned (tests/e2e/worker-conformance.e2e.ts, the battery's nested workers).
 */
export function createSelfSource(fn: unknown, given?: string): HookSource {
  const toString = Function.prototype.toString;
  const apply = Reflect.apply;
  let source: string | undefined = typeof given === 'string' && given.startsWith('function') ? given : undefined;
  return () => {
    if (source === undefined) {
      if (typeof fn !== 'function') return undefined;
      // Never in a worker: Firefox 153 keeps no source for worker scripts and `toString` loads it
      // again from the script's URL (a hang, or a TypeError once a blob: URL is revoked). A worker
      // that was not handed its text leaves nested workers alone.
      if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === 'function') return undefined;
      const text = apply(toString, fn, []) as string;
      // A browser that keeps no source for extension scripts answers "[native code]" or similar.
      if (!text.startsWith('function')) return undefined;
      source = text;
    }
    return source;
  };
}
