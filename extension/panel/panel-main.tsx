/**
 * Entry of panel.html: inside DevTools it inspects `devtools.inspectedWindow.tabId`; opened in a
 * normal tab it inspects `?tabId=N`, exactly as in DevTools (a pop-out window; tests open it so).
 * The router's messages arrive typed and checked (the transport's endpoint): command results
 * settle the command client, everything else feeds the store.
 */
import browser from 'webextension-polyfill';
import { createPanelStore } from '../../src/panel/state/store';
import { createRouterTransport } from '../../src/panel/state/transport';
import { t } from '../../src/panel/common/i18n';
import { PANEL_PORT_NAME } from '../../src/protocol/messages';
import { adaptRuntimePort } from '../shared/runtime-port';
import { setupPage } from './page-setup';
import { mountPanel } from './mount-panel';
import { createWindowHostSearch } from './host-search';
import { createCommandClient, type CommandClient } from '../../src/panel/state/command-client';
import type { InterceptConfig } from '../../src/protocol/intercept';
import { rulesStore, storageArea } from '../shared/rules-store';
import { createSnippetStore } from '../../src/intercept/snippets';
import type { ServeScript } from '../../src/protocol/serve';
import { createDeepCaptureControl } from './deep-capture-control';

const devtools = (globalThis as { chrome?: { devtools?: { inspectedWindow?: { tabId?: number; reload?(options?: object): void } } } }).chrome?.devtools;
const param = new URLSearchParams(location.search).get('tabId');
const tabId = param !== null ? Number(param) : devtools?.inspectedWindow?.tabId;

setupPage();
const store = createPanelStore();

if (tabId === undefined || !Number.isInteger(tabId) || tabId < 0) {
  store.apply({ type: 'problem', payload: { message: t('noTabId') } });
  mountPanel({ store });
} else {
  // Sent again on every (re)attach: a restarted background has forgotten it.
  let intercept: InterceptConfig | undefined;
  // "Serve from log": the router keeps what the tab serves and tells every panel of it on change.
  let served: ServeScript[] = [];
  const servedListeners = new Set<(scripts: ServeScript[]) => void>();
  const transport = createRouterTransport({
    tabId,
    connect: () => adaptRuntimePort(browser.runtime.connect({ name: PANEL_PORT_NAME })),
    onMessage: (message) => {
      // Results can only answer commands sent after `commands` below exists.
      if (message.type === 'commandResult') commands.settle(message.payload);
      else if (message.type === 'serveScripts') {
        served = message.payload.scripts;
        for (const listener of servedListeners) listener(served);
      } else store.apply(message);
      if (message.type === 'attached' && intercept) transport.send('intercept', intercept);
      if (message.type === 'attached') transport.send('serveScripts', {});
    },
  });
  const commands: CommandClient = createCommandClient(transport);
  mountPanel({
    store,
    onClear: () => transport.send('clear', {}),
    search: createWindowHostSearch(),
    page: {
      command: commands.send,
      intercept: (config) => {
        intercept = config;
        transport.send('intercept', config);
      },
      holdAction: (action) => transport.send('holdAction', action),
      rulesStore,
      openConnection: commands.open,
      snippetsFor: (origin) => createSnippetStore(storageArea, origin),
      serving: {
        serve: (script) => transport.send('serve', { script }),
        unserve: (id) => transport.send('unserve', { id }),
        watch(listener) {
          servedListeners.add(listener);
          listener(served);
          return () => void servedListeners.delete(listener);
        },
        // In DevTools the inspected window reloads itself; the pop-out panel reloads its tab.
        reload: () => (param === null && devtools?.inspectedWindow?.reload ? devtools.inspectedWindow.reload({}) : void browser.tabs.reload(tabId)),
      },
      deepCapture: createDeepCaptureControl(tabId),
    },
  });
}
