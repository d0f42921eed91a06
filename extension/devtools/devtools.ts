/** The DevTools page: adds the "WebSockets" panel to the inspected tab's DevTools. */
import browser from 'webextension-polyfill';

void browser.devtools.panels.create(browser.i18n.getMessage('panelTitle') || 'WebSockets', 'icons/icon-16.png', 'panel.html');
