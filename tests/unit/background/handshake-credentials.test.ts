/**
 * Upgrade credentials (Cookie, Set-Cookie, Authorization, Proxy-Authorization) never reach the
 * page's content script; the router puts them back, in place, only for panels.
 */
import { describe, expect, it } from 'vitest';
import { createCredentialVault, restoreCredentials, splitCredentials, withCredentials } from '../../../src/background/handshake-credentials';
import { createHandshakeRelay } from '../../../src/background/handshake-relay';
import { createRouter } from '../../../src/background/create-router';
import { createPortPair, type MessagePortLike } from '../../../src/protocol/port';
import { envelope, type BridgeToRouter, type Envelope, type HandshakeEvent, type PanelToRouter, type RouterToPanel } from '../../../src/protocol/messages';
import type { ConnectionInfo, HttpHeader } from '../../../src/protocol/records';

const flush = () => new Promise((r) => setTimeout(r, 0));

const REQUEST: HttpHeader[] = [
  { name: 'Host', value: 'chat.example' },
  { name: 'Cookie', value: 'session=s3cret' },
  { name: 'Sec-WebSocket-Key', value: 'k==' },
  { name: 'authorization', value: 'Bearer t0ken' },
  { name: 'Proxy-Authorization', value: 'Basic cHJveHk=' },
];
const RESPONSE: HttpHeader[] = [
  { name: 'Upgrade', value: 'websocket' },
  { name: 'Set-Cookie', value: 'a=1; HttpOnly' },
  { name: 'Sec-WebSocket-Accept', value: 'x=' },
];

describe('credential headers', () => {
  it('are split out with their positions and restored exactly', () => {
    const { kept, held } = splitCredentials(REQUEST);
    expect(kept.map((h) => h.name)).toEqual(['Host', 'Sec-WebSocket-Key']);
    expect(held.map((h) => [h.index, h.name])).toEqual([[1, 'Cookie'], [3, 'authorization'], [4, 'Proxy-Authorization']]);
    expect(restoreCredentials(kept, held)).toEqual(REQUEST);
    expect(restoreCredentials(kept, undefined)).toEqual(kept);
  });

  it('never reach the bridge, and are kept per tab and request', () => {
    const vault = createCredentialVault();
    const sent: { tabId: number; frameId: number; event: HandshakeEvent }[] = [];
    const relay = createHandshakeRelay({ vault, send: (tabId, frameId, event) => sent.push({ tabId, frameId, event }) });
    const base = { tabId: 7, frameId: 2, requestId: 'r1', url: 'wss://chat.example/', timeStamp: 5 };
    relay.request({ ...base, requestHeaders: REQUEST });
    relay.response({ ...base, responseHeaders: RESPONSE, statusCode: 101, statusLine: 'HTTP/1.1 101 Switching Protocols' });
    const toPage = JSON.stringify(sent);
    for (const secret of ['s3cret', 't0ken', 'cHJveHk=', 'a=1']) expect(toPage).not.toContain(secret);
    expect(sent.map((s) => [s.tabId, s.frameId, s.event.phase])).toEqual([[7, 2, 'request'], [7, 2, 'response']]);
    expect(sent[1].event).toMatchObject({ status: 101, statusText: 'Switching Protocols' });
    expect(vault.lookup(7, 'r1')?.request?.map((h) => h.value)).toEqual(['session=s3cret', 'Bearer t0ken', 'Basic cHJveHk=']);
    expect(vault.lookup(7, 'r1')?.response?.map((h) => h.value)).toEqual(['a=1; HttpOnly']);
    expect(vault.lookup(8, 'r1')).toBeUndefined();
  });

  it('survive a background restart through their persisted copy, and go with their tab', () => {
    const vault = createCredentialVault();
    vault.keep(1, 'r', 'request', splitCredentials(REQUEST).held);
    const restarted = createCredentialVault();
    restarted.restore(JSON.parse(JSON.stringify(vault.toJSON())));
    expect(restarted.lookup(1, 'r')).toEqual(vault.lookup(1, 'r'));
    restarted.restore('garbage');
    restarted.restore([[1, 'x', { request: [{ name: 'Cookie' }] }]]);
    expect(restarted.lookup(1, 'x')).toBeUndefined();
    restarted.forgetTab(1);
    expect(restarted.lookup(1, 'r')).toBeUndefined();
  });

  it('are bounded per tab: the oldest upgrades are forgotten first', () => {
    const vault = createCredentialVault({ maxPerTab: 3 });
    for (let i = 0; i < 5; i++) vault.keep(1, `r${i}`, 'request', [{ index: 0, name: 'Cookie', value: String(i) }]);
    expect(['r0', 'r1', 'r2', 'r3', 'r4'].map((r) => vault.lookup(1, r) !== undefined)).toEqual([false, false, true, true, true]);
  });

  it('join the connection only on its way to a panel', async () => {
    const vault = createCredentialVault();
    const { kept: requestKept, held: requestHeld } = splitCredentials(REQUEST);
    const { kept: responseKept, held: responseHeld } = splitCredentials(RESPONSE);
    vault.keep(4, 'req-9', 'request', requestHeld);
    vault.keep(4, 'req-9', 'response', responseHeld);
    const router = createRouter({ pokeTab: () => {}, credentialsFor: (tabId, requestId) => vault.lookup(tabId, requestId) });

    const [routerToBridge, bridgeEnd] = createPortPair<unknown, unknown>();
    router.addBridge(routerToBridge as never, { tabId: 4, frameId: 0 });
    const [routerToPanel, panelEnd] = createPortPair<unknown, unknown>();
    const received: Envelope<RouterToPanel>[] = [];
    panelEnd.onMessage((m) => received.push(m as Envelope<RouterToPanel>));
    router.addPanel(routerToPanel as never);
    (panelEnd as MessagePortLike<unknown, unknown>).post(envelope<PanelToRouter, 'attach'>('attach', { tabId: 4 }));
    await flush();

    const connection = {
      id: 'd:1', url: 'wss://chat.example/', frameUrl: 'http://p/', frameId: 0, protocolsRequested: [], protocol: '', extensions: '', state: 'open',
      createdAt: 1, api: 'WebSocket', sent: { count: 0, bytes: 0 }, received: { count: 0, bytes: 0 },
      handshake: { requestId: 'req-9', requestHeaders: requestKept, responseHeaders: responseKept, status: 101 },
    } satisfies ConnectionInfo;
    bridgeEnd.post(envelope<BridgeToRouter, 'batch'>('batch', { docId: 'd', frameUrl: 'http://p/', connections: [connection], messages: [], dropped: 0 }));
    await flush();
    const traffic = received.find((m) => m.type === 'traffic');
    const shown = (traffic?.payload as { connections: ConnectionInfo[] }).connections[0];
    expect(shown.handshake?.requestHeaders).toEqual(REQUEST);
    expect(shown.handshake?.responseHeaders).toEqual(RESPONSE);
  });

  it('leave a connection without any untouched', () => {
    const info = { id: 'x', handshake: { requestHeaders: [] } } as unknown as ConnectionInfo;
    expect(withCredentials(info, undefined)).toBe(info);
  });
});
