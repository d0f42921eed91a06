/**
 * Details of the selected message: its facts, its payload in several views (Text with JSON
 * pretty-printed, JSON tree, Hex, Base64, UTF-8, Decoded) and "Copy as" actions. Views render at
 * most a bounded prefix until asked for more, and never more than a ceiling (PAYLOAD_SHOW_MAX,
 * HEX_SHOW_MAX): past it, the "Copy as" actions have the whole payload. So a 32 MiB payload
 * opens without freezing, and "Show all" cannot freeze the panel either.
 */
import type { Ref } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ConnectionInfo, MessageRecord } from '../../protocol/records';
import { formatBytes, hexDump } from '../../lib/bytes';
import { connectionStart, directionLabel, formatClock, formatRelative } from '../common/format';
import { chunksOf, FORMAT_MAX_CHARS, payloadBytes, payloadHead, textView } from './payload-view';
import { copyAsBase64, copyAsHex, copyAsSendCall, copyAsText, copyAsWebsocat } from './copy-formats';
import { t } from '../common/i18n';
import { JsonTree } from './JsonTree';
import type { DecodedView } from '../decoding/types';
import { clipForDisplay } from '../common/clip';
import { ClippedText } from '../common/ClippedText';

/** Characters (text views) or bytes (hex) rendered before "Show all". */
export const VIEW_LIMIT = 256 * 1024;
export const HEX_VIEW_LIMIT = 64 * 1024;
/** Most characters a text view ever renders (laying out more blocks the panel for seconds). */
export const PAYLOAD_SHOW_MAX = 8 * 1024 * 1024;
/** Most bytes the hex view ever dumps (about 5 M characters). */
export const HEX_SHOW_MAX = 1024 * 1024;

export interface MessageDetailsProps {
  message?: MessageRecord;
  connection?: ConnectionInfo;
  decoded?: DecodedView;
  onCopy(text: string): void;
  onJump?(rowId: number): void;
  /** Resend as it was (live connections only). */
  onReplay?(): void;
  /** Open in the composer to edit first. */
  onEdit?(): void;
  /** Set to the details' section, for the panel to move focus there ("open" a row). */
  focusRef?: Ref<HTMLElement>;
}

type Tab = 'text' | 'json' | 'hex' | 'base64' | 'utf8' | 'decoded';

export function MessageDetails({ message, connection, decoded, onCopy, onJump, onReplay, onEdit, focusRef }: MessageDetailsProps) {
  const [tab, setTab] = useState<Tab | undefined>();
  const json = useMemo(() => (message?.opcode === 1 ? textView(message.text ?? '') : undefined), [message]);
  if (!message) {
    return (
      <section class="details" aria-label={t('messageDetails')} ref={focusRef} tabIndex={0}>
        <div class="empty">{t('selectMessage')}</div>
      </section>
    );
  }
  const tabs: Tab[] = message.opcode === 1 ? ['text', ...(json?.kind === 'json' ? (['json'] as Tab[]) : []), 'hex'] : ['hex', 'base64', 'utf8'];
  if (decoded) tabs.push('decoded');
  const active = tab && tabs.includes(tab) ? tab : tabs[0];
  const start = connectionStart(connection);
  return (
    <section class="details" aria-label={t('messageDetails')} ref={focusRef} tabIndex={0}>
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
        {(message.injected || message.replayed || message.edited || message.rule) && [
          <dt key="mt">{t('marks')}</dt>,
          <dd key="md" data-field="marks">
            {clipForDisplay([message.injected && t('markInjected'), message.replayed && t('markReplayed'), message.edited && t('markEdited'), message.rule && t('markRule', [message.rule])].filter(Boolean).join(' · '))}
          </dd>,
        ]}
      </dl>
      {(onReplay || onEdit) && (
        <div class="actions">
          {onReplay && (
            <button type="button" class="secondary-button" aria-label={t('replay')} title={message.dir === 'send' ? t('replaySendTitle') : t('replayDeliverTitle')} onClick={onReplay}>
              {t('replay')}
            </button>
          )}
          {onEdit && (
            <button type="button" class="secondary-button" onClick={onEdit}>
              {t('editAndSend')}
            </button>
          )}
        </div>
      )}
      {/* The tablist holds only the views; "Copy as" actions are buttons beside it, not tabs. */}
      <div class="tabs">
        <div class="tab-list" role="tablist" aria-label={t('payloadViews')} onKeyDown={(event) => moveTab(event, tabs, active, setTab)}>
          {tabs.map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              id={`payload-tab-${name}`}
              aria-selected={name === active}
              aria-controls="payload-tabpanel"
              tabIndex={name === active ? 0 : -1}
              class={name === active ? 'tab active' : 'tab'}
              onClick={() => setTab(name)}
            >
              {t(`view_${name}`)}
            </button>
          ))}
        </div>
        <CopyMenu message={message} connection={connection} onCopy={onCopy} />
      </div>
      <div role="tabpanel" id="payload-tabpanel" class="tab-body" aria-labelledby={`payload-tab-${active}`}>
        {active === 'text' && json?.kind === 'text' && json.tooLargeToFormat && (
          <div class="hint" role="note">
            {t('tooLargeToDecode', [formatBytes(json.text.length), formatBytes(FORMAT_MAX_CHARS)])}
          </div>
        )}
        {active === 'text' && <BoundedPre kind={json?.kind === 'json' ? 'json' : 'text'} label={t('payload')} text={json?.text ?? ''} />}
        {active === 'json' && json?.kind === 'json' && <JsonTree value={json.value} onCopy={onCopy} />}
        {active === 'hex' && <HexView message={message} />}
        {active === 'base64' && <BoundedPre kind="text" label={t('view_base64')} text={message.base64 ?? ''} />}
        {active === 'utf8' && <Utf8View message={message} />}
        {active === 'decoded' && decoded && <Decoded decoded={decoded} onCopy={onCopy} onJump={onJump} />}
      </div>
    </section>
  );
}

/**
 * Tabs are one Tab stop (the active one); Left/Right/Home/End pick another view and focus it,
 * as ARIA's tabs pattern with automatic activation does.
 */
function moveTab(event: KeyboardEvent, tabs: Tab[], active: Tab, setTab: (tab: Tab) => void): void {
  const at = tabs.indexOf(active);
  const last = tabs.length - 1;
  const moves: Record<string, number> = { ArrowRight: at === last ? 0 : at + 1, ArrowLeft: at === 0 ? last : at - 1, Home: 0, End: last };
  const next = moves[event.key];
  if (next === undefined) return;
  event.preventDefault();
  setTab(tabs[next]);
  const list = event.currentTarget as HTMLElement;
  // The chosen tab exists already (only its state changes), so it can take focus now.
  list.querySelector<HTMLElement>(`#payload-tab-${tabs[next]}`)?.focus();
}

/** A binary payload read as UTF-8, decoded once per message (not at every render). */
function Utf8View({ message }: { message: MessageRecord }) {
  const text = useMemo(() => {
    try {
      return new TextDecoder().decode(payloadBytes(message));
    } catch (error) {
      return String(error);
    }
  }, [message]);
  return <BoundedPre kind="text" label={t('view_utf8')} text={text} />;
}

function BoundedPre({ text, kind, label }: { text: string; kind: 'json' | 'text' | 'hex'; label: string }) {
  const [limit, setLimit] = useState(VIEW_LIMIT);
  const shown = text.length <= limit ? text : text.slice(0, limit);
  const rest = text.length - shown.length;
  return (
    <>
      <pre class={`payload payload-${kind}`} aria-label={label} tabIndex={0} data-untranslated>
        <Chunks text={shown} />
      </pre>
      {rest > 0 && text.length <= PAYLOAD_SHOW_MAX && (
        <button type="button" class="link more" onClick={() => setLimit(text.length)}>
          {t('showAll', [String(rest)])}
        </button>
      )}
      {rest > 0 && text.length > PAYLOAD_SHOW_MAX && limit < PAYLOAD_SHOW_MAX && (
        <button type="button" class="link more" onClick={() => setLimit(PAYLOAD_SHOW_MAX)}>
          {t('showFirst', [String(PAYLOAD_SHOW_MAX), String(text.length)])}
        </button>
      )}
      {rest > 0 && limit >= PAYLOAD_SHOW_MAX && (
        <div class="hint" role="note">
          {t('charsNotShown', [String(rest)])}
        </div>
      )}
    </>
  );
}

/** A payload's text in blocks the browser lays out only when on screen (see `chunksOf`). */
function Chunks({ text }: { text: string }) {
  const chunks = useMemo(() => chunksOf(text), [text]);
  if (chunks.length === 1) return <>{text}</>;
  return (
    <>
      {chunks.map((chunk, i) => (
        <span key={i} class="payload-chunk">
          {chunk}
        </span>
      ))}
    </>
  );
}

function HexView({ message }: { message: MessageRecord }) {
  const [limit, setLimit] = useState(HEX_VIEW_LIMIT);
  const dump = useMemo(() => {
    try {
      const { bytes, total } = payloadHead(message, limit);
      return { text: hexDump(bytes), rest: Math.max(0, total - bytes.length) };
    } catch (error) {
      return { text: String(error), rest: 0 };
    }
  }, [message, limit]);
  return (
    <>
      <pre class="payload payload-hex" aria-label={t('hexDump')} tabIndex={0} data-untranslated>
        <Chunks text={dump.text} />
      </pre>
      {dump.rest > 0 && limit < HEX_SHOW_MAX && (
        <button type="button" class="link more" onClick={() => setLimit(HEX_SHOW_MAX)}>
          {t('hexMore', [String(dump.rest)])}
        </button>
      )}
      {dump.rest > 0 && limit >= HEX_SHOW_MAX && (
        <div class="hint" role="note">
          {t('bytesNotShown', [String(dump.rest)])}
        </div>
      )}
    </>
  );
}

function Decoded({ decoded, onCopy, onJump }: { decoded: DecodedView; onCopy(text: string): void; onJump?(rowId: number): void }) {
  return (
    <div class="decoded" aria-label={t('view_decoded')}>
      {decoded.error ? (
        <div class="problem" role="status">
          {/* The decoder's own words about the protocol are data, after the panel's sentence. */}
          {t('decodeError', [decoded.protocol, ''])}
          <span data-untranslated>{clipForDisplay(decoded.error)}</span>
        </div>
      ) : (
        <dl class="facts">
          <dt>{t('protocol')}</dt>
          <dd data-field="protocol" data-untranslated>
            {clipForDisplay(decoded.protocol)}
          </dd>
          {decoded.type && [
            <dt key="tt">{t('packetType')}</dt>,
            <dd key="td" data-field="packet-type">
              <ClippedText text={decoded.type} onCopy={onCopy} data />
            </dd>,
          ]}
          {/* Field names and values are the protocol's own terms and data. */}
          {Object.entries(decoded.fields ?? {}).map(([name, value]) => [
            <dt key={`${name}-t`} data-untranslated>
              {clipForDisplay(name)}
            </dt>,
            <dd key={`${name}-d`} data-field={clipForDisplay(`decoded-${name}`)}>
              <ClippedText text={String(value)} onCopy={onCopy} data />
            </dd>,
          ])}
          {decoded.pair && [
            <dt key="pt">{t('pairedWith')}</dt>,
            <dd key="pd">
              <button type="button" class="link" onClick={() => onJump?.(decoded.pair!.rowId)} data-untranslated>
                {clipForDisplay(decoded.pair.label)}
              </button>
              {decoded.pair.rttMs !== undefined ? ` · ${t('roundTrip', [decoded.pair.rttMs.toFixed(1)])}` : ''}
            </dd>,
          ]}
        </dl>
      )}
      {decoded.payload !== undefined && <JsonTree value={decoded.payload} onCopy={onCopy} />}
    </div>
  );
}

/**
 * "Copy as": one button and a menu of formats, so a narrow details pane keeps its lines for the
 * payload. The menu stays mounted while closed (hidden), like the toolbar's.
 */
function CopyMenu({ message, connection, onCopy }: { message: MessageRecord; connection?: ConnectionInfo; onCopy(text: string): void }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const formats: [string, () => string][] = [
    ['copyText', () => copyAsText(message)],
    ['copyBase64', () => (message.opcode === 2 ? (message.base64 ?? '') : copyAsBase64(message))],
    ['copyHex', () => copyAsHex(message)],
    ['copySend', () => copyAsSendCall(message)],
    ['copyWebsocat', () => copyAsWebsocat(message, connection)],
  ];
  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const outside = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside, true);
    return () => document.removeEventListener('pointerdown', outside, true);
  }, [open]);
  function onKeyDown(e: KeyboardEvent): void {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      setOpen(false);
      button.current?.focus();
    } else if (e.key === 'Tab') return setOpen(false);
    else if (e.key === 'ArrowDown') items[(at + 1) % items.length]?.focus();
    else if (e.key === 'ArrowUp') items[(at - 1 + items.length) % items.length]?.focus();
    else return;
    e.preventDefault();
    e.stopPropagation();
  }
  const rect = button.current?.getBoundingClientRect();
  return (
    <span class="copy-menu">
      <button ref={button} type="button" class="link copy-as" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('copyAs')} ▾
      </button>
      <div
        ref={menu}
        class="popup-menu"
        role="menu"
        aria-label={t('copyAs')}
        hidden={!open}
        style={{ right: `${rect ? Math.max(0, window.innerWidth - rect.right) : 0}px`, top: `${rect ? rect.bottom : 0}px` }}
        onKeyDown={onKeyDown}
      >
        {formats.map(([key, make]) => (
          <button
            key={key}
            type="button"
            role="menuitem"
            tabIndex={-1}
            onClick={() => {
              setOpen(false);
              onCopy(make());
            }}
          >
            {t(key)}
          </button>
        ))}
      </div>
    </span>
  );
}
