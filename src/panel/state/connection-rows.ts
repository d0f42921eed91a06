/**
 * The rows of some connections in the message table. The table keeps every connection's rows
 * interleaved in arrival order, so "the messages of connection X" is always a scan that skips
 * other connections and control rows (open/close/error). Decoding (detection, feeding, payload
 * rebuilds, pair search), exports and the chart all need it: this is the one place it is written.
 */
import type { MessageTable } from './message-table';

/** Whether row `id` is a message (not a control row) of the connection at `connIndex`. */
export function isMessageRowOf(table: MessageTable, id: number, connIndex: number): boolean {
  return table.connIndex(id) === connIndex && table.opcode(id) !== 0;
}

/** Whether row `id` belongs to one of `connIndexes` (null: any connection). */
export function isRowOfAny(table: MessageTable, id: number, connIndexes: ReadonlySet<number> | null): boolean {
  return connIndexes === null || connIndexes.has(table.connIndex(id));
}

/**
 * Calls `visit` with each message row of the connection with `from <= id < to`, oldest first
 * (`from` is raised to the oldest row held, `to` lowered to the end of the table).
 */
export function forEachMessageRowOf(table: MessageTable, connIndex: number, from: number, to: number, visit: (id: number) => void): void {
  const end = Math.min(to, table.endId);
  for (let id = Math.max(from, table.firstId); id < end; id++) if (isMessageRowOf(table, id, connIndex)) visit(id);
}

/** Ids of the connection's message rows from `from` on, oldest first, at most `limit`. */
export function messageRowsOf(table: MessageTable, connIndex: number, from: number, limit: number): number[] {
  const ids: number[] = [];
  for (let id = Math.max(from, table.firstId); id < table.endId && ids.length < limit; id++) if (isMessageRowOf(table, id, connIndex)) ids.push(id);
  return ids;
}

/**
 * Ids of the last `limit` message rows of the connection before row `id`, oldest first, looking
 * back at most `lookBack` rows (a quiet connection among busy ones must not cost a full scan).
 */
export function messageRowsBefore(table: MessageTable, connIndex: number, id: number, limit: number, lookBack: number): number[] {
  const ids: number[] = [];
  for (let at = id - 1; at >= table.firstId && ids.length < limit && id - at < lookBack; at--) if (isMessageRowOf(table, at, connIndex)) ids.push(at);
  return ids.reverse();
}

/** Ids of every row (control rows too) of `connIndexes` (null: all), oldest first. */
export function rowsOfConnections(table: MessageTable, connIndexes: ReadonlySet<number> | null): number[] {
  const ids: number[] = [];
  for (let id = table.firstId; id < table.endId; id++) if (isRowOfAny(table, id, connIndexes)) ids.push(id);
  return ids;
}
