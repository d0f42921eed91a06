/**
 * User settings, kept in `storage.local` under SETTINGS_KEY (one copy per browser profile).
 * `normalizeSettings` is the one gate: whatever is stored (older versions, hand edits) becomes
 * a complete, valid Settings object.
 */
export interface Settings {
  /** Messages each document keeps for a panel opened later. */
  historyMaxMessages: number;
  /** Payload bytes each document keeps for a panel opened later. */
  historyMaxBytes: number;
  /** Payloads above this size are kept as a prefix marked "truncated". */
  maxMessageBytes: number;
  /** Keep the log when the inspected page reloads or navigates. */
  preserveLog: boolean;
  /** Most messages the panel holds before dropping the oldest. */
  panelMaxMessages: number;
  /** 'auto' follows DevTools' theme (or the system's, in a tab). */
  theme: 'auto' | 'light' | 'dark';
}

export const SETTINGS_KEY = 'frameline.settings';

export const DEFAULT_SETTINGS: Settings = {
  historyMaxMessages: 10_000,
  historyMaxBytes: 50 * 1024 * 1024,
  maxMessageBytes: 4 * 1024 * 1024,
  preserveLog: false,
  panelMaxMessages: 1_000_000,
  theme: 'auto',
};

/**
 * Largest truncation size. A kept message must reach the panel in one runtime message, and
 * Chrome refuses those over 64 MiB of JSON: 32 MiB of binary is 43 MiB of base64. (With 1 GiB
 * allowed, 64 MiB messages never reached the panel, and the frame's port was lost with them.)
 */
export const MAX_MESSAGE_BYTES_LIMIT = 32 * 1024 * 1024;

const LIMITS: Record<Exclude<keyof Settings, 'preserveLog' | 'theme'>, [number, number]> = {
  historyMaxMessages: [100, 10_000_000],
  historyMaxBytes: [1024 * 1024, 4 * 1024 * 1024 * 1024],
  maxMessageBytes: [1024, MAX_MESSAGE_BYTES_LIMIT],
  panelMaxMessages: [1000, 10_000_000],
};

export function normalizeSettings(value: unknown): Settings {
  const input = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const settings: Settings = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(LIMITS) as (keyof typeof LIMITS)[]) {
    const n = input[key];
    if (typeof n === 'number' && Number.isFinite(n)) {
      const [min, max] = LIMITS[key];
      settings[key] = Math.round(Math.min(max, Math.max(min, n)));
    }
  }
  if (typeof input.preserveLog === 'boolean') settings.preserveLog = input.preserveLog;
  if (input.theme === 'light' || input.theme === 'dark' || input.theme === 'auto') settings.theme = input.theme;
  return settings;
}
