/**
 * What each tab serves ("Serve from log") mirrored into `storage.session` (extension-only,
 * memory-backed, cleared when the browser or extension restarts), so that a service-worker restart
 * does not end serving: the router gets it back through `restoreServing`. Forgotten with its tab.
 */
import browser from 'webextension-polyfill';
import type { TabServing } from '../../src/background/create-router';
import { isServeScript } from '../../src/protocol/guards';

const PREFIX = 'serving:';
/** `storage.session` exists in Chrome 102+ and Firefox 115+; without it serving lives in memory only. */
const session = (browser.storage as { session?: typeof browser.storage.local }).session;

export function keepServing(): {
  save(tabId: number, serving: TabServing | undefined): void;
  /** Resolves once every kept tab went `into` the router (at once without storage.session). */
  restore(into: (tabId: number, serving: TabServing) => void): Promise<void>;
} {
  browser.tabs.onRemoved.addListener((tabId) => void session?.remove(PREFIX + tabId).catch(() => undefined));
  return {
    save(tabId, serving) {
      const key = PREFIX + tabId;
      void (serving ? session?.set({ [key]: serving }) : session?.remove(key))?.catch(() => undefined);
    },
    restore(into) {
      if (!session) return Promise.resolve();
      return session.get(null).then(
        (stored) => {
          for (const [key, value] of Object.entries(stored)) {
            if (!key.startsWith(PREFIX)) continue;
            const entry = value as Partial<TabServing> | undefined;
            const tabId = Number(key.slice(PREFIX.length));
            if (Number.isInteger(tabId) && typeof entry?.page === 'string' && Array.isArray(entry.scripts) && entry.scripts.every(isServeScript)) {
              into(tabId, { page: entry.page, scripts: entry.scripts });
            }
          }
        },
        () => undefined,
      );
    },
  };
}
