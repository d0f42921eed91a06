/**
 * Turns `webRequest` events of WebSocket upgrades into handshake events for the bridge of the
 * frame that made the request, keeping the credential headers back in the vault
 * (`handshake-credentials.ts`): the page's process never receives them. The extension's
 * `handshake-observer.ts` registers the listeners and feeds them here.
 */
import type { HandshakeEvent } from '../protocol/messages';
import type { HttpHeader } from '../protocol/records';
import { splitCredentials, type CredentialVault } from './handshake-credentials';

/** What the relay reads of a webRequest event (the same fields in Chrome and Firefox). */
export interface UpgradeDetails {
  tabId: number;
  frameId: number;
  requestId: string;
  url: string;
  timeStamp: number;
  requestHeaders?: HttpHeader[];
  responseHeaders?: HttpHeader[];
  statusCode?: number;
  statusLine?: string;
  error?: string;
}

export interface HandshakeRelay {
  request(details: UpgradeDetails): void;
  response(details: UpgradeDetails): void;
  error(details: UpgradeDetails): void;
}

export function createHandshakeRelay(options: {
  vault: CredentialVault;
  /** Delivers an event to one frame's bridge. */
  send(tabId: number, frameId: number, event: HandshakeEvent): void;
}): HandshakeRelay {
  const { vault } = options;

  function relay(details: UpgradeDetails, event: HandshakeEvent): void {
    // Not from a tab (a worker of the extension itself, say): no bridge to tell.
    if (details.tabId < 0) return;
    options.send(details.tabId, details.frameId, event);
  }

  function headersFor(details: UpgradeDetails, phase: 'request' | 'response', headers: HttpHeader[] | undefined): HttpHeader[] {
    const { kept, held } = splitCredentials(headers ?? []);
    if (details.tabId >= 0) vault.keep(details.tabId, details.requestId, phase, held);
    return kept;
  }

  return {
    request(details) {
      const headers = headersFor(details, 'request', details.requestHeaders);
      relay(details, { requestId: details.requestId, url: details.url, phase: 'request', time: details.timeStamp, headers });
    },
    response(details) {
      const headers = headersFor(details, 'response', details.responseHeaders);
      relay(details, {
        requestId: details.requestId,
        url: details.url,
        phase: 'response',
        time: details.timeStamp,
        headers,
        status: details.statusCode,
        statusText: (details.statusLine ?? '').replace(/^HTTP\/[\d.]+ \d+ ?/, ''),
      });
    },
    error(details) {
      relay(details, { requestId: details.requestId, url: details.url, phase: 'error', time: details.timeStamp, error: details.error });
    },
  };
}
