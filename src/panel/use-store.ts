/** Re-renders a component when the store changes (the store already coalesces per frame). */
import { useEffect, useState } from 'preact/hooks';
import type { PanelState, PanelStore } from './store';

export function useStoreState(store: PanelStore): PanelState {
  const [, setVersion] = useState(store.version);
  useEffect(() => store.subscribe(() => setVersion(store.version)), [store]);
  return store.getState();
}
