/**
 * "Export HAR" dialog: what to export (all, the selected connections, what the filter shows),
 * the format (HAR for Chrome DevTools and HAR tools, NDJSON for jq and scripts), sanitizing
 * (on by default; "Include sensitive data" is an explicit choice) and payload redaction rules.
 * The file is built in slices with progress, so half a million messages do not freeze the panel.
 */
import { useState } from 'preact/hooks';
import { createHarBlob } from '../../logs/export-stream';
import { createNdjsonBlob } from '../../logs/ndjson';
import { createRedactor, type RedactionRule } from '../../logs/redact';
import type { PanelStore } from '../state/store';
import type { MessageView } from '../state/message-view';
import { sessionFromStore, type ExportChoice } from './session';
import { t } from '../common/i18n';
import { say, sayError } from '../common/coded-text';
import { clipForDisplay } from '../common/clip';
import { ModalDialog } from '../common/ModalDialog';

export interface ExportDialogProps {
  store: PanelStore;
  view: MessageView;
  selectedConnectionIds: string[];
  version: string;
  onDownload(blob: Blob, fileName: string): Promise<void> | void;
  onClose(): void;
}

/** One rule per line: `$.path` (JSON path), `/regex/flags`, or plain text (matched literally). */
export function parseRedactionLines(text: string): RedactionRule[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line): RedactionRule => {
      if (line.startsWith('$')) return { kind: 'jsonPath', path: line };
      const regex = /^\/(.*)\/([a-z]*)$/.exec(line);
      if (regex) return { kind: 'regex', pattern: regex[1], flags: regex[2] };
      return { kind: 'regex', pattern: line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') };
    });
}

export function ExportDialog({ store, view, selectedConnectionIds, version, onDownload, onClose }: ExportDialogProps) {
  const [scope, setScope] = useState<'all' | 'selected' | 'shown'>(selectedConnectionIds.length ? 'selected' : 'all');
  const [format, setFormat] = useState<'har' | 'ndjson'>('har');
  const [sensitive, setSensitive] = useState(false);
  const [rules, setRules] = useState('');
  const [progress, setProgress] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();

  async function run(event: Event): Promise<void> {
    event.preventDefault();
    setError(undefined);
    const redactions = parseRedactionLines(rules);
    const checked = createRedactor(redactions);
    if (!checked.ok) return setError(checked.errors.map((e) => say(e.problem)).join('\n'));
    const choice: ExportChoice =
      scope === 'selected' ? { kind: 'connections', ids: selectedConnectionIds } : scope === 'shown' ? { kind: 'shown', view } : { kind: 'all' };
    const options = { sanitize: !sensitive, redactions, creatorVersion: version };
    const stream = { onProgress: ({ done, total }: { done: number; total: number }) => setProgress(t('exportProgress', [String(done), String(total)])) };
    try {
      const log = await sessionFromStore(store, choice);
      const blob = format === 'har' ? await createHarBlob(log, options, stream) : await createNdjsonBlob(log, options, stream);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
      await onDownload(blob, `frameline-${stamp}${sensitive ? '' : '-sanitized'}.${format === 'har' ? 'har' : 'ndjson'}`);
      onClose();
    } catch (e) {
      setError(sayError(e));
      setProgress(undefined);
    }
  }

  return (
    <ModalDialog
      label={t('exportTitle')}
      onClose={onClose}
      onSubmit={(e) => void run(e)}
      buttons={
        <>
          <button type="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="submit" class="primary" disabled={progress !== undefined && !error}>
            {t('exportButton')}
          </button>
        </>
      }
    >
      <fieldset>
        <legend>{t('exportScope')}</legend>
        {(['all', 'selected', 'shown'] as const).map((value) => (
          <label key={value} class="radio">
            <input type="radio" name="scope" value={value} checked={scope === value} disabled={value === 'selected' && !selectedConnectionIds.length} onChange={() => setScope(value)} />
            {t(`exportScope_${value}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('exportFormat')}</legend>
        <label class="radio">
          <input type="radio" name="format" value="har" checked={format === 'har'} onChange={() => setFormat('har')} />
          HAR
        </label>
        <label class="radio">
          <input type="radio" name="format" value="ndjson" checked={format === 'ndjson'} onChange={() => setFormat('ndjson')} />
          NDJSON
        </label>
      </fieldset>
      <label class="check">
        <input type="checkbox" checked={sensitive} onChange={(e) => setSensitive((e.target as HTMLInputElement).checked)} />
        {t('includeSensitive')}
      </label>
      <p class="hint">{sensitive ? t('sensitiveWarning') : t('sanitizedNote')}</p>
      <label class="field column">
        <span>{t('redactionRules')}</span>
        <textarea rows={3} aria-label={t('redactionRules')} placeholder={'$.auth.token\n/secret-[a-z0-9]+/i'} value={rules} onInput={(e) => setRules((e.target as HTMLTextAreaElement).value)} />
      </label>
      {error && (
        <pre class="problem" role="alert">
          {clipForDisplay(error)}
        </pre>
      )}
      {progress && <div role="status">{progress}</div>}
    </ModalDialog>
  );
}
