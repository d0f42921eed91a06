/**
 * What the user has selected: connections (the list shows their messages merged), one row (its
 * details), rows picked for "Replay several", and a time range dragged on the chart. Kept
 * together because choosing one resets the others the way the panel always has: selecting
 * connections drops the row and the range, selecting a row drops the picks.
 */
import { useMemo, useState } from 'preact/hooks';
import type { ConnectionInfo } from '../../protocol/records';
import type { MessageView } from './message-view';
import type { PanelStore } from './store';
import { pickRows } from './picking';

export type TimeRange = readonly [number, number];

export interface SelectionState {
  connections: ReadonlySet<string>;
  /** Table indexes of the selected connections; null when none is selected (all are shown). */
  connectionIndexes: ReadonlySet<number> | null;
  /** The row whose details are shown. */
  row?: number;
  /** Rows picked with Ctrl/Cmd- or Shift-click, in order. */
  picked: number[];
  range: TimeRange | null;
  /** Selects connections (from the connection list): the row and the range go. */
  selectConnections(ids: Set<string>): void;
  /** Shows one connection only, keeping the selected row ("Edit" opens its composer). */
  onlyConnection(id: string): void;
  /** Selects a row (a click or the keyboard in the list): the picks go. */
  selectRow(id: number): void;
  /** Shows a row's details, keeping the picks (a jump to the paired message). */
  showRow(id: number): void;
  /** No row selected (after Clear). */
  clearRow(): void;
  pick(id: number, mode: 'toggle' | 'range', view: Pick<MessageView, 'indexOfId' | 'idAt'>): void;
  setRange(range: TimeRange | null): void;
}

/** `connections` is the store's connection list: indexes are looked up again when it changes. */
export function useSelection(store: PanelStore, connections: readonly ConnectionInfo[]): SelectionState {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [row, setRow] = useState<number | undefined>();
  const [picked, setPicked] = useState<number[]>([]);
  const [range, setRange] = useState<TimeRange | null>(null);

  const connectionIndexes = useMemo(() => {
    if (selected.size === 0) return null;
    const indexes = new Set<number>();
    for (const id of selected) {
      const index = store.connectionIndexOf(id);
      if (index !== undefined) indexes.add(index);
    }
    return indexes;
  }, [selected, connections]);

  return {
    connections: selected,
    connectionIndexes,
    row,
    picked,
    range,
    selectConnections(ids) {
      setSelected(ids);
      setRow(undefined);
      setRange(null);
    },
    onlyConnection: (id) => setSelected(new Set([id])),
    selectRow(id) {
      setPicked([]);
      setRow(id);
    },
    showRow: setRow,
    clearRow: () => setRow(undefined),
    pick: (id, mode, view) => setPicked(pickRows(picked, row, view, id, mode)),
    setRange,
  };
}
