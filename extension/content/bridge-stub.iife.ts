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
import { BRIDGE_STUB_KEY, NEED_BRIDGE_MESSAGE, STUB_MAX_BATCHES, type BridgeStub } from '../../src/protocol/bridge-loading';
import { isHandshakeMessage, isPokeMessage } from '../../src/protocol/guards';
import { HOOK_HANDSHAKE_TAG, HOOK_READY_EVENT } from '../../src/protocol/hook-dialect';
import { HOOK_DIALECT_VERSION } from '../../src/protocol/version';

interface RuntimeLike {
  sendMessage(message: unknown): Promise<unknown> | undefined;
  onMessage: { addListener(listener: (message: unknown) => undefined): void };
}

const scope = globalThis as typeof globalThis & { browser?: { runtime: RuntimeLike }; chrome?: { runtime: RuntimeLike }; [BRIDGE_STUB_KEY]?: BridgeStub };

// A second copy (an extension reload in Chromium leaves the old world alive) leaves the first alone.
if (!scope[BRIDGE_STUB_KEY]) {
  const runtime = (scope.browser ?? scope.chrome)!.runtime;
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

  runtime.onMessage.addListener((message) => {
    if (stub.loaded) return undefined;
    if (isHandshakeMessage(message)) {
      stub.handshakes.push(message);
      needBridge();
    } else if (isPokeMessage(message)) needBridge();
    return undefined;
  });
}
