/** Replays several picked messages in order, with their original spacing or a fixed delay. */
import { useRef, useState } from 'preact/hooks';
import type { MessageRecord } from '../../protocol/records';
import { replayCommand, replayDelays } from './replay-plan';
import { t } from '../common/i18n';
import type { SendCommand } from '../composer/Composer';

export function ReplayBar({ messages, onCommand, onDone }: { messages: MessageRecord[]; onCommand: SendCommand; onDone(problem?: string): void }) {
  const [spacing, setSpacing] = useState<'original' | 'fixed'>('original');
  const [fixedMs, setFixedMs] = useState(100);
  const [running, setRunning] = useState<string | undefined>();
  const cancelled = useRef(false);

  async function run(): Promise<void> {
    cancelled.current = false;
    const delays = replayDelays(messages, spacing === 'fixed' ? { kind: 'fixed', ms: fixedMs } : { kind: 'original' });
    for (let i = 0; i < messages.length; i++) {
      if (delays[i] > 0) await new Promise((r) => setTimeout(r, delays[i]));
      if (cancelled.current) break;
      setRunning(t('replaying', [String(i + 1), String(messages.length)]));
      const outcome = await onCommand(replayCommand(messages[i]));
      if (!outcome.ok) {
        setRunning(undefined);
        return onDone(outcome.error);
      }
    }
    setRunning(undefined);
    onDone(undefined);
  }

  return (
    <div class="replay-bar" role="group" aria-label={t('replaySeveral')}>
      <span>{t('pickedCount', [String(messages.length)])}</span>
      <label class="radio">
        <input type="radio" name="spacing" checked={spacing === 'original'} onChange={() => setSpacing('original')} />
        {t('originalSpacing')}
      </label>
      <label class="radio">
        <input type="radio" name="spacing" checked={spacing === 'fixed'} onChange={() => setSpacing('fixed')} />
        {t('fixedDelay')}
        <input type="number" min="0" value={fixedMs} aria-label={t('fixedDelay')} onInput={(e) => setFixedMs(Number((e.target as HTMLInputElement).value) || 0)} /> ms
      </label>
      {running ? (
        <>
          <span role="status">{running}</span>
          <button type="button" class="secondary-button" onClick={() => (cancelled.current = true)}>
            {t('cancel')}
          </button>
        </>
      ) : (
        <button type="button" class="primary-button" aria-label={t('replay')} onClick={() => void run()}>
          {t('replay')} ({messages.length})
        </button>
      )}
    </div>
  );
}
