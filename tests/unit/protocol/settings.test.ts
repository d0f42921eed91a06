import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, MAX_MESSAGE_BYTES_LIMIT, normalizeSettings } from '../../../src/protocol/settings';

describe('settings', () => {
  it('defaults meet the history promise: at least 10,000 messages and 50 MB, 4 MiB truncation', () => {
    expect(normalizeSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.historyMaxMessages).toBeGreaterThanOrEqual(10_000);
    expect(DEFAULT_SETTINGS.historyMaxBytes).toBeGreaterThanOrEqual(50 * 1024 * 1024);
    expect(DEFAULT_SETTINGS.maxMessageBytes).toBe(4 * 1024 * 1024);
  });
  it('keeps valid values, clamps out-of-range ones and ignores wrong types', () => {
    const s = normalizeSettings({ historyMaxMessages: 20_000, maxMessageBytes: 1, historyMaxBytes: 'lots', preserveLog: true, panelMaxMessages: Infinity });
    expect(s).toEqual({ ...DEFAULT_SETTINGS, historyMaxMessages: 20_000, maxMessageBytes: 1024, preserveLog: true });
  });
  it('keeps at most 32 MiB of a message: one message must fit in one runtime message (Chrome: 64 MiB of JSON)', () => {
    expect(MAX_MESSAGE_BYTES_LIMIT).toBe(32 * 1024 * 1024);
    expect(normalizeSettings({ maxMessageBytes: 1024 * 1024 * 1024 }).maxMessageBytes).toBe(MAX_MESSAGE_BYTES_LIMIT);
    // 32 MiB of binary as base64, with room left for the envelope.
    expect(Math.ceil(MAX_MESSAGE_BYTES_LIMIT / 3) * 4).toBeLessThan(48 * 1024 * 1024);
  });
});
