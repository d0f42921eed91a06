/**
 * From a connection in the store to a ServeScript or an exported Playwright test: the panel's
 * side of "Serve from log". Works for connections of this session and of imported logs alike;
 * the messages are collected in slices (sessionFromStore) so a long connection does not freeze
 * the panel.
 */
import type { ServeMatch, ServeScript } from '../../protocol/serve';
import { createServeScript } from '../../serve/script';
import { createPlaywrightTest, playwrightTestFileName } from '../../serve/playwright-export';
import { sessionFromStore } from '../logs/session';
import type { PanelStore } from './store';

export interface ServeChoices {
  pattern: string;
  mode: ServeScript['mode'];
  speed: number;
  match: ServeMatch;
}

/** The speeds offered for timed mode (0 = as fast as possible). */
export const SERVE_SPEEDS = [0.5, 1, 2, 0] as const;

let counter = 0;

/** An id unique in this panel (the router keys servings by it). */
export function newServeId(now = Date.now()): string {
  counter++;
  return `serve-${now.toString(36)}-${counter}`;
}

export async function buildServeScript(store: PanelStore, connId: string, choices: ServeChoices, id = newServeId()): Promise<ServeScript | undefined> {
  const connection = store.connection(connId);
  if (!connection) return undefined;
  const session = await sessionFromStore(store, { kind: 'connections', ids: [connId] });
  const label = connection.source === 'imported' ? `${connection.url} (imported)` : connection.url;
  return createServeScript(connection, session.messages, { id, label, ...choices });
}

export async function buildPlaywrightExport(store: PanelStore, connId: string, choices: ServeChoices): Promise<{ text: string; fileName: string } | undefined> {
  const script = await buildServeScript(store, connId, choices, 'export');
  const connection = store.connection(connId);
  if (!script || !connection) return undefined;
  return { text: createPlaywrightTest(script, { pageUrl: connection.frameUrl || connection.url }), fileName: playwrightTestFileName(connection.url) };
}
