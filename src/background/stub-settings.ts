/**
 * Whether every frame's stub must read the settings at document_start
 * (extension/background/stub-settings-script.ts): only when the user's truncation size is not the
 * one the hook uses without being told (the hook's default), since that is all the stub passes on.
 */
import { normalizeSettings } from '../protocol/settings';
import { DEFAULT_HOOK_OPTIONS } from '../page/install-hook';

export function stubMustReadSettings(stored: unknown): boolean {
  return normalizeSettings(stored).maxMessageBytes !== DEFAULT_HOOK_OPTIONS.maxMessageBytes;
}
