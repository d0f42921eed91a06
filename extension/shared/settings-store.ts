/** Settings from `storage.local`, normalised, with change notifications. */
import browser from 'webextension-polyfill';
import { normalizeSettings, SETTINGS_KEY, type Settings } from '../../src/protocol/settings';

export async function loadSettings(): Promise<Settings> {
  try {
    const stored = await browser.storage.local.get(SETTINGS_KEY);
    return normalizeSettings(stored[SETTINGS_KEY]);
  } catch {
    return normalizeSettings(undefined);
  }
}

export async function saveSettings(settings: Settings): Promise<void> {
  await browser.storage.local.set({ [SETTINGS_KEY]: normalizeSettings(settings) });
}

export function onSettingsChanged(listener: (settings: Settings) => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && changes[SETTINGS_KEY]) listener(normalizeSettings(changes[SETTINGS_KEY].newValue));
  });
}
