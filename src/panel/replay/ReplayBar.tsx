/**
 * "Replay several": replays the picked messages in the order they happened, with their original
 * spacing or a fixed delay. The timing is the intercept engine's (src/intercept/replay.ts): each
 * message goes at its offset from the start of the replay, however long the page takes to
 * acknowledge the one before.
 */
import { useRef, useState } from 'preact/hooks';
import type { MessageRecord } from '../../protocol/records';
import { createReplaySchedule, replayCommandOf, runReplay, type ReplayRun } from '../../intercept/replay';
import type { SendCommand } from '../environment';
import { t } from '../common/i18n';
import { commandFailureText } from '../common/command-failure';

export interface ReplayBarProps {
  messages: MessageRecord[];
  command: SendCommand;
  /** The replay is over: finished or cancelled (no problem), or stopped by a failed send. */
  onDone(problem?: string): void;
}

export function ReplayBar({ messages, command, onDone }: ReplayBarProps) {
  const [spacing, setSpacing] = useState<'original' | 'fixed'>('original');
  const [fixedMs, setFixedMs] = useState(100);
  const [running, setRunning] = useState<string | undefined>();
  const run = useRef<ReplayRun>();
  // Not cancelled on unmount: picking another row hides the bar, and the replay goes on as before.

  async function start(): Promise<void> {
    const schedule = createReplaySchedule(messages, spacing === 'fixed' ? { mode: 'fixed', delayMs: fixedMs } : { mode: 'original' });
    const total = String(schedule.length);
    setRunning(t('replaying', ['1', total]));
    const current = runReplay(schedule, {
      async send(message) {
        const outcome = await command(replayCommandOf(message));
        if (!outcome.ok) throw new Error(commandFailureText(outcome));
      },
      onProgress: (sent) => setRunning(t('replaying', [String(Math.min(sent + 1, schedule.length)), total])),
    });
    run.current = current;
    const result = await current.done;
    if (run.current !== current) return;
    run.current = undefined;
    setRunning(undefined);
    onDone(result.status === 'failed' ? result.error : undefined);
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
        <input type="number" min="0" value={fixedMs} aria-label={t('fixedDelay')} onInput={(e) => setFixedMs(Math.max(0, Number((e.target as HTMLInputElement).value) || 0))} /> ms
      </label>
      {running ? (
        <>
          <span role="status">{running}</span>
          <button type="button" class="secondary-button" onClick={() => run.current?.cancel()}>
            {t('cancel')}
          </button>
        </>
      ) : (
        <button type="button" class="primary-button" aria-label={t('replay')} onClick={() => void start()}>
          {t('replay')} ({messages.length})
        </button>
      )}
    </div>
  );
}
