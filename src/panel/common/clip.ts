/**
 * Bounded display of record fields. Everything the panel shows comes from pages or files, and any
 * field can be huge: a 50 MB connection URL rendered into a grid cell and its tooltip blocked the
 * viewer for 10 to 30 s (text layout of the whole string, at every render). So every field goes
 * through `clipForDisplay` before it reaches a text node, a `title` or an `aria-label`; the full
 * value stays in the store and in exports, and `ClippedText.tsx` offers it on demand (Copy).
 */

/**
 * Characters of one field that the panel renders: far more than any real URL, header, close
 * reason or stack line, and little enough that layout of a row or tooltip stays instant.
 */
export const DISPLAY_CHARS = 2000;

/** `text` cut to at most `max` characters, the cut marked with "…" (never inside a surrogate pair). */
export function clipForDisplay(text: string, max = DISPLAY_CHARS): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - 1);
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last < 0xdc00) cut--; // a high surrogate whose pair would be cut off
  return `${text.slice(0, cut)}…`;
}

/** Whether `clipForDisplay(text, max)` leaves something out. */
export function isClipped(text: string, max = DISPLAY_CHARS): boolean {
  return text.length > max;
}

/**
 * A prefix of `text` long enough for work that only reads its start (parsing a URL's origin and
 * host, comparing for a sort), so that such work costs the same for a 50 MB value as for a short one.
 */
export function headOf(text: string, chars: number): string {
  return text.length <= chars ? text : text.slice(0, chars);
}
