/** The "Connections" grid: one row per socket of the inspected tab, every handshake fact visible. */
import type { ConnectionInfo } from '../../model/types';
import { formatBytes } from '../../model/bytes';
import { formatClock, hostPath } from '../format';
import { t } from '../i18n';

export interface ConnectionListProps {
  connections: ConnectionInfo[];
  selectedId?: string;
  onSelect(id: string | undefined): void;
}

const COLUMNS = ['url', 'frame', 'state', 'protocol', 'extensions', 'opened', 'closed', 'close', 'sent', 'received'] as const;

export function ConnectionList({ connections, selectedId, onSelect }: ConnectionListProps) {
  function onKeyDown(event: KeyboardEvent): void {
    const index = connections.findIndex((c) => c.id === selectedId);
    let next = index;
    if (event.key === 'ArrowDown') next = Math.min(connections.length - 1, index + 1);
    else if (event.key === 'ArrowUp') next = Math.max(0, index - 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = connections.length - 1;
    else if (event.key === 'Escape') return onSelect(undefined);
    else return;
    event.preventDefault();
    if (connections[next]) onSelect(connections[next].id);
  }

  return (
    <div class="connections" role="grid" aria-label={t('connections')} aria-rowcount={connections.length + 1} tabIndex={0} onKeyDown={onKeyDown}>
      <div class="row header" role="row">
        {COLUMNS.map((c) => (
          <div role="columnheader" class={`cell col-${c}`} key={c}>
            {t(`col_${c}`)}
          </div>
        ))}
      </div>
      {connections.length === 0 && <div class="empty">{t('noConnections')}</div>}
      {connections.map((c) => (
        <ConnectionRow key={c.id} connection={c} selected={c.id === selectedId} onSelect={onSelect} />
      ))}
    </div>
  );
}

function ConnectionRow({ connection: c, selected, onSelect }: { connection: ConnectionInfo; selected: boolean; onSelect(id: string): void }) {
  const requested = c.protocolsRequested.join(', ');
  const protocol = requested ? `${requested} → ${c.protocol || '∅'}` : c.protocol;
  const close =
    c.closeCode !== undefined ? `${c.closeCode}${c.closeReason ? ` ${c.closeReason}` : ''} (${c.wasClean ? t('clean') : t('notClean')})` : '';
  const finished = c.state === 'closed' || c.state === 'error';
  return (
    <div
      class={`row${selected ? ' selected' : ''}${finished ? ' finished' : ''}`}
      role="row"
      aria-selected={selected}
      data-conn-id={c.id}
      onClick={() => onSelect(c.id)}
    >
      <div role="gridcell" class="cell col-url" data-col="url" title={c.url}>
        {c.url}
      </div>
      <div role="gridcell" class="cell col-frame" data-col="frame" title={c.frameUrl}>
        {c.frameId === 0 ? t('topFrame') : hostPath(c.frameUrl)}
        <span class="sr-value" data-col="frame-url" hidden>
          {c.frameUrl}
        </span>
      </div>
      <div role="gridcell" class={`cell col-state state-${c.state}`} data-col="state">
        {c.state}
      </div>
      <div role="gridcell" class="cell col-protocol" data-col="protocol" title={t('protocolTitle')}>
        {protocol}
      </div>
      <div role="gridcell" class="cell col-extensions" data-col="extensions">
        {c.extensions}
      </div>
      <div role="gridcell" class="cell col-opened" data-col="opened">
        {c.openedAt !== undefined ? formatClock(c.openedAt) : ''}
      </div>
      <div role="gridcell" class="cell col-closed" data-col="closed">
        {c.closedAt !== undefined ? formatClock(c.closedAt) : ''}
      </div>
      <div role="gridcell" class="cell col-close" data-col="close" title={close}>
        {close}
      </div>
      <div role="gridcell" class="cell col-sent num" data-col="sent">
        {c.sent.count} / {formatBytes(c.sent.bytes)}
      </div>
      <div role="gridcell" class="cell col-received num" data-col="received">
        {c.received.count} / {formatBytes(c.received.bytes)}
      </div>
    </div>
  );
}
