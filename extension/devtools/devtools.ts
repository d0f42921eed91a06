/**
 * The DevTools page: adds the "WebSockets" panel to the inspected tab's DevTools, and passes
 * DevTools' own search bar (Ctrl+F over the panel, Chromium's `ExtensionPanel.onSearch`) on to
 * the panel's window, which `onShown` hands over. Firefox has no onSearch: the panel's own
 * Ctrl+F and `/` shortcuts focus its Filter box there. It also tells the panel DevTools' theme
 * each time it is shown or the theme changes (the panel asks the API itself where it can; this
 * covers a browser whose panel page lacks it).
 */
import browser from 'webextension-polyfill';
import { HOST_SEARCH_MESSAGE, type HostSearchMessage } from '../panel/host-search';

const THEME_MESSAGE = 'frameline:devtools-theme'; // extension/panel/page-setup.ts: THEME_MESSAGE

type Panels = {
  themeName?: string;
  onThemeChanged?: { addListener(cb: (theme: string) => void): void };
  setThemeChangeHandler?(cb: (theme: string) => void): void;
};

interface SearchablePanel {
  onShown?: { addListener(cb: (window: Window) => void): void };
  onSearch?: { addListener(cb: (action: string, queryString?: string) => void): void };
}

let panelWindow: Window | undefined;
const panels = browser.devtools.panels as unknown as Panels;
let theme = panels.themeName;

function tellTheme(): void {
  if (panelWindow && theme) panelWindow.postMessage({ type: THEME_MESSAGE, theme }, location.origin);
}

try {
  const changed = (name: string) => {
    theme = name;
    tellTheme();
  };
  if (panels.setThemeChangeHandler) panels.setThemeChangeHandler(changed);
  else panels.onThemeChanged?.addListener(changed);
} catch {
  // An older browser without theme events: the panel keeps the theme it started with.
}

void browser.devtools.panels.create(browser.i18n.getMessage('panelTitle') || 'WebSockets', 'icons/icon-16.png', 'panel.html').then((created) => {
  const panel = created as unknown as SearchablePanel;
  panel.onShown?.addListener((shown) => {
    panelWindow = shown;
    tellTheme();
  });
  panel.onSearch?.addListener((action, queryString) => {
    const message: HostSearchMessage = { type: HOST_SEARCH_MESSAGE, action, query: queryString };
    // Same extension origin: only the panel page can read it.
    panelWindow?.postMessage(message, location.origin);
  });
});
