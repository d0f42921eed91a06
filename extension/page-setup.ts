/** Shared setup of the extension's UI pages: translations, theme, styles. */
import browser from 'webextension-polyfill';
import { setTranslator } from '../src/panel/i18n';
import '../src/panel/panel.css';

type Panels = { themeName?: string; onThemeChanged?: { addListener(cb: (theme: string) => void): void } };

export function setupPage(): void {
  setTranslator((key, substitutions) => browser.i18n.getMessage(key, substitutions));
  document.documentElement.lang = browser.i18n.getUILanguage();
  const panels = (globalThis as { chrome?: { devtools?: { panels?: Panels } } }).chrome?.devtools?.panels;
  const applyTheme = (name: string | undefined) => {
    // Inside DevTools follow its theme; in a tab follow the system's.
    const dark = name ? name === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
    document.documentElement.classList.toggle('theme-dark', dark);
  };
  applyTheme(panels?.themeName);
  panels?.onThemeChanged?.addListener(applyTheme);
  if (!panels) matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => applyTheme(undefined));
}
