/**
 * Credentials of WebSocket upgrades stay in the extension. `webRequest` shows the background the
 * upgrade's `Cookie`, `Set-Cookie`, `Authorization` and `Proxy-Authorization` headers; the page's
 * content script (which runs in the page's own renderer process and keeps a history even when no
 * DevTools is open) gets the handshake without them. The background keeps them here, by tab and
 * request id, and the router puts them back into a connection only on its way to a panel.
 *
 * Headers keep their position: each held header remembers its index in the original list, so the
 * panel shows the list exactly as the browser sent it.
 */
import type { ConnectionInfo, HttpHeader } from '../protocol/records';

/** Lower-case names of the headers that never reach a page's process. */
export const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['cookie', 'set-cookie', 'authorization', 'proxy-authorization']);

export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADERS.has(name.toLowerCase());
}

/** A header taken out of a list, with the index it had there. */
export interface HeldHeader extends HttpHeader {
  index: number;
}

/** The credential headers of one upgrade, per direction. */
export interface HandshakeCredentials {
  request?: HeldHeader[];
  response?: HeldHeader[];
}

/** Splits a header list into what may go to the page's process and the credentials held back. */
export function splitCredentials(headers: readonly HttpHeader[]): { kept: HttpHeader[]; held: HeldHeader[] } {
  const kept: HttpHeader[] = [];
  const held: HeldHeader[] = [];
  headers.forEach((header, index) => {
    if (isCredentialHeader(header.name)) held.push({ index, name: header.name, value: header.value });
    else kept.push(header);
  });
  return { kept, held };
}

/** Puts held headers back at their original positions. */
export function restoreCredentials(kept: readonly HttpHeader[], held: readonly HeldHeader[] | undefined): HttpHeader[] {
  if (!held?.length) return [...kept];
  const out: HttpHeader[] = [];
  let k = 0;
  const byIndex = [...held].sort((a, b) => a.index - b.index);
  for (const header of byIndex) {
    while (out.length < header.index && k < kept.length) out.push(kept[k++]);
    out.push({ name: header.name, value: header.value });
  }
  while (k < kept.length) out.push(kept[k++]);
  return out;
}

/**
 * A copy of `info` with its credentials put back, or `info` itself when it has none to add
 * (connections are forwarded as they are in the common case: no copy per batch).
 */
export function withCredentials(info: ConnectionInfo, credentials: HandshakeCredentials | undefined): ConnectionInfo {
  const handshake = info.handshake;
  if (!handshake || !credentials || (!credentials.request?.length && !credentials.response?.length)) return info;
  return {
    ...info,
    handshake: {
      ...handshake,
      ...(handshake.requestHeaders && credentials.request?.length ? { requestHeaders: restoreCredentials(handshake.requestHeaders, credentials.request) } : {}),
      ...(handshake.responseHeaders && credentials.response?.length ? { responseHeaders: restoreCredentials(handshake.responseHeaders, credentials.response) } : {}),
    },
  };
}

export interface CredentialVault {
  keep(tabId: number, requestId: string, phase: 'request' | 'response', held: HeldHeader[]): void;
  lookup(tabId: number, requestId: string): HandshakeCredentials | undefined;
  /** The tab closed: its credentials go with it. */
  forgetTab(tabId: number): void;
  /** Everything held, to persist across a background restart (extension-only session storage). */
  toJSON(): VaultEntries;
  /** Takes back what `toJSON` gave (entries already known win). */
  restore(entries: unknown): void;
}

export type VaultEntries = [tabId: number, requestId: string, credentials: HandshakeCredentials][];

/** Upgrades remembered per tab: a page that reconnects forever must not grow the vault forever. */
export const MAX_UPGRADES_PER_TAB = 500;

export function createCredentialVault(options: { maxPerTab?: number; onChange?: () => void } = {}): CredentialVault {
  const maxPerTab = options.maxPerTab ?? MAX_UPGRADES_PER_TAB;
  const byTab = new Map<number, Map<string, HandshakeCredentials>>();

  function tab(tabId: number): Map<string, HandshakeCredentials> {
    let requests = byTab.get(tabId);
    if (!requests) byTab.set(tabId, (requests = new Map()));
    return requests;
  }

  function put(tabId: number, requestId: string, credentials: HandshakeCredentials): void {
    const requests = tab(tabId);
    requests.set(requestId, credentials);
    // Maps iterate in insertion order: the first key is the oldest upgrade.
    while (requests.size > maxPerTab) requests.delete(requests.keys().next().value as string);
  }

  return {
    keep(tabId, requestId, phase, held) {
      if (!held.length) return;
      const current = byTab.get(tabId)?.get(requestId) ?? {};
      put(tabId, requestId, { ...current, [phase]: held });
      options.onChange?.();
    },
    lookup: (tabId, requestId) => byTab.get(tabId)?.get(requestId),
    forgetTab(tabId) {
      if (byTab.delete(tabId)) options.onChange?.();
    },
    toJSON() {
      const entries: VaultEntries = [];
      for (const [tabId, requests] of byTab) for (const [requestId, credentials] of requests) entries.push([tabId, requestId, credentials]);
      return entries;
    },
    restore(entries) {
      if (!Array.isArray(entries)) return;
      for (const entry of entries) {
        if (!Array.isArray(entry) || typeof entry[0] !== 'number' || typeof entry[1] !== 'string' || !isCredentials(entry[2])) continue;
        if (!byTab.get(entry[0])?.has(entry[1])) put(entry[0], entry[1], entry[2]);
      }
    },
  };
}

const isHeldList = (value: unknown): value is HeldHeader[] =>
  Array.isArray(value) && value.every((h) => typeof h === 'object' && h !== null && typeof h.name === 'string' && typeof h.value === 'string' && Number.isInteger(h.index));

function isCredentials(value: unknown): value is HandshakeCredentials {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return (c.request === undefined || isHeldList(c.request)) && (c.response === undefined || isHeldList(c.response));
}
