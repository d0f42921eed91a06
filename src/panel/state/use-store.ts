/** Preact glue for the store and its views. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { PanelState, PanelStore } from './store';
import { createMessageView, type MessageView, type ViewCriteria } from './message-view';

/** Re-renders the component when the store changes (the store already coalesces per frame). */
export function useStoreState(store: PanelStore): PanelState {
  const [, setVersion] = useState(store.version);
  useEffect(() => {
    setVersion(store.version); // catch up with changes made between render and subscription
    return store.subscribe(() => setVersion(store.version));
  }, [store]);
  return store.getState();
}

/**
 * A message view following the store and `criteria`. Returns the view and its error (a query that
 * throws while filtering, e.g. a pathological regex) for the filter bar.
 */
export function useMessageView(store: PanelStore, criteria: ViewCriteria): { view: MessageView; pending: boolean } {
  const [, rerender] = useState(0);
  const view = useMemo(() => createMessageView(store.table, store.rowAt, () => rerender((n) => n + 1)), [store]);
  useEffect(() => {
    void view.setCriteria(criteria).catch(() => {
      /* aborted by a newer criteria change */
    });
    rerender((n) => n + 1);
  }, [view, criteria]);
  view.refresh();
  return { view, pending: view.pending };
}
