/** Details of the selected message: its facts and its whole payload (text/JSON or hex dump). */
import { useMemo } from 'preact/hooks';
import type { ConnectionInfo, MessageRecord } from '../../model/types';
import { hexDump } from '../../model/bytes';
import { connectionStart, directionLabel, formatClock, formatRelative } from '../format';
import { payloadBytes, textView } from '../payload';
import { t } from '../i18n';

/** The hex view renders at most this many bytes at once so that big payloads open at once. */
export const HEX_VIEW_LIMIT = 64 * 1024;

export interface MessageDetailsProps {
  message?: MessageRecord;
  connection?: ConnectionInfo;
}

export function MessageDetails({ message, connection }: MessageDetailsProps) {
  if (!message) {
    return (
      <section class="details" aria-label={t('messageDetails')}>
        <div class="empty">{t('selectMessage')}</div>
      </section>
    );
  }
  const start = connectionStart(connection);
  return (
    <section class="details" aria-label={t('messageDetails')}>
      <dl class="facts">
        <dt>{t('col_direction')}</dt>
        <dd data-field="direction">{t(directionLabel(message))}</dd>
        <dt>{t('col_time')}</dt>
        <dd data-field="time">
          {formatClock(message.time)} {start !== undefined ? `(${formatRelative(message.time - start)})` : ''}
        </dd>
        <dt>{t('col_size')}</dt>
        <dd data-field="size">{message.size} B</dd>
        <dt>{t('col_type')}</dt>
        <dd data-field="type">
          {message.opcode === 1 ? t('text') : t('binary')}
          {message.truncated ? ` · ${t('truncatedNote')}` : ''}
          {message.discarded ? ` · ${t('discardedNote')}` : ''}
        </dd>
      </dl>
      <Payload message={message} />
    </section>
  );
}

function Payload({ message }: { message: MessageRecord }) {
  const view = useMemo(() => {
    if (message.opcode === 1) return { label: t('payload'), ...textView(message.text ?? '') };
    let bytes: Uint8Array;
    try {
      bytes = payloadBytes(message);
    } catch (error) {
      return { label: t('payload'), kind: 'text' as const, text: String(error) };
    }
    const shown = bytes.subarray(0, HEX_VIEW_LIMIT);
    const more = bytes.length > shown.length ? `\n… ${t('hexMore', [String(bytes.length - shown.length)])}` : '';
    return { label: t('hexDump'), kind: 'hex' as const, text: hexDump(shown) + more };
  }, [message]);
  return (
    <pre class={`payload payload-${view.kind}`} aria-label={view.label} tabIndex={0}>
      {view.text}
    </pre>
  );
}
