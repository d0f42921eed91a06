/** The panel: toolbar, connections, messages and details. Same component in DevTools, a tab and the viewer. */
import { useMemo, useState } from 'preact/hooks';
import type { MessageRecord } from '../../model/types';
import type { PanelStore } from '../store';
import { useStoreState } from '../use-store';
import { previewOf } from '../format';
import { t } from '../i18n';
import { Toolbar } from './Toolbar';
import { ConnectionList } from './ConnectionList';
import { MessageList } from './MessageList';
import { MessageDetails } from './MessageDetails';
import { ConnectionDetails } from './ConnectionDetails';

export interface AppProps {
  store: PanelStore;
  /** Called on Clear, after the store is cleared (the live panel also clears the pages' histories). */
  onClear?(): void;
  /** Shown in place of the message list when nothing is attached (viewer). */
  notice?: string;
}

export function App({ store, onClear, notice }: AppProps) {
  const state = useStoreState(store);
  const [selectedConnId, setSelectedConnId] = useState<string | undefined>();
  const [selectedMessage, setSelectedMessage] = useState<MessageRecord | undefined>();
  const [filter, setFilter] = useState('');

  const selectedConnection = selectedConnId ? store.connection(selectedConnId) : undefined;
  const scope = selectedConnId ? store.messagesOf(selectedConnId) : state.messages;
  const scopeLength = scope.length;
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    if (!needle) return scope;
    return scope.filter((m) => (m.opcode === 1 ? (m.text ?? '') : previewOf(m)).toLowerCase().includes(needle));
    // scope grows in place; its length is the change signal.
  }, [scope, scopeLength, filter, store.version]);

  return (
    <div class="app">
      <Toolbar
        paused={state.paused}
        filter={filter}
        shown={shown.length}
        total={scopeLength}
        dropped={state.droppedByPages}
        onPause={(paused) => store.setPaused(paused)}
        onClear={() => {
          store.clear();
          setSelectedMessage(undefined);
          onClear?.();
        }}
        onFilter={setFilter}
      />
      {state.problem && (
        <div class="problem" role="alert">
          {state.problem}
        </div>
      )}
      {notice && <div class="notice">{notice}</div>}
      <ConnectionList
        connections={state.connections}
        selectedId={selectedConnId}
        onSelect={(id) => {
          setSelectedConnId(id);
          setSelectedMessage(undefined);
        }}
      />
      <div class="split">
        <MessageList messages={shown} connectionOf={store.connection} selected={selectedMessage} onSelect={setSelectedMessage} />
        {!selectedMessage && selectedConnection ? (
          <ConnectionDetails connection={selectedConnection} />
        ) : (
          <MessageDetails message={selectedMessage} connection={selectedMessage ? store.connection(selectedMessage.connId) : undefined} />
        )}
      </div>
      <div class="status">{t('workersNotCaptured')}</div>
    </div>
  );
}
