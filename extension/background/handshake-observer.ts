/**
 * Watches WebSocket upgrades through `webRequest` (the only place the real request and response
 * headers, status 101 and cookies are visible) and hands each phase to the bridge of the frame
 * that made the request, which joins it to the page's connection. Credential headers (cookies,
 * authorization) are kept back in the background (src/background/handshake-credentials.ts) and
 * never reach the page's process; the router adds them for panels.
 *
 * The vault is mirrored into `storage.session` (extension-only, memory-backed, cleared when the
 * browser closes) so that a service-worker restart does not lose the credentials of connections
 * that are still open.
 */
import browser, { type WebRequest } from 'webextension-polyfill';
import { createCredentialVault, type CredentialVault } from '../../src/background/handshake-credentials';
import { createHandshakeRelay, type UpgradeDetails } from '../../src/background/handshake-relay';
import type { HandshakeMessage } from '../../src/protocol/messages';
import { PROTOCOL_VERSION } from '../../src/protocol/version';

const FILTER: WebRequest.RequestFilter = { urls: ['<all_urls>'], types: ['websocket'] };
const SESSION_KEY = 'frameline.handshakeCredentials';

const headersOf = (headers: WebRequest.HttpHeaders | undefined) =>
  (headers ?? []).map((h) => ({ name: h.name, value: h.value ?? (h.binaryValue ? String.fromCharCode(...h.binaryValue) : '') }));

/** `storage.session` exists in Chrome 102+ and Firefox 115+; without it the vault lives in memory only. */
const session = (browser.storage as { session?: typeof browser.storage.local }).session;

let saveScheduled = false;
function scheduleSave(vault: CredentialVault): void {
  if (!session || saveScheduled) return;
  saveScheduled = true;
  setTimeout(() => {
    saveScheduled = false;
    session.set({ [SESSION_KEY]: vault.toJSON() }).catch(() => {
      /* quota or shutdown: the in-memory copy still serves this run */
    });
  }, 250);
}

/**
 * Chrome hides `Cookie`/`Set-Cookie` unless 'extraHeaders' is asked for; Firefox shows them
 * anyway and rejects the unknown option, so try with it first.
 */
function addListener<T extends (...args: never[]) => void>(
  event: { addListener(cb: T, filter: WebRequest.RequestFilter, spec?: string[]): void },
  callback: T,
  spec: string[],
): void {
  try {
    event.addListener(callback, FILTER, [...spec, 'extraHeaders']);
  } catch {
    event.addListener(callback, FILTER, spec);
  }
}

/** Registers the listeners (synchronously, at the worker's top level) and returns the vault the router reads. */
export function observeHandshakes(): CredentialVault {
  const vault: CredentialVault = createCredentialVault({ onChange: () => scheduleSave(vault) });
  void session?.get(SESSION_KEY).then((stored) => vault.restore(stored[SESSION_KEY]), () => undefined);
  browser.tabs.onRemoved.addListener((tabId) => vault.forgetTab(tabId));

  const relay = createHandshakeRelay({
    vault,
    send(tabId, frameId, event) {
      const message: HandshakeMessage = { frameline: 'handshake', v: PROTOCOL_VERSION, event };
      browser.tabs.sendMessage(tabId, message, { frameId }).catch(() => {
        // The frame has no bridge (restricted page, or opened before the extension was installed).
      });
    },
  });
  const common = (details: { tabId: number; frameId: number; requestId: string; url: string; timeStamp: number }): UpgradeDetails => ({
    tabId: details.tabId,
    frameId: details.frameId,
    requestId: details.requestId,
    url: details.url,
    timeStamp: details.timeStamp,
  });

  addListener(
    browser.webRequest.onSendHeaders as never,
    (details: WebRequest.OnSendHeadersDetailsType) => relay.request({ ...common(details), requestHeaders: headersOf(details.requestHeaders) }),
    ['requestHeaders'],
  );
  addListener(
    browser.webRequest.onHeadersReceived as never,
    (details: WebRequest.OnHeadersReceivedDetailsType) =>
      relay.response({ ...common(details), responseHeaders: headersOf(details.responseHeaders), statusCode: details.statusCode, statusLine: details.statusLine }),
    ['responseHeaders'],
  );
  browser.webRequest.onErrorOccurred.addListener((details) => relay.error({ ...common(details), error: details.error }), FILTER);
  return vault;
}
