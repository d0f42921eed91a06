/**
 * Says how far behind the page the panel is, while it is (PanelState.behindMs): under a stream
 * faster than the panel can take in, nothing is lost (batches wait in its queue), but what it
 * shows is late, and the user should know by how much.
 */
import { t } from './i18n';

/** Below this the panel counts as keeping up (a batch waits 16 ms in the hook, then for a frame). */
export const BEHIND_SHOWN_MS = 1000;

export function BehindNotice({ behindMs }: { behindMs: number }) {
  if (behindMs < BEHIND_SHOWN_MS) return null;
  return (
    <div class="status behind" role="status" data-behind-ms={Math.round(behindMs)}>
      {t('panelBehind', [(behindMs / 1000).toFixed(1)])}
    </div>
  );
}
