/**
 * Injects the full bridge into a frame when its stub asks (src/protocol/bridge-loading.ts): the
 * frame's hook recorded something, the background sent it handshake facts, or a panel watches
 * the tab (the router pokes the tab's frames when a panel attaches). Frames that never need one
 * never parse it.
 *
 * The target is the asking document where the browser names it (`sender.documentId`, Chrome
 * 106+), so a frame that navigated meanwhile does not get a bridge it did not ask for; Firefox
 * has no document ids and gets the frame. `injectImmediately` runs it as soon as the frame can,
 * not at the frame's next idle point. The file is the extension's own: nothing becomes loadable
 * by web pages (no web_accessible_resources).
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { BRIDGE_SCRIPT_FILE, isNeedBridgeMessage } from '../../src/protocol/bridge-loading';

interface ScriptingApi {
  executeScript(injection: { target: { tabId: number; frameIds?: number[]; documentIds?: string[] }; files: string[]; injectImmediately?: boolean }): Promise<unknown>;
}

export function injectBridgesOnRequest(): void {
  const scripting = (browser as unknown as { scripting?: ScriptingApi }).scripting;
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    if (!isNeedBridgeMessage(message) || !scripting) return undefined;
    const tabId = sender.tab?.id;
    if (tabId === undefined) return undefined;
    const documentId = (sender as { documentId?: string }).documentId;
    const inject = (target: { tabId: number; frameIds?: number[]; documentIds?: string[] }) => scripting.executeScript({ target, files: [BRIDGE_SCRIPT_FILE], injectImmediately: true });
    const byFrame = () => inject({ tabId, frameIds: [sender.frameId ?? 0] });
    // A browser that names documents but cannot target them falls back to the frame.
    (documentId ? inject({ tabId, documentIds: [documentId] }).catch(byFrame) : byFrame()).catch(() => {
      // The frame went away or navigated before the bridge could go in: nothing to keep there.
    });
    return undefined;
  });
}
