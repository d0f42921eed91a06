/**
 * Picking several messages (Ctrl/Cmd-click toggles one, Shift-click takes a range) for "Replay
 * several". Pure: the rows picked next, from the rows picked now and the view they are shown in.
 */
import type { MessageView } from './message-view';

/**
 * Row ids picked after picking `id`. With nothing picked yet, the selected row (if any) is the
 * first pick and the anchor of a range. Toggled picks stay in row order; a range is in view order.
 */
export function pickRows(picked: readonly number[], selectedRow: number | undefined, view: Pick<MessageView, 'indexOfId' | 'idAt'>, id: number, mode: 'toggle' | 'range'): number[] {
  const base = picked.length ? picked : selectedRow !== undefined ? [selectedRow] : [];
  if (mode === 'toggle') return base.includes(id) ? base.filter((x) => x !== id) : [...base, id].sort((a, b) => a - b);
  const anchor = view.indexOfId(base[0] ?? id);
  const target = view.indexOfId(id);
  const [lo, hi] = anchor < target ? [anchor, target] : [target, anchor];
  const ids: number[] = [];
  for (let i = lo; i <= hi; i++) ids.push(view.idAt(i));
  return ids;
}
