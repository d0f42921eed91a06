/**
 * The connections pane of a narrow or short panel: one line, a picker named "Connections" like
 * the grid it replaces (docs/CONTRACTS.md item 4). "All connections" shows them merged; picking
 * one shows it alone. The grid (ConnectionList) has every handshake fact; this keeps the rows room.
 */
import type { ConnectionInfo } from '../../protocol/records';
import { t } from '../common/i18n';
import { clipForDisplay } from '../common/clip';

export interface ConnectionPickerProps {
  connections: ConnectionInfo[];
  selected: ReadonlySet<string>;
  /** Label of a connection as message rows show it ("#2"). */
  numberOf(id: string): string;
  onSelect(ids: Set<string>): void;
}

export function ConnectionPicker({ connections, selected, numberOf, onSelect }: ConnectionPickerProps) {
  const value = selected.size === 1 ? [...selected][0] : '';
  return (
    <div class="connection-picker">
      <select aria-label={t('connections')} value={value} onChange={(e) => {
        const id = (e.target as HTMLSelectElement).value;
        onSelect(id ? new Set([id]) : new Set());
      }}>
        <option value="">{t('allConnections', [String(connections.length)])}</option>
        {connections.map((c) => (
          <option key={c.id} value={c.id} data-conn-id={c.id}>
            {`${numberOf(c.id)} ${c.state} ${clipForDisplay(c.url).slice(0, 200)}`}
          </option>
        ))}
      </select>
    </div>
  );
}
