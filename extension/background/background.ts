/**
 * Background context (service worker in Chrome, event page in Firefox): hosts the router.
 * Listeners are registered synchronously at top level so a restarted worker receives the
 * connection that woke it.
 */
import browser from 'webextension-polyfill';
import { createRouter } from '../../src/background/create-router';
import { BRIDGE_PORT_NAME, PANEL_PORT_NAME, POKE_MESSAGE } from '../../src/protocol/messages';
import { adaptRuntimePort } from '../shared/runtime-port';
import { injectBridgesOnRequest } from './bridge-injector';
import { observeHandshakes } from './handshake-observer';
import { filterWorkerScripts } from './worker-script-filter';
import { keepServing } from './serving-store';
import { keepServedScript } from './served-script';
import { keepStubSettingsScript } from './stub-settings-script';
import { startDeepCapture } from './deep-capture';

const credentials = observeHandshakes();
// Firefox: the worker hook goes in front of http(s) worker scripts (a no-op in Chrome).
filterWorkerScripts();

const serving = keepServing();
// The served sockets' script, in every frame only while some tab serves.
const servedScript = keepServedScript();
injectBridgesOnRequest();
// Frames read the settings only while the user's truncation size is not the hook's default.
keepStubSettingsScript();

const router = createRouter({
  credentialsFor: (tabId, requestId) => credentials.lookup(tabId, requestId),
  saveServing(tabId, entry) {
    serving.save(tabId, entry);
    servedScript.serving(tabId, entry !== undefined);
  },
  pokeTab(tabId) {
    browser.tabs.sendMessage(tabId, POKE_MESSAGE).catch(() => {
      // No content script in that tab (opened before install, or a restricted page): nothing to poke.
    });
  },
});

void serving
  .restore((tabId, entry) => {
    router.restoreServing(tabId, entry);
    servedScript.serving(tabId, true);
  })
  .then(() => servedScript.restored());
// Chrome's Deep capture (workers' sockets through chrome.debugger), for the origins the user chose.
startDeepCapture({ addBridge: (port, sender) => router.addBridge(port, sender) });

browser.runtime.onConnect.addListener((port) => {
  if (port.name === BRIDGE_PORT_NAME) {
    const tabId = port.sender?.tab?.id;
    if (tabId === undefined) return port.disconnect();
    router.addBridge(adaptRuntimePort(port), { tabId, frameId: port.sender?.frameId ?? 0 });
  } else if (port.name === PANEL_PORT_NAME) {
    // Only extension pages may attach as panels.
    if (port.sender?.tab && !port.sender.url?.startsWith(browser.runtime.getURL(''))) return port.disconnect();
    router.addPanel(adaptRuntimePort(port));
  }
});


browser.action.onClicked.addListener(() => {
  void browser.tabs.create({ url: browser.runtime.getURL('viewer.html') });
});
