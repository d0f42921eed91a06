/**
 * Where per-origin intercept data (rules, snippets) is kept. The stores are given a key-value
 * storage (chrome.storage.local in the extension, a Map in tests).
 */

/**
 * Key-value storage the stores are given (chrome.storage.local in the extension, a Map in
 * tests). Values must be JSON-compatible: that is all extension storage keeps.
 */
export interface KeyValueStorage {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

/**
 * Storage key for per-origin data: `frameline.rules:https://app.example`. Pages with an opaque
 * origin (`file:`, sandboxed frames, `data:`) all report "null" and therefore share one entry.
 */
export function originStorageKey(kind: 'rules' | 'snippets', origin: string): string {
  return `frameline.${kind}:${origin}`;
}
