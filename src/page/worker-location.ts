/**
 * In a worker started from a rewritten `blob:` or `data:` script (hook-workers.ts), makes
 * `self.location` read as the URL its creator gave: `href`, `pathname`, `search`, `hash` and
 * `toString()` of WorkerLocation answer from the original for the scope's own location object
 * and natively for anything else. The origin, protocol and host are the same for both URLs (a
 * blob: URL made by the same origin, or a data: URL, opaque either way), so they stay native.
 * The getters are disguised like every other wrapper (disguise.ts).
 */
import type { AnyFn, Natives } from './natives';
import type { Disguise } from './disguise';

const SPOOFED = ['href', 'pathname', 'search', 'hash'] as const;

export function showOriginalLocation(scope: typeof globalThis, n: Natives, disguise: Disguise, original: string): void {
  'use strict';
  const WorkerLocation = (scope as { WorkerLocation?: { prototype: object } }).WorkerLocation;
  if (!WorkerLocation) return;
  const proto = WorkerLocation.prototype;
  const real = scope.location as unknown;
  const hrefGet = n.getOwnPropertyDescriptor(proto, 'href')?.get as AnyFn | undefined;
  if (!hrefGet) return;
  const realHref = n.apply(hrefGet, real, []) as string;
  const schemeLength = n.apply(n.getOwnPropertyDescriptor(n.URL.prototype, 'protocol')!.get as AnyFn, new n.URL(realHref), []).length as number;
  const split = n.uncurry(scope.String.prototype.split) as (s: string, separator: string) => string[];
  const join = n.uncurry(scope.Array.prototype.join) as (a: string[], separator: string) => string;
  /**
   * What a getter says for the original URL: its native answer for ours, with our URL (and our
   * URL after the scheme, which is what a blob:/data: `pathname` holds) replaced by the original.
   * Each browser's own answers stay (Firefox: a blob: worker's pathname is empty, Chromium: it is
   * the part after `blob:`).
   */
  const asOriginal = (value: string): string => {
    const whole = join(split(value, realHref), original);
    return join(split(whole, n.stringSlice(realHref, schemeLength, realHref.length)), n.stringSlice(original, schemeLength, original.length));
  };
  for (let i = 0; i < SPOOFED.length; i++) {
    const name = SPOOFED[i];
    const descriptor = n.getOwnPropertyDescriptor(proto, name);
    const nativeGet = descriptor?.get as AnyFn | undefined;
    if (!descriptor || !nativeGet) continue;
    const value = asOriginal(n.apply(nativeGet, real, []) as string);
    // Method shorthand: no `prototype`, not a constructor, like a native getter.
    const holder = {
      get(this: unknown): string {
        return this === real ? value : (n.apply(nativeGet, this, []) as string);
      },
    };
    disguise(holder.get, nativeGet);
    n.defineProperty(holder.get, 'name', { value: nativeGet.name });
    n.defineProperty(proto, name, { get: holder.get, set: descriptor.set, enumerable: descriptor.enumerable, configurable: descriptor.configurable });
  }
  const toStringDescriptor = n.getOwnPropertyDescriptor(proto, 'toString');
  const nativeToString = toStringDescriptor?.value as AnyFn | undefined;
  if (toStringDescriptor && nativeToString) {
    const href = asOriginal(realHref);
    const holder = {
      toString(this: unknown): string {
        return this === real ? href : (n.apply(nativeToString, this, []) as string);
      },
    };
    disguise(holder.toString, nativeToString);
    n.defineProperty(proto, 'toString', { value: holder.toString, writable: toStringDescriptor.writable, enumerable: toStringDescriptor.enumerable, configurable: toStringDescriptor.configurable });
  }
}
