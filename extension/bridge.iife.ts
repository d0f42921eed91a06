/**
 * ISOLATED-world content script (document_start, every frame): receives the hook's private
 * MessagePort and connects the frame's log to the router.
 */
import browser from 'webextension-polyfill';
import { HOOK_HANDSHAKE_TAG } from '../src/capture/hook-records';
import { createBridge } from '../src/bridge/create-bridge';
import { BRIDGE_PORT_NAME, isHandshakeMessage, POKE_MESSAGE } from '../src/protocol/messages';
import { PROTOCOL_VERSION } from '../src/protocol/version';
import { adaptRuntimePort } from './runtime-port';
import { loadSettings, onSettingsChanged } from './settings-store';
import type { Settings } from '../src/model/settings';
import type { HookConfigCommand } from '../src/capture/install-hook';

const docId = crypto.randomUUID().slice(0, 8);
const bridge = createBridge({
  docId,
  frameUrl: location.href,
  top: window === window.top,
  connect: () => adaptRuntimePort(browser.runtime.connect({ name: BRIDGE_PORT_NAME })),
});

let hookPort: MessagePort | undefined;

/**
 * Firefox delivers the hook's batches as page-compartment objects behind Xray wrappers; a typed
 * array over such an ArrayBuffer throws "Permission denied to access property constructor".
 * Cloning moves the batch into this compartment (`cloneInto` exists only in Firefox content
 * scripts). Chromium's isolated world reads the objects directly, so it skips the copy.
 */
const needsAdoption = typeof (globalThis as { cloneInto?: unknown }).cloneInto === 'function';
const adopt = (data: unknown): unknown => (needsAdoption ? structuredClone(data) : data);

// The hook posts its port to this window once, before any page script runs; this listener is
// registered before any page script too, so it runs first and hides the message from the page.
window.addEventListener(
  'message',
  (event) => {
    // Only the first trusted handshake is ours: the hook posts it at install, before the page
    // can run any code, so any later one is the page's. `isTrusted` matters because a page can
    // `dispatchEvent` a synthetic MessageEvent carrying the tag and a port of its own
    // synchronously, before the hook's real (posted, hence queued) handshake is delivered.
    // (No `event.source === window` test: in Firefox the content script's `window` is an Xray
    // wrapper that never equals `event.source`.)
    if (hookPort || !event.isTrusted) return;
    const data = event.data as Record<string, unknown> | null;
    if (typeof data !== 'object' || data === null || data[HOOK_HANDSHAKE_TAG] !== PROTOCOL_VERSION) return;
    const port = event.ports[0];
    if (!port) return;
    // Hide our handshake from the page; anything the page posts or dispatches itself, tagged or
    // not, reaches its own listeners as it would without the extension.
    event.stopImmediatePropagation();
    hookPort = port;
    port.onmessage = (message) => bridge.ingest(adopt(message.data));
    if (settings) configureHook(settings);
  },
  true,
);

browser.runtime.onMessage.addListener((message: unknown) => {
  const m = message as typeof POKE_MESSAGE | null;
  if (m && m.frameline === POKE_MESSAGE.frameline && m.v === PROTOCOL_VERSION) bridge.poke();
  else if (isHandshakeMessage(message)) bridge.handshake(message.event);
  return undefined;
});

// History limits and truncation size come from the user's settings (defaults until they load).
let settings: Settings | undefined;
function applySettings(next: Settings): void {
  settings = next;
  bridge.setLimits({ maxMessages: next.historyMaxMessages, maxBytes: next.historyMaxBytes });
  configureHook(next);
}
function configureHook(next: Settings): void {
  const command: HookConfigCommand = { k: 'config', maxMessageBytes: next.maxMessageBytes };
  hookPort?.postMessage(command);
}
void loadSettings().then(applySettings);
onSettingsChanged(applySettings);
