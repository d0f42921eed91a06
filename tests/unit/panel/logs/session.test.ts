/** What an export takes from the store (src/panel/logs/session.ts), built in slices. */
import { describe, expect, it } from 'vitest';
import { sessionFromStore } from '../../../../src/panel/logs/session';
import { createPanelStore } from '../../../../src/panel/state/store';
import type { ConnectionInfo, MessageRecord } from '../../../../src/protocol/records';
import type { FrameTraffic } from '../../../../src/protocol/messages';

const conn = (id: string): ConnectionInfo => ({
  id, url: `ws://s/${id}`, frameUrl: 'http://p/', frameId: 0, protocolsRequested: [], protocol: '', extensions: '', state: 'open',
  createdAt: 1, api: 'WebSocket', sent: { count: 0, bytes: 0 }, received: { count: 0, bytes: 0 },
});
const msg = (connId: string, seq: number): MessageRecord => ({ connId, seq, dir: 'receive', time: seq, opcode: 1, size: 1, text: String(seq) });

function storeWith(n: number) {
  const store = createPanelStore({ schedule: (cb) => cb() });
  const messages = Array.from({ length: n }, (_, i) => msg(i % 2 ? 'd:2' : 'd:1', i + 1));
  const payload: FrameTraffic = { docId: 'd', frameUrl: 'http://p/', frameId: 0, connections: [conn('d:1'), conn('d:2')], messages, dropped: 0, snapshot: false };
  store.apply({ type: 'traffic', payload });
  return store;
}

describe('sessionFromStore', () => {
  it('gives back to the event loop while it collects a large log, and misses nothing', async () => {
    const store = storeWith(10_000);
    let yields = 0;
    const log = await sessionFromStore(store, { kind: 'all' }, { sliceMs: 0, yieldToEventLoop: async () => void yields++ });
    expect(log.messages.map((m) => m.seq)).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));
    expect(log.connections.map((c) => c.id)).toEqual(['d:1', 'd:2']);
    expect(yields).toBeGreaterThanOrEqual(9); // every 1,024 rows once a slice is used up
  });

  it('takes the selected connections only', async () => {
    const log = await sessionFromStore(storeWith(100), { kind: 'connections', ids: ['d:2'] });
    expect(log.connections.map((c) => c.id)).toEqual(['d:2']);
    expect(log.messages.every((m) => m.connId === 'd:2')).toBe(true);
    expect(log.messages).toHaveLength(50);
  });

  it('leaves out rows the message limit drops while it runs', async () => {
    const store = storeWith(4096);
    let first = true;
    const log = await sessionFromStore(store, { kind: 'all' }, {
      sliceMs: 0,
      yieldToEventLoop: async () => {
        if (first) store.setMaxMessages(1000); // the oldest 3,096 go
        first = false;
      },
    });
    // The first 1,024 were taken before the drop; of the rest only the kept ones remain.
    expect(log.messages.map((m) => m.seq)).toEqual([...Array.from({ length: 1024 }, (_, i) => i + 1), ...Array.from({ length: 1000 }, (_, i) => 3097 + i)]);
  });
});
