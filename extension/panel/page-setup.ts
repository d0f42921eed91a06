/** Shared setup of the extension's UI pages: translations, theme, styles. */
import browser from 'webextension-polyfill';
import { setTranslator } from '../../src/panel/common/i18n';
import '../../src/panel/panel.css';

/**
 * DevTools' theme API as each browser has it: Chromium `themeName` ("default" or "dark") and
 * `setThemeChangeHandler`; Firefox `themeName` ("light" or "dark") and `onThemeChanged`.
 */
type Panels = {
  themeName?: string;
  onThemeChanged?: { addListener(cb: (theme: string) => void): void };
  setThemeChangeHandler?(cb: (theme: string) => void): void;
};

/** What the DevTools page posts to the panel when it learns the theme (extension/devtools/devtools.ts). */
export const THEME_MESSAGE = 'frameline:devtools-theme';

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
  const scope = globalThis as { browser?: { devtools?: { panels?: Panels } }; chrome?: { devtools?: { panels?: Panels } } };
  const panels = scope.browser?.devtools?.panels ?? scope.chrome?.devtools?.panels;
  const follow = (name: string | undefined) => {
    if (!name) return;
    devtoolsTheme = name;
    applyTheme();
  };
  // Followed live: DevTools' theme can change while the panel is open.
  devtoolsTheme = panels?.themeName;
  try {
    if (panels?.setThemeChangeHandler) panels.setThemeChangeHandler(follow);
    else panels?.onThemeChanged?.addListener(follow);
  } catch {
    // Not in DevTools (a tab): the system's theme is followed below.
  }
  // Where the panel page has no devtools API of its own, the DevTools page tells it.
  addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { type?: unknown; theme?: unknown } | null;
    if (event.origin === location.origin && data?.type === THEME_MESSAGE && typeof data.theme === 'string') follow(data.theme);
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', applyTheme);
  applyTheme();
}
