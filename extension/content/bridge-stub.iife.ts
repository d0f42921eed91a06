/**
 * ISOLATED-world content script of every frame (document_start): the small stand-in for the
 * bridge (src/protocol/bridge-loading.ts). A frame that never opens a socket parses this and the
 * hook, nothing more; the full bridge (73 KB) is injected by the background into the frames that
 * need one.
 *
 * It takes the hook's private port exactly as the bridge did (the first tagged `message` event,
 * cancelled; HOOK_READY_EVENT if the hook installed first), keeps the hook's batches and the
 * background's handshake facts, and on the first of them (or a poke: a panel watches the tab) asks
 * the background for the bridge. No webextension-polyfill here: it alone weighs more than this.
 */
import { BRIDGE_STUB_KEY, NEED_BRIDGE_MESSAGE, READ_SETTINGS_KEY, STUB_MAX_BATCHES, type BridgeStub } from '../../src/protocol/bridge-loading';
import { isHandshakeMessage, isPokeMessage } from '../../src/protocol/guards';
import { HOOK_HANDSHAKE_TAG, HOOK_READY_EVENT } from '../../src/protocol/hook-dialect';
import { HOOK_DIALECT_VERSION } from '../../src/protocol/version';
import { normalizeSettings, SETTINGS_KEY } from '../../src/protocol/settings';
import type { HookConfigCommand } from '../../src/page/install-hook';

interface RuntimeLike {
  sendMessage(message: unknown): Promise<unknown> | undefined;
  onMessage: { addListener(listener: (message: unknown) => undefined): void };
}
interface StorageLike {
  local: { get(key: string): Promise<Record<string, unknown>> };
  onChanged: { addListener(listener: (changes: Record<string, { newValue?: unknown }>, area: string) => void): void };
}
type ExtensionApi = { runtime: RuntimeLike; storage: StorageLike };

const scope = globalThis as typeof globalThis & { browser?: ExtensionApi; chrome?: ExtensionApi; [BRIDGE_STUB_KEY]?: BridgeStub; [READ_SETTINGS_KEY]?: boolean };

// A second copy (an extension reload in Chromium leaves the old world alive) leaves the first alone.
if (!scope[BRIDGE_STUB_KEY]) {
  const api = (scope.browser ?? scope.chrome)!;
  const runtime = api.runtime;
  const stub: BridgeStub = { frameUrl: location.href, batches: [], droppedBatches: 0, handshakes: [], loaded: false };
  scope[BRIDGE_STUB_KEY] = stub;

  let asked = false;
  const needBridge = (): void => {
    if (asked || stub.loaded) return;
    asked = true;
    try {
      runtime.sendMessage(NEED_BRIDGE_MESSAGE)?.catch(() => {
        // The background is gone (extension reloaded or removed): nothing to load.
      });
    } catch {
      // Extension context invalidated.
    }
  };

  // Same rule as the bridge always had: the first tagged handshake is the hook's (it comes while
  // the content scripts install, before any page script); later ones are the page's.
  addEventListener(
    'message',
    (event) => {
      if (stub.port || stub.loaded) return;
      const data = event.data as Record<string, unknown> | null;
      if (typeof data !== 'object' || data === null || data[HOOK_HANDSHAKE_TAG] !== HOOK_DIALECT_VERSION) return;
      const port = event.ports[0];
      if (!port) return;
      event.stopImmediatePropagation();
      event.preventDefault();
      stub.port = port;
      // The bridge replaces this handler when it takes over.
      port.onmessage = (message) => {
        if (stub.batches.length < STUB_MAX_BATCHES) stub.batches.push(message.data);
        else stub.droppedBatches++;
        needBridge();
      };
    },
    true,
  );
  if (!stub.port) dispatchEvent(new CustomEvent(HOOK_READY_EVENT));

  // The hook's truncation size is the user's from the first message on, as when the bridge ran
  // in every frame: the stub passes it on until the bridge takes over (which then does). Read
  // only where the user's size differs from the hook's default: then the background registers
  // STUB_SETTINGS_FILE, which calls readSettings (or sets READ_SETTINGS_KEY when it ran first).
  // Elsewhere the hook's default is the user's size, and a frame reads nothing (in Firefox the
  // read was a fifth of the page load: docs/BENCHMARKS.md).
  const configureHook = (stored: unknown): void => {
    if (stub.loaded || !stub.port) return;
    const command: HookConfigCommand = { k: 'config', maxMessageBytes: normalizeSettings(stored).maxMessageBytes };
    stub.port.postMessage(command);
  };
  let read = false;
  stub.readSettings = () => {
    if (read) return;
    read = true;
    try {
      api.storage.local.get(SETTINGS_KEY).then(
        (stored) => configureHook(stored[SETTINGS_KEY]),
        () => undefined,
      );
    } catch {
      // Extension context invalidated: the hook keeps its default.
    }
  };
  if (scope[READ_SETTINGS_KEY]) stub.readSettings();
  try {
    api.storage.onChanged.addListener((changes, area) => {
      if (area === 'local' && changes[SETTINGS_KEY]) configureHook(changes[SETTINGS_KEY].newValue);
    });
  } catch {
    // Extension context invalidated: the hook keeps its default.
  }

  runtime.onMessage.addListener((message) => {
    if (stub.loaded) return undefined;
    if (isHandshakeMessage(message)) {
      stub.handshakes.push(message);
      needBridge();
    } else if (isPokeMessage(message)) needBridge();
    return undefined;
  });
}
