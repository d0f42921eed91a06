/**
 * The DevTools page: adds the "WebSockets" panel to the inspected tab's DevTools, and passes
 * DevTools' own search bar (Ctrl+F over the panel, Chromium's `ExtensionPanel.onSearch`) on to
 * the panel's window, which `onShown` hands over. Firefox has no onSearch: the panel's own
 * Ctrl+F and `/` shortcuts focus its Filter box there.
 */
import browser from 'webextension-polyfill';
import { HOST_SEARCH_MESSAGE, type HostSearchMessage } from '../panel/host-search';

interface SearchablePanel {
  onShown?: { addListener(cb: (window: Window) => void): void };
  onSearch?: { addListener(cb: (action: string, queryString?: string) => void): void };
}

void browser.devtools.panels.create(browser.i18n.getMessage('panelTitle') || 'WebSockets', 'icons/icon-16.png', 'panel.html').then((created) => {
  const panel = created as unknown as SearchablePanel;
  let panelWindow: Window | undefined;
  panel.onShown?.addListener((shown) => {
    panelWindow = shown;
  });
  panel.onSearch?.addListener((action, queryString) => {
    const message: HostSearchMessage = { type: HOST_SEARCH_MESSAGE, action, query: queryString };
    // Same extension origin: only the panel page can read it.
    panelWindow?.postMessage(message, location.origin);
  });
});
