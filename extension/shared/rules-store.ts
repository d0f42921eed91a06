/** Intercept rules saved per origin in storage.local (one list per origin of the inspected page). */
import browser from 'webextension-polyfill';
import { parseRules, storedRules } from '../../src/intercept/rule-storage';
import type { Rule } from '../../src/protocol/rules';
import { originStorageKey } from '../../src/intercept/storage';

export const rulesStore = {
  async load(origin: string): Promise<Rule[]> {
    const key = originStorageKey('rules', origin);
    const stored = await browser.storage.local.get(key);
    const parsed = parseRules(stored[key]);
    return parsed.ok ? parsed.rules : [];
  },
  async save(origin: string, rules: Rule[]): Promise<void> {
    await browser.storage.local.set({ [originStorageKey('rules', origin)]: storedRules(rules) });
  },
};

/** storage.local as the key-value storage the pure stores (snippets) take. */
export const storageArea = {
  async get(key: string): Promise<unknown> {
    return (await browser.storage.local.get(key))[key];
  },
  async set(key: string, value: unknown): Promise<void> {
    await browser.storage.local.set({ [key]: value });
  },
};
