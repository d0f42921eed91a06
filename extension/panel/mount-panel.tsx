/**
 * Mounts the panel UI with what only extension pages have: settings in storage.local, UI
 * preferences in the extension origin's localStorage, the clipboard. Shared by panel.html
 * (DevTools and pop-out) and viewer.html.
 */
import { render, type ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { App } from '../../src/panel/App';
import { DEFAULT_UI_PREFS, parseUiPrefs, type UiPrefs } from '../../src/panel/state/prefs';
import type { HostSearch, LivePage } from '../../src/panel/environment';
import type { PanelStore } from '../../src/panel/state/store';
import { DEFAULT_SETTINGS, type Settings } from '../../src/protocol/settings';
import { t } from '../../src/panel/common/i18n';
import { loadSettings, onSettingsChanged, saveSettings } from '../shared/settings-store';
import { copyToClipboard } from './clipboard';
import { setThemeChoice } from './page-setup';
import { downloadBlob } from './download';
import { parseImportInWorker } from './import-in-worker';
import browser from 'webextension-polyfill';

const PREFS_KEY = 'frameline.ui';

function loadPrefs(): UiPrefs {
  try {
    return parseUiPrefs(JSON.parse(localStorage.getItem(PREFS_KEY) ?? '{}'));
  } catch {
    return DEFAULT_UI_PREFS;
  }
}

export interface MountOptions {
  store: PanelStore;
  onClear?(): void;
  notice?: string;
  toolbarExtra?: ComponentChildren;
  /** The host's search bar (DevTools' in Chromium). */
  search?: HostSearch;
  /** The inspected tab (the DevTools panel and its pop-out; not the viewer). */
  page?: LivePage;
}

function Shell(options: MountOptions) {
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  const [prefs, setPrefs] = useState<UiPrefs>(loadPrefs);
  useEffect(() => {
    void loadSettings().then(setSettings);
    onSettingsChanged(setSettings);
  }, []);
  useEffect(() => setThemeChoice(settings.theme), [settings.theme]);
  return (
    <App
      store={options.store}
      settings={settings}
      onSettings={(next) => {
        setSettings(next);
        void saveSettings(next);
      }}
      prefs={prefs}
      onPrefs={(next) => {
        setPrefs(next);
        localStorage.setItem(PREFS_KEY, JSON.stringify(next));
      }}
      onCopy={(text) =>
        copyToClipboard(text).then(
          () => options.store.setProblem(undefined),
          (error: Error) => options.store.setProblem(t('copyFailed', [error.message])),
        )
      }
      onClear={options.onClear}
      files={{ download: downloadBlob, parseImport: parseImportInWorker, version: browser.runtime.getManifest().version }}
      notice={options.notice}
      toolbarExtra={options.toolbarExtra}
      page={options.page}
      search={options.search}
    />
  );
}

export function mountPanel(options: MountOptions): void {
  render(<Shell {...options} />, document.getElementById('app')!);
}
