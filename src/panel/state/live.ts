/**
 * Whether the panel can act on a connection (replay, edit and send, compose): only with a live
 * page to act through, and never on an imported connection (its socket is not in any page) nor on
 * a worker's socket watched through Chrome's debugger (Deep capture: CDP can watch it, not act on it).
 */
import type { LivePage } from '../environment';
import type { PanelStore } from './store';

export function canActOn(store: PanelStore, page: LivePage | undefined, connId: string): page is LivePage {
  const connection = store.connection(connId);
  return page !== undefined && connection?.source !== 'imported' && connection?.capturedBy !== 'debugger';
}
