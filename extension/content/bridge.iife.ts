/**
 * The frame's bridge, injected by the background into the frames that need one
 * (src/protocol/bridge-loading.ts; the stub, extension/content/bridge-stub.iife.ts, runs in every
 * frame at document_start). It takes over the stub's hook port, batches and handshake facts, and
 * connects the frame's bridge to the router. Without a stub (loaded as a content script of its
 * own) it receives the hook's private MessagePort itself (the handshake carries
 * HOOK_DIALECT_VERSION).
 */
import browser from 'webextension-polyfill';
import { HOOK_HANDSHAKE_TAG, HOOK_READY_EVENT } from '../../src/protocol/hook-dialect';
import { createBridge } from '../../src/content/create-bridge';
import { BRIDGE_PORT_NAME } from '../../src/protocol/messages';
import { isHandshakeMessage, isPokeMessage } from '../../src/protocol/guards';
import { HOOK_DIALECT_VERSION } from '../../src/protocol/version';
import { BRIDGE_STUB_KEY, type BridgeStub } from '../../src/protocol/bridge-loading';
import { adaptRuntimePort } from '../shared/runtime-port';
import { loadSettings, onSettingsChanged } from '../shared/settings-store';
import type { Settings } from '../../src/protocol/settings';
import type { HookConfigCommand } from '../../src/page/install-hook';
import { NEED_SERVED_MESSAGE, SERVE_MARKER_KEY } from '../../src/protocol/serve';
import type { ServeMarkerStore } from '../../src/content/serve-driver';
import { createServePlayer } from '../../src/serve/player';
import { createServeClock } from './serve-clock';

/**
 * The serve marker in this document's sessionStorage (shared with the page's world: the hook reads
 * it synchronously when the page constructs a socket). Documents without storage (opaque origins,
 * sandboxed frames) throw on access: they are never served.
 */
const serveMarker: ServeMarkerStore = {
  read: () => {
    try {
      return sessionStorage.getItem(SERVE_MARKER_KEY);
    } catch {
      return null;
    }
  },
  write: (text) => sessionStorage.setItem(SERVE_MARKER_KEY, text),
  remove: () => {
    try {
      sessionStorage.removeItem(SERVE_MARKER_KEY);
    } catch {
      /* no storage: nothing to remove */
    }
  },
};

const scope = globalThis as typeof globalThis & { [BRIDGE_STUB_KEY]?: BridgeStub; __framelineBridgeLoaded__?: boolean };
// Injected twice into one document (two requests crossed): the second copy does nothing.
if (!scope.__framelineBridgeLoaded__) {
  scope.__framelineBridgeLoaded__ = true;
  startBridge(scope[BRIDGE_STUB_KEY]);
}

function startBridge(stub: BridgeStub | undefined): void {
  // Not crypto.randomUUID(): it exists only in secure contexts, and this script also runs in
  // pages that are not (plain http: sites, data: frames), where it would throw before anything is set up.
  const docId = Array.from(crypto.getRandomValues(new Uint8Array(4)), (byte) => byte.toString(16).padStart(2, '0')).join('');
  const bridge = createBridge({
    docId,
    frameUrl: stub?.frameUrl ?? location.href,
    top: window === window.top,
    connect: () => adaptRuntimePort(browser.runtime.connect({ name: BRIDGE_PORT_NAME })),
    serve: {
      marker: serveMarker,
      pageUrl: () => location.href,
      clock: createServeClock(),
      createPlayer: createServePlayer,
      // The served sockets' MAIN-world script, into this document before its first marker.
      prepare: () => browser.runtime.sendMessage(NEED_SERVED_MESSAGE),
    },
    toHook(command) {
      if (!hookPort) return false;
      // Binary payloads move to the page's realm as transferables.
      const data = 'data' in command ? command.data : undefined;
      hookPort.postMessage(command, data instanceof ArrayBuffer ? [data] : []);
      return true;
    },
  });

  let hookPort: MessagePort | undefined;

  /**
   * Firefox delivers the hook's batches as page-compartment objects behind Xray wrappers; a typed
   * array over such an ArrayBuffer throws "Permission denied to access property constructor".
   * Cloning moves the batch into this compartment (`cloneInto` exists only in Firefox content
   * scripts). Chromium's isolated world reads the objects directly, so it skips the copy.
   *
   * The clone reads the batch through its waived wrapper (`wrappedJSObject`): cloning through the
   * Xray wrapper checked every property of every record and made the page's main thread pay 4.7x
   * its own CPU for a fast stream; waived, 2.5x (bench: page cost, Firefox). Safe here: the batch
   * is a fresh deserialisation that no page script can reach (it arrives on the private port), and
   * structured cloning reads own data properties only, so no page code runs.
   */
  const needsAdoption = typeof (globalThis as { cloneInto?: unknown }).cloneInto === 'function';
  const adopt = (data: unknown): unknown => (needsAdoption ? structuredClone((data as { wrappedJSObject?: unknown }).wrappedJSObject ?? data) : data);

  // The hook hands over its port with a synchronous `message` event on this window while the two
  // content scripts install, before any page script (src/page/create-recorder.ts). So the first
  // handshake is the hook's and any later one is the page's: only the first is taken.
  // (No `event.source === window` test: in Firefox the content script's `window` is an Xray
  // wrapper that never equals `event.source`; nor `isTrusted`: the hook's event is synthetic too.)
  window.addEventListener(
    'message',
    (event) => {
      if (hookPort) return;
      const data = event.data as Record<string, unknown> | null;
      if (typeof data !== 'object' || data === null || data[HOOK_HANDSHAKE_TAG] !== HOOK_DIALECT_VERSION) return;
      const port = event.ports[0];
      if (!port) return;
      // Hide our handshake from the page (there are no page listeners yet, but other extensions'
      // may be), and tell the hook it was taken. Anything the page posts or dispatches itself later,
      // tagged or not, reaches its own listeners as it would without the extension.
      event.stopImmediatePropagation();
      event.preventDefault();
      takePort(port);
    },
    true,
  );
  function takePort(port: MessagePort): void {
    hookPort = port;
    port.onmessage = (message) => bridge.ingest(adopt(message.data));
    if (settings) configureHook(settings);
  }

  browser.runtime.onMessage.addListener((message: unknown) => {
    if (isPokeMessage(message)) bridge.poke();
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

  if (stub) {
    // Take over from the stub: what it kept first, in order, then the port itself (nothing can
    // arrive in between: this runs as one task).
    stub.loaded = true;
    for (const batch of stub.batches.splice(0)) bridge.ingest(adopt(batch));
    for (const message of stub.handshakes.splice(0)) bridge.handshake(message.event);
    if (stub.port) takePort(stub.port);
  }
  // If the hook installed first, its handshake found nobody listening: ask for it again (the hook
  // answers synchronously, so this too is over before any page script runs).
  if (!hookPort && !stub) window.dispatchEvent(new CustomEvent(HOOK_READY_EVENT));
}
