/**
 * The right-hand column: what acts on the selection (Replay several, the Intercept pane), the
 * details of the selected message or connection, the composer of a live connection, and the
 * host's extras. "Edit" on a message puts it in the composer, so the column owns what the
 * composer is given.
 */
import type { ComponentChildren, Ref } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import type { MessageRecord } from '../../protocol/records';
import { isControlEvent } from '../../query/types';
import { editorTextOf, type ComposerMode } from '../../intercept/composer';
import { replayCommandOf } from '../../intercept/replay';
import type { PanelStore } from '../state/store';
import type { SelectionState } from '../state/use-selection';
import { canActOn } from '../state/live';
import { commandFailureText } from '../common/command-failure';
import { t } from '../common/i18n';
import type { DecoderSupport } from '../decoding/types';
import type { LivePage } from '../environment';
import { MessageDetails } from './MessageDetails';
import { ConnectionDetails } from '../connections/ConnectionDetails';
import { Composer } from '../composer/Composer';
import { ReplayBar } from '../replay/ReplayBar';

export interface DetailsColumnProps {
  store: PanelStore;
  selection: SelectionState;
  decoders: DecoderSupport;
  page?: LivePage;
  /** Origin of the inspected page (snippets are saved per origin). */
  origin?: string;
  onCopy(text: string): void;
  /** Set to the details' section (the panel focuses it when a row is opened). */
  focusRef?: Ref<HTMLElement>;
  /** Shown above the details (the Intercept pane). */
  top?: ComponentChildren;
  /** Extra panes under the details. */
  extra?(selection: { connectionIds: string[]; message?: MessageRecord }): ComponentChildren;
  /** "Serve from log" for the selected connection (its details offer it). */
  onServe?(connId: string): void;
}

export function DetailsColumn({ store, selection, decoders, page, origin, onCopy, focusRef, top, extra, onServe }: DetailsColumnProps) {
  const [composerPreset, setComposerPreset] = useState<{ mode: ComposerMode; text: string; nonce: number } | undefined>();
  const snippets = useMemo(() => (origin && page?.snippetsFor ? page.snippetsFor(origin) : undefined), [origin, page?.snippetsFor]);

  const { row } = selection;
  const selectedRow = row !== undefined && store.table.has(row) ? store.rowAt(row) : undefined;
  const message = selectedRow && !isControlEvent(selectedRow) ? selectedRow : undefined;
  const single = selection.connections.size === 1 ? store.connection([...selection.connections][0]) : undefined;
  const picked = page && selection.picked.length > 1 ? selection.picked.filter((id) => store.table.has(id)).map((id) => store.rowAt(id)).filter((r): r is MessageRecord => !isControlEvent(r) && canActOn(store, page, r.connId)) : [];

  function edit(message: MessageRecord): void {
    const text = editorTextOf(message);
    selection.onlyConnection(message.connId);
    setComposerPreset({ mode: message.opcode === 1 ? 'text' : 'hex', text: text.ok ? text.text : '', nonce: Date.now() });
  }

  return (
    <div class="details-column">
      {page && selection.picked.length > 1 && <ReplayBar messages={picked} command={page.command} onDone={(problem) => store.setProblem(problem)} />}
      {top}
      {message ? (
        <MessageDetails
          message={message}
          connection={store.connection(message.connId)}
          decoded={decoders.decodedOf(row!, message)}
          onCopy={onCopy}
          onJump={selection.showRow}
          onReplay={canActOn(store, page, message.connId) ? () => void page.command(replayCommandOf(message)).then((o) => !o.ok && store.setProblem(commandFailureText(o))) : undefined}
          onEdit={canActOn(store, page, message.connId) ? () => edit(message) : undefined}
          focusRef={focusRef}
        />
      ) : single ? (
        <ConnectionDetails
          connection={single}
          decoders={decoders.choicesFor?.(single.id)}
          onDecoder={(d) => decoders.choose?.(single.id, d)}
          focusRef={focusRef}
          onCopy={onCopy}
          onServe={onServe && single.served === undefined ? () => onServe(single.id) : undefined}
        />
      ) : (
        <MessageDetails onCopy={onCopy} focusRef={focusRef} />
      )}
      {single?.capturedBy === 'debugger' && page && (
        // Where the composer would be: why there is none (nor Replay, Edit, breakpoints) for this socket.
        <p class="notice debugger-only" role="note">
          {t('commandDebuggerCapture')}
        </p>
      )}
      {single && canActOn(store, page, single.id) && <Composer connection={single} onCommand={page.command} preset={composerPreset} snippets={snippets} />}
      {extra?.({ connectionIds: [...selection.connections], message })}
    </div>
  );
}
