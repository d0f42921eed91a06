/**
 * "Is this really an ArrayBuffer / a Blob?" asked the way the platform answers it: a native
 * getter that throws for anything else. `instanceof` would be fooled by a page that replaced
 * `Symbol.hasInstance` or built look-alikes, and would miss objects from another frame.
 */
import type { Natives } from './natives';

function passes(read: (value: unknown) => unknown, value: unknown): boolean {
  try {
    read(value);
    return true;
  } catch {
    return false;
  }
}

export const isArrayBuffer = (n: Natives, value: unknown): boolean => passes(n.arrayBufferByteLength, value);

export const isBlob = (n: Natives, value: unknown): boolean => passes(n.blobSize, value);
