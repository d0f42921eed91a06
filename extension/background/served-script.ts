/**
 * The served sockets' MAIN-world script (extension/page/served.iife.ts) where, and only while,
 * a tab serves ("Serve from log"; docs/ARCHITECTURE.md, "Serving from a log"). The hook of every
 * frame is smaller without it; a document that serves asks for it at its first served
 * construction (src/page/served-slot.ts), so it must already be there:
 * - documents that load while any tab serves get it as a registered content script
 *   (`scripting.registerContentScripts`, MAIN world, document_start, every frame, not kept
 *   across browser sessions, as serving is not), which runs before the page's scripts: the first
 *   socket after a reload is served;
 * - a document that was already there when serving started gets it injected when its bridge asks
 *   (NEED_SERVED_MESSAGE), before the bridge writes the marker that makes the hook ask.
 * Registered for every URL while any tab serves: frames of the serving tab may come from any
 * origin, and a content script cannot be limited to one tab. Unregistered when no tab serves.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { isNeedServedMessage, SERVED_SCRIPT_FILE } from '../../src/protocol/serve';
import { setFrameScriptRegistered, type FrameScript, type RegistrationApi } from './frame-script-registration';

const SERVED_FRAME_SCRIPT: FrameScript = { id: 'frameline-served', file: SERVED_SCRIPT_FILE, world: 'MAIN', persistAcrossSessions: false };

interface ScriptingApi extends RegistrationApi {
  executeScript(injection: { target: { tabId: number; frameIds?: number[]; documentIds?: string[] }; files: string[]; world: 'MAIN'; injectImmediately?: boolean }): Promise<unknown>;
}

export interface ServedScript {
  /** Whether `tabId` serves now (the router's saveServing and restore). */
  serving(tabId: number, on: boolean): void;
  /** What the tabs served before a restart is known: unregister if none serves. */
  restored(): void;
}

export function keepServedScript(): ServedScript {
  const scripting = (browser as unknown as { scripting?: ScriptingApi }).scripting;
  const tabs = new Set<number>();
  let restored = false;
  /** Registration changes, one after the other; an injection waits for the ones asked before it. */
  let queue: Promise<void> = Promise.resolve();

  const sync = (): void => {
    if (!scripting) return;
    queue = queue
      .then(async () => {
        const wanted = tabs.size > 0;
        // Before the restore is known, a restarted background does not unregister what a tab still serves.
        if (!wanted && !restored) return;
        await setFrameScriptRegistered(scripting, SERVED_FRAME_SCRIPT, wanted);
      })
      .catch(() => {
        /* a registration the browser refused: documents that load meanwhile are not served */
      });
  };

  browser.tabs.onRemoved.addListener((tabId) => {
    if (tabs.delete(tabId)) sync();
  });

  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    if (!isNeedServedMessage(message) || !scripting) return undefined;
    const tabId = sender.tab?.id;
    if (tabId === undefined) return undefined;
    const documentId = (sender as { documentId?: string }).documentId;
    const inject = (target: { tabId: number; frameIds?: number[]; documentIds?: string[] }) =>
      scripting.executeScript({ target, files: [SERVED_SCRIPT_FILE], world: 'MAIN', injectImmediately: true });
    const byFrame = () => inject({ tabId, frameIds: [sender.frameId ?? 0] });
    // Answered once the script is in (or could not go in): the bridge then writes its marker.
    return queue
      .then(() => (documentId ? inject({ tabId, documentIds: [documentId] }).catch(byFrame) : byFrame()))
      .then(
        () => true,
        () => false,
      );
  });

  return {
    serving(tabId, on) {
      if (on === tabs.has(tabId)) return;
      if (on) tabs.add(tabId);
      else tabs.delete(tabId);
      sync();
    },
    restored() {
      restored = true;
      sync();
    },
  };
}
