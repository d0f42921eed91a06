/**
 * Under the toolbar while Deep capture is on (or could not start): why Chrome shows its debugging
 * bar, or what went wrong.
 */
import type { DeepCaptureState } from '../environment';
import { t } from '../common/i18n';
import { clipForDisplay } from '../common/clip';

export function deepCaptureErrorText(state: DeepCaptureState): string | undefined {
  if (!state.error) return undefined;
  return state.error.code === 'denied' ? t('deepCaptureDenied') : t('deepCaptureFailed', [clipForDisplay(state.error.detail)]);
}

export function DeepCaptureNote({ state }: { state: DeepCaptureState | undefined }) {
  if (!state) return null;
  const error = deepCaptureErrorText(state);
  if (error) return <div class="notice deep-capture-note" role="alert">{error}</div>;
  if (!state.on) return null;
  return (
    <div class="notice deep-capture-note" id="deep-capture-reason">
      {t('deepCaptureReason')}
    </div>
  );
}
