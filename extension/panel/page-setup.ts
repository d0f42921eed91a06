/** Shared setup of the extension's UI pages: translations, theme, styles. */
import browser from 'webextension-polyfill';
import { setTranslator } from '../../src/panel/common/i18n';
import '../../src/panel/panel.css';

type Panels = { themeName?: string; onThemeChanged?: { addListener(cb: (theme: string) => void): void } };

let chosenTheme: 'auto' | 'light' | 'dark' = 'auto';
let devtoolsTheme: string | undefined;

function applyTheme(): void {
  // The user's choice first; else inside DevTools follow its theme, in a tab the system's.
  const dark =
    chosenTheme !== 'auto' ? chosenTheme === 'dark' : devtoolsTheme ? devtoolsTheme === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
  document.documentElement.classList.toggle('theme-dark', dark);
}

/** The theme setting changed (Settings dialog). */
export function setThemeChoice(theme: 'auto' | 'light' | 'dark'): void {
  chosenTheme = theme;
  applyTheme();
}

export function setupPage(): void {
  setTranslator((key, substitutions) => browser.i18n.getMessage(key, substitutions));
  document.documentElement.lang = browser.i18n.getUILanguage();
  const panels = (globalThis as { chrome?: { devtools?: { panels?: Panels } } }).chrome?.devtools?.panels;
  devtoolsTheme = panels?.themeName;
  panels?.onThemeChanged?.addListener((name) => {
    devtoolsTheme = name;
    applyTheme();
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', applyTheme);
  applyTheme();
}
