import { describe, expect, it } from 'vitest';
import { normalizeSocketUrl } from '../../../src/content/handshake-joiner';
import type { HandshakeEvent } from '../../../src/protocol/messages';
import { HOOK_DIALECT_VERSION } from '../../../src/protocol/version';
import { decodeIntoHistory } from './support/decode-into-history';

const create = (id: number, url: string) => ({ v: HOOK_DIALECT_VERSION, records: [{ k: 'create' as const, id, url, protocols: [], time: id, stack: '', api: 'WebSocket' as const }] });
const request = (requestId: string, url: string): HandshakeEvent => ({ requestId, url, phase: 'request', time: 1, headers: [{ name: 'Cookie', value: 'a=1' }] });
const response = (requestId: string, url: string): HandshakeEvent => ({ requestId, url, phase: 'response', time: 2, status: 101, statusText: 'Switching Protocols', headers: [{ name: 'Upgrade', value: 'websocket' }] });

describe('handshake joining', () => {
  it('joins request and response to the connection with that URL, whichever arrives first', () => {
    const log = decodeIntoHistory({ docId: 'd', frameUrl: '' });
    expect(log.history.handshake(request('r1', 'ws://s/a'))).toBeUndefined(); // before the hook's batch
    log.ingest(create(1, 'ws://s/a'));
    const joined = log.history.handshake(response('r1', 'ws://s/a'));
    expect(joined?.id).toBe('d:1');
    expect(joined?.handshake).toMatchObject({ status: 101, statusText: 'Switching Protocols', requestHeaders: [{ name: 'Cookie', value: 'a=1' }], responseHeaders: [{ name: 'Upgrade', value: 'websocket' }] });
  });

  it('pairs several sockets to the same URL in creation order, and keeps other URLs apart', () => {
    const log = decodeIntoHistory({ docId: 'd', frameUrl: '' });
    log.ingest(create(1, 'ws://s/a'));
    log.ingest(create(2, 'ws://s/b'));
    log.ingest(create(3, 'ws://s/a'));
    expect(log.history.handshake(request('x', 'ws://s/a'))?.id).toBe('d:1');
    expect(log.history.handshake(request('y', 'ws://s/a'))?.id).toBe('d:3');
    expect(log.history.handshake(request('z', 'ws://s/b'))?.id).toBe('d:2');
    expect(log.history.handshake({ requestId: 'y', url: 'ws://s/a', phase: 'error', time: 3, error: 'net::ERR_CONNECTION_REFUSED' })?.handshake?.error).toBe('net::ERR_CONNECTION_REFUSED');
  });

  it('treats http(s) URLs of an upgrade as ws(s)', () => {
    expect(normalizeSocketUrl('https://h/x')).toBe('wss://h/x');
    expect(normalizeSocketUrl('http://h/x')).toBe('ws://h/x');
    const log = decodeIntoHistory({ docId: 'd', frameUrl: '' });
    log.ingest(create(1, 'wss://h/x'));
    expect(log.history.handshake(request('r', 'https://h/x'))?.id).toBe('d:1');
  });
});
