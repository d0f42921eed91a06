/**
 * Watches WebSocket upgrades through `webRequest` (the only place the real request and response
 * headers, status 101 and cookies are visible) and hands each phase to the bridge of the frame
 * that made the request, which joins it to the page's connection.
 */
import browser, { type WebRequest } from 'webextension-polyfill';
import type { HandshakeEvent, HandshakeMessage } from '../../src/protocol/messages';
import { PROTOCOL_VERSION } from '../../src/protocol/version';

const FILTER: WebRequest.RequestFilter = { urls: ['<all_urls>'], types: ['websocket'] };

function send(details: { tabId: number; frameId: number }, event: HandshakeEvent): void {
  if (details.tabId < 0) return; // not from a tab (a worker of the extension itself, say)
  const message: HandshakeMessage = { frameline: 'handshake', v: PROTOCOL_VERSION, event };
  browser.tabs.sendMessage(details.tabId, message, { frameId: details.frameId }).catch(() => {
    // The frame has no bridge (restricted page, or opened before the extension was installed).
  });
}

const headersOf = (headers: WebRequest.HttpHeaders | undefined) =>
  (headers ?? []).map((h) => ({ name: h.name, value: h.value ?? (h.binaryValue ? String.fromCharCode(...h.binaryValue) : '') }));

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

export function observeHandshakes(): void {
  addListener(
    browser.webRequest.onSendHeaders as never,
    (details: WebRequest.OnSendHeadersDetailsType) =>
      send(details, { requestId: details.requestId, url: details.url, phase: 'request', time: details.timeStamp, headers: headersOf(details.requestHeaders) }),
    ['requestHeaders'],
  );
  addListener(
    browser.webRequest.onHeadersReceived as never,
    (details: WebRequest.OnHeadersReceivedDetailsType) =>
      send(details, {
        requestId: details.requestId,
        url: details.url,
        phase: 'response',
        time: details.timeStamp,
        headers: headersOf(details.responseHeaders),
        status: details.statusCode,
        statusText: details.statusLine.replace(/^HTTP\/[\d.]+ \d+ ?/, ''),
      }),
    ['responseHeaders'],
  );
  browser.webRequest.onErrorOccurred.addListener(
    (details) => send(details, { requestId: details.requestId, url: details.url, phase: 'error', time: details.timeStamp, error: details.error }),
    FILTER,
  );
}
