import { describe, expect, it } from 'vitest';
import { compareConnections, durationMs, formatDuration, formatRate, messageRate } from '../../../../src/panel/connections/format-connection';
import type { ConnectionInfo } from '../../../../src/protocol/records';

const conn = (extra: Partial<ConnectionInfo>): ConnectionInfo => ({
  id: 'c', url: 'ws://a/', frameUrl: '', frameId: 0, protocolsRequested: [], protocol: '', extensions: '', state: 'open',
  createdAt: 0, api: 'WebSocket', sent: { count: 0, bytes: 0 }, received: { count: 0, bytes: 0 }, ...extra,
});

describe('connection facts', () => {
  it('duration from open (or creation) to close (or now), and message rate', () => {
    expect(durationMs(conn({ openedAt: 1000, closedAt: 3500 }), 99_999)).toBe(2500);
    expect(durationMs(conn({ createdAt: 10 }), 110)).toBe(100);
    expect(messageRate(conn({ openedAt: 0, sent: { count: 5, bytes: 0 }, received: { count: 15, bytes: 0 } }), 2000)).toBe(10);
    expect([formatDuration(250), formatDuration(2500), formatDuration(125_000), formatDuration(7_500_000)]).toEqual(['250 ms', '2.5 s', '2 min 5 s', '2 h 5 min']);
    expect([formatRate(0), formatRate(2.25), formatRate(150.4)]).toEqual(['0/s', '2.3/s', '150/s']);
  });
  it('sorts by a column', () => {
    const a = conn({ id: 'a', url: 'ws://b/', sent: { count: 1, bytes: 50 } });
    const b = conn({ id: 'b', url: 'ws://a/', sent: { count: 1, bytes: 10 } });
    expect([a, b].sort(compareConnections('url', 0)).map((c) => c.id)).toEqual(['b', 'a']);
    expect([a, b].sort(compareConnections('sent', 0)).map((c) => c.id)).toEqual(['b', 'a']);
  });
});
