/**
 * A record field as the panel shows it: clipped (`clip.ts`), and when something was left out, how
 * much, "Show more" (a bounded amount more) and "Copy all" (the whole value, untouched).
 */
import { useState } from 'preact/hooks';
import { clipForDisplay, DISPLAY_CHARS, isClipped } from './clip';
import { t } from './i18n';

/** Most characters "Show more" renders; past that only "Copy all" has the value, so layout stays bounded. */
export const SHOW_MORE_CHARS = 64 * 1024;

export interface ClippedTextProps {
  text: string;
  /** Characters shown at first (default DISPLAY_CHARS). */
  max?: number;
  /** Copies the whole value; without it there is no "Copy all". */
  onCopy?(text: string): void;
  /** The text is captured data (a URL, a header, a reason): marked `data-untranslated`, shown as it came. */
  data?: boolean;
}

export function ClippedText({ text, max = DISPLAY_CHARS, onCopy, data }: ClippedTextProps) {
  // "Show more" applies to the value it was clicked for, not to the next one shown in this place.
  const [expanded, setExpanded] = useState<string | undefined>();
  const limit = expanded === text ? Math.max(max, SHOW_MORE_CHARS) : max;
  const body = (value: string) => (data ? <span data-untranslated>{value}</span> : value);
  if (!isClipped(text, limit)) return <>{body(text)}</>;
  const shown = clipForDisplay(text, limit);
  const hidden = text.length - (shown.length - 1); // the "…" stands for them
  return (
    <>
      {body(shown)}
      <span class="clip-controls">
        <span class="clip-note">{t('clippedNote', [String(hidden)])}</span>
        {limit < SHOW_MORE_CHARS && (
          <button type="button" class="link" onClick={() => setExpanded(text)}>
            {t('clipShowMore')}
          </button>
        )}
        {onCopy && (
          <button type="button" class="link" onClick={() => onCopy(text)}>
            {t('clipCopyAll')}
          </button>
        )}
      </span>
    </>
  );
}
