/**
 * Opens a new WebSocket from the inspected page's context (its origin and cookies), with a chosen
 * URL and sub-protocols; it then appears in Connections, where the composer works on it.
 */
import { useState } from 'preact/hooks';
import type { CommandOutcome } from '../../protocol/messages';
import { t } from '../common/i18n';
import { commandFailureText } from '../common/command-failure';
import { clipForDisplay } from '../common/clip';
import { ModalDialog } from '../common/ModalDialog';

export interface OpenConnectionProps {
  onOpen(url: string, protocols: string[]): Promise<CommandOutcome>;
  onClose(): void;
}

export function OpenConnection({ onOpen, onClose }: OpenConnectionProps) {
  const [url, setUrl] = useState('wss://');
  const [protocols, setProtocols] = useState('');
  const [error, setError] = useState<string | undefined>();
  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    const list = protocols.split(',').map((p) => p.trim()).filter(Boolean);
    const outcome = await onOpen(url.trim(), list);
    if (outcome.ok) onClose();
    else setError(commandFailureText(outcome));
  }
  return (
    <ModalDialog
      label={t('openConnection')}
      onClose={onClose}
      onSubmit={(e) => void submit(e)}
      buttons={
        <>
          <button type="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="submit" class="primary">
            {t('openButton')}
          </button>
        </>
      }
    >
      <label class="field column">
        <span>URL</span>
        <input aria-label="URL" value={url} onInput={(e) => setUrl((e.target as HTMLInputElement).value)} />
      </label>
      <label class="field column">
        <span>{t('protocolsRequested')}</span>
        <input aria-label={t('protocolsRequested')} placeholder="graphql-transport-ws, v2.stomp" value={protocols} onInput={(e) => setProtocols((e.target as HTMLInputElement).value)} />
      </label>
      <p class="hint">{t('openConnectionHint')}</p>
      {error && (
        <div class="problem" role="alert">
          {clipForDisplay(error)}
        </div>
      )}
    </ModalDialog>
  );
}
