/**
 * What screen readers hear of the message counts: a visually hidden polite live region that changes
 * at most once every few seconds. The visible counter next to it updates live but is not a live
 * region (under 20 msg/s traffic it changed about 20 times a second).
 */
import { useThrottledValue } from '../common/use-throttled-value';

/** Time between two announcements of the counts. */
export const COUNT_ANNOUNCE_MS = 5000;

export function CountAnnouncer({ text }: { text: string }) {
  const announced = useThrottledValue(text, COUNT_ANNOUNCE_MS);
  return (
    <span class="visually-hidden" aria-live="polite" aria-atomic="true" data-role="count-announcer">
      {announced}
    </span>
  );
}
