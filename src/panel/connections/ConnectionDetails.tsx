/** Headers / handshake view of a connection: every fact we have about the upgrade and its life. */
import type { Ref } from 'preact';
import type { ConnectionInfo, HttpHeader } from '../../protocol/records';
import type { DecoderChoice } from '../decoding/types';
import { formatBytes } from '../../lib/bytes';
import { formatClock } from '../common/format';
import { formatDuration } from './format-connection';
import { t } from '../common/i18n';
import { ClippedText } from '../common/ClippedText';

export interface ConnectionDetailsProps {
  connection: ConnectionInfo;
  /** Decoder choices for this connection (auto-detected one active), to override detection. */
  decoders?: DecoderChoice[];
  onDecoder?(id: string): void;
  /** Set to the details' section, for the panel to move focus there. */
  focusRef?: Ref<HTMLElement>;
  /** Copies a whole value that is shown clipped (see common/clip.ts). */
  onCopy?(text: string): void;
  /** Opens "Serve from log" for this connection (absent: not offered, e.g. a served connection). */
  onServe?(): void;
}

export function ConnectionDetails({ connection: c, decoders, onDecoder, focusRef, onCopy, onServe }: ConnectionDetailsProps) {
  const h = c.handshake;
  // What the page, the server or the browser said is data (marked `data-untranslated`): shown as it came.
  const data = (value: string): [string, true] => [value, true];
  const facts: [string, string | [string, true]][] = [
    [t('col_url'), data(c.url)],
    [t('frameUrl'), data(c.frameUrl)],
    [t('col_state'), t(`state_${c.state}`)],
    [t('protocolsRequested'), data(c.protocolsRequested.join(', ') || '—')],
    [t('protocolNegotiated'), data(c.protocol || '—')],
    [t('col_extensions'), data(c.extensions || '—')],
    [t('created'), formatClock(c.createdAt)],
    [t('col_opened'), c.openedAt !== undefined ? formatClock(c.openedAt) : '—'],
    [t('col_closed'), c.closedAt !== undefined ? formatClock(c.closedAt) : '—'],
    [t('col_close'), c.closeCode !== undefined ? data(`${c.closeCode} ${c.closeReason ?? ''}`.trim()) : '—'],
    [t('wasClean'), c.wasClean === undefined ? '—' : c.wasClean ? t('clean') : t('notClean')],
    [t('col_sent'), `${c.sent.count} / ${formatBytes(c.sent.bytes)}`],
    [t('col_received'), `${c.received.count} / ${formatBytes(c.received.bytes)}`],
  ];
  if (c.context) {
    facts.splice(2, 0, [t('workerContext'), t(`context_${c.context.kind}`)], [t('workerScript'), data(c.context.scriptUrl)]);
  }
  if (h?.requestTime !== undefined) facts.push([t('handshakeSent'), formatClock(h.requestTime)]);
  if (h?.responseTime !== undefined) {
    const took = h.requestTime !== undefined ? ` (${formatDuration(h.responseTime - h.requestTime)})` : '';
    facts.push([t('handshakeAnswered'), `${formatClock(h.responseTime)}${took}`]);
  }
  if (h?.status !== undefined) facts.push([t('status'), data(`${h.status} ${h.statusText ?? ''}`.trim())]);
  if (h?.error) facts.push([t('networkError'), data(h.error)]);
  return (
    <section class="details" aria-label={t('connectionDetails')} ref={focusRef} tabIndex={0}>
      {onServe && (
        <div class="connection-actions">
          <button type="button" data-action="serve-from-log" title={t('serveFromLogTitle')} onClick={onServe}>
            {t('serveFromLog')}
          </button>
        </div>
      )}
      <dl class="facts">
        {facts.map(([name, value]) => [
          <dt key={`${name}-t`}>{name}</dt>,
          <dd key={`${name}-d`}>
            <ClippedText text={typeof value === 'string' ? value : value[0]} data={typeof value !== 'string'} onCopy={onCopy} />
          </dd>,
        ])}
      </dl>
      {/* A dedicated worker's hook holds messages as the frame's does; a shared or service worker serves several pages' bridges, so interception is not passed on to it. */}
      {c.context && c.context.kind !== 'worker' && c.source !== 'imported' && c.capturedBy !== 'debugger' && <p class="note">{t('workerNoHold')}</p>}
      {decoders && decoders.length > 0 && (
        <label class="field">
          <span>{t('decoder')}</span>
          <select aria-label={t('decoder')} value={decoders.find((d) => d.active)?.id} onChange={(e) => onDecoder?.((e.target as HTMLSelectElement).value)}>
            {decoders.map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
      )}
      <HeaderTable title={t('requestHeaders')} headers={h?.requestHeaders} onCopy={onCopy} />
      <HeaderTable title={t('responseHeaders')} headers={h?.responseHeaders} onCopy={onCopy} />
      <h3 class="section-title">{t('initiator')}</h3>
      <pre class="payload" aria-label={t('initiator')}>
        <ClippedText text={c.initiator || '—'} onCopy={onCopy} data />
      </pre>
    </section>
  );
}

function HeaderTable({ title, headers, onCopy }: { title: string; headers?: HttpHeader[]; onCopy?(text: string): void }) {
  return (
    <>
      <h3 class="section-title">{title}</h3>
      {headers?.length ? (
        <table class="headers" aria-label={title}>
          <tbody>
            {headers.map((header, i) => (
              <tr key={i}>
                <th scope="row">
                  <ClippedText text={header.name} onCopy={onCopy} data />
                </th>
                <td>
                  <ClippedText text={header.value} onCopy={onCopy} data />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <div class="empty">{t('noHeaders')}</div>
      )}
    </>
  );
}
