/**
 * Makes wrapper functions read as the natives they replace: `Function.prototype.toString`
 * answers with the native's source (`function send() { [native code] }`) for every wrapper, and
 * for itself. Anti-bot scripts and sites test exactly this.
 */
import type { AnyFn, NativeCallable, Natives } from './natives';

export type Disguise = (fake: unknown, original: unknown) => void;

export function installDisguise(win: Window & typeof globalThis, n: Natives): Disguise {
  const originals: WeakMap<object, unknown> = new n.WeakMap();
  const nativeToString = n.functionToString;
  const holder = {
    toString(this: unknown): string {
      const original = n.weakMapGet(originals, this as object);
      return n.apply(nativeToString, original === undefined ? this : original, []);
    },
  };
  const disguise: Disguise = (fake, original) => n.weakMapSet(originals, fake as object, original);
  disguise(holder.toString, nativeToString);
  n.defineProperty(win.Function.prototype, 'toString', { value: holder.toString });
  return disguise;
}

/** `get` of an accessor on a prototype, as a plain function of the receiver. */
export function uncurryGetter(n: Natives, proto: object, name: string): (self: unknown) => ReturnType<AnyFn> {
  const get = n.getOwnPropertyDescriptor(proto, name)!.get!;
  return (self) => n.apply(get, self, []);
}

/**
 * Makes a wrapper constructor read as the native one it replaces: source text, `length`,
 * `name` (the bundle's minifier renames functions), a non-writable `prototype` shared with the
 * native, the native's `[[Prototype]]` (EventTarget), and `prototype.constructor` pointing back.
 */
export function disguiseConstructor(n: Natives, disguise: Disguise, wrapper: NativeCallable, native: NativeCallable): void {
  disguise(wrapper, native);
  n.defineProperty(wrapper, 'length', { value: native.length });
  n.defineProperty(wrapper, 'name', { value: native.name });
  n.defineProperty(wrapper, 'prototype', { value: native.prototype, writable: false });
  n.setPrototypeOf(wrapper, n.getPrototypeOf(native));
  n.defineProperty(native.prototype, 'constructor', { value: wrapper });
}

/**
 * A constructor wrapper: called without `new` it lets the native throw its own TypeError;
 * with `new` it builds through `Reflect.construct(Native, args, new.target)` (subclasses keep
 * their fields and methods), then lets `track` record the instance without ever throwing.
 */
export function wrapConstructor<T extends object>(
  n: Natives,
  Native: NativeCallable,
  track: (instance: T, args: IArguments) => void,
  /** Builds the instance instead of the native, when it returns one (served sockets); must not throw. */
  instead?: (args: IArguments, newTarget: unknown) => T | undefined,
): AnyFn {
  // Strict: no own `arguments`/`caller`, like the native.
  'use strict';
  // Named, so that its own keys are length, name, prototype in the native's order (the name's
  // value is then replaced by `disguiseConstructor`).
  return function wrapper(this: unknown) {
    if (new.target === undefined) return n.apply(Native, this, arguments);
    const instance = (instead?.(arguments, new.target) ?? n.construct(Native, arguments, new.target)) as T;
    try {
      track(instance, arguments);
    } catch {
      /* capture must never break the page */
    }
    return instance;
  };
}
