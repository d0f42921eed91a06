/**
 * Keeps STUB_SETTINGS_FILE registered as a content script of every frame (ISOLATED world,
 * document_start, kept across sessions as the settings are) exactly while the user's truncation
 * size differs from the hook's default, so that only then each frame's stub reads the settings
 * (src/protocol/bridge-loading.ts). Checked when the background starts (an extension update
 * drops dynamic registrations) and on every settings change.
 */
import browser from 'webextension-polyfill';
import { STUB_SETTINGS_FILE } from '../../src/protocol/bridge-loading';
import { SETTINGS_KEY } from '../../src/protocol/settings';
import { stubMustReadSettings } from '../../src/background/stub-settings';

const SCRIPT_ID = 'frameline-stub-settings';

interface Registration {
  id: string;
  matches: string[];
  js: string[];
  runAt: 'document_start';
  allFrames: boolean;
  world: 'ISOLATED';
  persistAcrossSessions: boolean;
  matchOriginAsFallback?: boolean;
}
interface ScriptingApi {
  registerContentScripts(scripts: Registration[]): Promise<void>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
  getRegisteredContentScripts(filter: { ids: string[] }): Promise<{ id: string }[]>;
}

export function keepStubSettingsScript(): void {
  const scripting = (browser as unknown as { scripting?: ScriptingApi }).scripting;
  if (!scripting) return;
  let queue: Promise<void> = Promise.resolve();
  const sync = (): void => {
    queue = queue
      .then(async () => {
        const stored = await browser.storage.local.get(SETTINGS_KEY);
        const wanted = stubMustReadSettings(stored[SETTINGS_KEY]);
        const registered = (await scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] })).length > 0;
        if (wanted === registered) return;
        if (!wanted) return scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
        const script: Registration = {
          id: SCRIPT_ID,
          matches: ['<all_urls>'],
          js: [STUB_SETTINGS_FILE],
          runAt: 'document_start',
          allFrames: true,
          world: 'ISOLATED',
          persistAcrossSessions: true,
          // about:blank, srcdoc and data: frames, as the stub's own manifest entry.
          matchOriginAsFallback: true,
        };
        await scripting.registerContentScripts([script]).catch(() => {
          const { matchOriginAsFallback: _unsupported, ...plain } = script;
          void _unsupported;
          return scripting.registerContentScripts([plain]);
        });
      })
      .catch(() => {
        /* refused or storage unreadable: frames keep the hook's default until the next change */
      });
  };
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && changes[SETTINGS_KEY]) sync();
  });
  sync();
}
