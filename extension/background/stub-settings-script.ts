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
import { setFrameScriptRegistered, type FrameScript, type RegistrationApi } from './frame-script-registration';

const STUB_SETTINGS_FRAME_SCRIPT: FrameScript = { id: 'frameline-stub-settings', file: STUB_SETTINGS_FILE, world: 'ISOLATED', persistAcrossSessions: true };

export function keepStubSettingsScript(): void {
  const scripting = (browser as unknown as { scripting?: RegistrationApi }).scripting;
  if (!scripting) return;
  let queue: Promise<void> = Promise.resolve();
  const sync = (): void => {
    queue = queue
      .then(async () => {
        const stored = await browser.storage.local.get(SETTINGS_KEY);
        const wanted = stubMustReadSettings(stored[SETTINGS_KEY]);
        await setFrameScriptRegistered(scripting, STUB_SETTINGS_FRAME_SCRIPT, wanted);
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
