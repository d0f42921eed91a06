/**
 * The message list's columns: Direction, then Data (the payload, with the socket label when
 * several connections are merged) taking the free width, then the optional metadata columns.
 * The user hides optional columns from the header's menu (remembered in UI prefs); when the list
 * is too narrow for Data to stay readable, more are dropped for the moment, least useful first.
 */

export type OptionalColumn = 'time' | 'rel' | 'size' | 'type';

/** Display order of the optional columns, after Data. */
export const OPTIONAL_COLUMNS: readonly OptionalColumn[] = ['time', 'rel', 'size', 'type'];

/** Widths in px, sized to their content at 12px system-ui ("12:34:56.789", "+1h 02m", "1023.9 KB", "binary"). */
export const COLUMN_WIDTHS: Readonly<Record<OptionalColumn, number>> = { time: 100, rel: 84, size: 72, type: 64 };

export const DIRECTION_WIDTH = 24;

/** Below this the Data column drops optional columns (it must show the label and some payload). */
export const MIN_DATA_WIDTH = 160;

/** Which column goes first when room runs out. */
const DROP_ORDER: readonly OptionalColumn[] = ['rel', 'type', 'time', 'size'];

/**
 * The optional columns to show in a list `width` px wide: those the user did not hide, minus the
 * least useful ones while Data would get less than MIN_DATA_WIDTH. An unknown width (0, not
 * laid out yet) keeps every column the user wants.
 */
export function fitColumns(width: number, hidden: readonly string[]): OptionalColumn[] {
  const wanted = new Set(OPTIONAL_COLUMNS.filter((c) => !hidden.includes(c)));
  if (width > 0) {
    const used = () => DIRECTION_WIDTH + [...wanted].reduce((sum, c) => sum + COLUMN_WIDTHS[c], 0);
    for (const column of DROP_ORDER) {
      if (width - used() >= MIN_DATA_WIDTH) break;
      wanted.delete(column);
    }
  }
  return OPTIONAL_COLUMNS.filter((c) => wanted.has(c));
}
