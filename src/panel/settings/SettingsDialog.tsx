/** Settings: history limits, truncation size, the panel's own limit. Saved per browser profile. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { MAX_MESSAGE_BYTES_LIMIT, normalizeSettings, type Settings } from '../../protocol/settings';
import { t } from '../common/i18n';
import { ModalDialog } from '../common/ModalDialog';

export interface SettingsDialogProps {
  settings: Settings;
  onSave(settings: Settings): void;
  onClose(): void;
  /** Controls of the inspected site that apply at once (Deep capture in Chrome), shown below the settings. */
  children?: ComponentChildren;
}

const FIELDS: { key: keyof Settings; unit: 'count' | 'mb' }[] = [
  { key: 'historyMaxMessages', unit: 'count' },
  { key: 'historyMaxBytes', unit: 'mb' },
  { key: 'maxMessageBytes', unit: 'mb' },
  { key: 'panelMaxMessages', unit: 'count' },
];

const MB = 1024 * 1024;

export function SettingsDialog({ settings, onSave, onClose, children }: SettingsDialogProps) {
  const [theme, setTheme] = useState(settings.theme);
  const [draft, setDraft] = useState<Record<string, string>>(() =>
    Object.fromEntries(FIELDS.map(({ key, unit }) => [key, String(unit === 'mb' ? (settings[key] as number) / MB : settings[key])])),
  );
  function save(event: Event): void {
    event.preventDefault();
    const next: Record<string, unknown> = { ...settings, theme };
    for (const { key, unit } of FIELDS) {
      const value = Number(draft[key]);
      if (Number.isFinite(value)) next[key] = unit === 'mb' ? Math.round(value * MB) : value;
    }
    onSave(normalizeSettings(next));
    onClose();
  }
  return (
    <ModalDialog
      label={t('settings')}
      onClose={onClose}
      onSubmit={save}
      buttons={
        <>
          <button type="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="submit" class="primary">
            {t('save')}
          </button>
        </>
      }
    >
      {FIELDS.map(({ key, unit }) => (
        <label key={key} class="field">
          <span>{t(`setting_${key}`)}</span>
          <input
            type="number"
            min="0"
            max={key === 'maxMessageBytes' ? MAX_MESSAGE_BYTES_LIMIT / MB : undefined}
            step={unit === 'mb' ? '0.25' : '1'}
            value={draft[key]}
            aria-label={t(`setting_${key}`)}
            onInput={(e) => setDraft({ ...draft, [key]: (e.target as HTMLInputElement).value })}
          />
          <span class="unit">{unit === 'mb' ? 'MiB' : ''}</span>
        </label>
      ))}
      <label class="field">
        <span>{t('setting_theme')}</span>
        <select aria-label={t('setting_theme')} value={theme} onChange={(e) => setTheme((e.target as HTMLSelectElement).value as Settings['theme'])}>
          <option value="auto">{t('theme_auto')}</option>
          <option value="light">{t('theme_light')}</option>
          <option value="dark">{t('theme_dark')}</option>
        </select>
      </label>
      <p class="hint">{t('settingsHint')}</p>
      {children}
    </ModalDialog>
  );
}
