/**
 * DevTools' search bar reaches the panel as window messages from the DevTools page
 * (extension/devtools/devtools.ts), which only an extension page of the same origin can send.
 */
import type { HostSearch, HostSearchAction } from '../../src/panel/environment';

export const HOST_SEARCH_MESSAGE = 'frameline.hostSearch';

export interface HostSearchMessage {
  type: typeof HOST_SEARCH_MESSAGE;
  action: string;
  query?: string;
}

const ACTIONS: readonly string[] = ['performSearch', 'nextSearchResult', 'previousSearchResult', 'cancelSearch'] satisfies HostSearchAction[];

function isHostSearchMessage(data: unknown): data is HostSearchMessage {
  const m = data as Partial<HostSearchMessage> | null;
  return typeof m === 'object' && m !== null && m.type === HOST_SEARCH_MESSAGE && typeof m.action === 'string' && ACTIONS.includes(m.action) && (m.query === undefined || typeof m.query === 'string');
}

export function createWindowHostSearch(target: Window = window): HostSearch {
  return {
    listen(onSearch) {
      const onMessage = (event: MessageEvent) => {
        if (event.origin !== location.origin || !isHostSearchMessage(event.data)) return;
        onSearch(event.data.action as HostSearchAction, event.data.query);
      };
      target.addEventListener('message', onMessage);
      return () => target.removeEventListener('message', onMessage);
    },
  };
}
