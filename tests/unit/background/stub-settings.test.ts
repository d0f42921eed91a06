import { describe, expect, it } from 'vitest';
import { stubMustReadSettings } from '../../../src/background/stub-settings';
import { DEFAULT_SETTINGS } from '../../../src/protocol/settings';

describe('whether frames read the settings at document_start', () => {
  it('not with no settings stored, nor with the default truncation size (the hook already uses it)', () => {
    expect(stubMustReadSettings(undefined)).toBe(false);
    expect(stubMustReadSettings({ ...DEFAULT_SETTINGS, historyMaxMessages: 500, theme: 'dark' })).toBe(false);
  });

  it('with any other truncation size', () => {
    expect(stubMustReadSettings({ maxMessageBytes: 1024 * 1024 })).toBe(true);
    expect(stubMustReadSettings({ maxMessageBytes: 32 * 1024 * 1024 })).toBe(true);
  });
});
