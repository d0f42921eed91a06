/**
 * Whether the panel can act on a connection (replay, edit and send, compose): only with a live
 * page to act through, and never on an imported connection (its socket is not in any page).
 */
import type { LivePage } from '../environment';
import type { PanelStore } from './store';

export function canActOn(store: PanelStore, page: LivePage | undefined, connId: string): page is LivePage {
  return page !== undefined && store.connection(connId)?.source !== 'imported';
}
