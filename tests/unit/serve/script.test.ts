import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../../src/protocol/records';
import { createServeScript } from '../../../src/serve/script';
import { servePatternMatches } from '../../../src/protocol/serve';
import { createTestConnection } from '../support/connection';

const message = (fields: Partial<MessageRecord> & Pick<MessageRecord, 'seq' | 'time'>): MessageRecord => ({
  connId: 'c1',
  dir: 'receive',
  opcode: 1,
  size: 1,
  text: 'x',
  ...fields,
});

describe('createServeScript', () => {
  const connection = createTestConnection({
    id: 'c1',
    url: 'wss://chat.test/socket',
    protocol: 'chat.v2',
    extensions: 'permessage-deflate',
    createdAt: 900,
    openedAt: 1000,
    closedAt: 2500,
    closeCode: 4001,
    closeReason: 'kicked',
    wasClean: true,
    state: 'closed',
  });

  it('keeps the connection\'s messages in order, timed from the open, with direction and payload', () => {
    const script = createServeScript(
      connection,
      [
        message({ seq: 3, time: 1200, dir: 'receive', text: 'B' }),
        message({ seq: 1, time: 1010, dir: 'send', text: 'A' }),
        message({ seq: 2, time: 1200, dir: 'receive', opcode: 2, text: undefined, base64: 'AQI=' }),
        message({ seq: 4, time: 1300, connId: 'other', text: 'not mine' }),
        message({ seq: 5, time: 1400, dir: 'send', discarded: true, text: 'never sent' }),
      ],
      { id: 's1' },
    );
    expect(script.frames).toEqual([
      { dir: 0, at: 10, text: 'A' },
      { dir: 1, at: 200, base64: 'AQI=' },
      { dir: 1, at: 200, text: 'B' },
    ]);
    expect(script).toMatchObject({
      id: 's1',
      pattern: 'wss://chat.test/socket',
      label: 'wss://chat.test/socket',
      protocol: 'chat.v2',
      extensions: 'permessage-deflate',
      mode: 'conversational',
      speed: 1,
      match: { kind: 'exact' },
      close: { at: 1500, code: 4001, reason: 'kicked', wasClean: true },
    });
    expect(script.neverOpened).toBeUndefined();
  });

  it('takes the options given', () => {
    const script = createServeScript(connection, [], { id: 's2', pattern: 'wss://chat.test/*', mode: 'timed', speed: 2, match: { kind: 'path', path: '$.type' }, label: 'log.har' });
    expect(script).toMatchObject({ pattern: 'wss://chat.test/*', mode: 'timed', speed: 2, match: { kind: 'path', path: '$.type' }, label: 'log.har' });
  });

  it('an open connection has no close', () => {
    const script = createServeScript(createTestConnection({ id: 'c1', openedAt: 5, state: 'open' }), [], { id: 's' });
    expect(script.close).toBeUndefined();
  });

  it('a connection that never opened fails: neverOpened, close timed from creation, 1006', () => {
    const script = createServeScript(createTestConnection({ id: 'c1', createdAt: 100, closedAt: 130, state: 'error', errored: true }), [], { id: 's' });
    expect(script.neverOpened).toBe(true);
    expect(script.close).toEqual({ at: 30, code: 1006, reason: '', wasClean: false });
  });

  it('an imported connection without close details closes with 1005 after its last message', () => {
    const imported = createTestConnection({ id: 'c1', openedAt: 0, state: 'closed', source: 'imported' });
    const script = createServeScript(imported, [message({ seq: 1, time: 50 })], { id: 's' });
    expect(script.close).toEqual({ at: 50, code: 1005, reason: '', wasClean: true });
  });
});

describe('servePatternMatches', () => {
  it('an exact URL matches only itself', () => {
    expect(servePatternMatches('ws://a.test/x', 'ws://a.test/x')).toBe(true);
    expect(servePatternMatches('ws://a.test/x', 'ws://a.test/x?y')).toBe(false);
  });
  it('* stands for any run of characters, the rest literally', () => {
    expect(servePatternMatches('ws://a.test/socket.io/*', 'ws://a.test/socket.io/?EIO=4&transport=websocket')).toBe(true);
    expect(servePatternMatches('ws://*.test/x', 'ws://b.test/x')).toBe(true);
    expect(servePatternMatches('ws://a.test/x.y*', 'ws://a.test/xzy')).toBe(false);
  });
});
