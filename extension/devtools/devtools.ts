/**
 * The DevTools page: adds the "WebSockets" panel to the inspected tab's DevTools, and tells the
 * panel DevTools' theme each time it is shown or the theme changes (the panel also asks the API
 * itself where it can; this covers a browser whose panel page lacks it).
 */
import browser from 'webextension-polyfill';

const THEME_MESSAGE = 'frameline:devtools-theme'; // extension/panel/page-setup.ts: THEME_MESSAGE

type Panels = {
  themeName?: string;
  onThemeChanged?: { addListener(cb: (theme: string) => void): void };
  setThemeChangeHandler?(cb: (theme: string) => void): void;
};

let panelWindow: Window | undefined;
const panels = browser.devtools.panels as unknown as Panels;
let theme = panels.themeName;

function tell(): void {
  if (panelWindow && theme) panelWindow.postMessage({ type: THEME_MESSAGE, theme }, location.origin);
}

try {
  const changed = (name: string) => {
    theme = name;
    tell();
  };
  if (panels.setThemeChangeHandler) panels.setThemeChangeHandler(changed);
  else panels.onThemeChanged?.addListener(changed);
} catch {
  // An older browser without theme events: the panel keeps the theme it started with.
}

void browser.devtools.panels.create(browser.i18n.getMessage('panelTitle') || 'WebSockets', 'icons/icon-16.png', 'panel.html').then((panel) => {
  panel.onShown.addListener((win) => {
    panelWindow = win as Window;
    tell();
  });
});
