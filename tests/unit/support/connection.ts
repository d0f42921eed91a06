/**
 * A connection for tests: an open WebSocket with no traffic, changed by `fields`. Tests name only
 * what they are about; the full field list stays in src/protocol/records.ts.
 */
import type { ConnectionInfo } from '../../../src/protocol/records';

export function createTestConnection(fields: Pick<ConnectionInfo, 'id'> & Partial<ConnectionInfo>): ConnectionInfo {
  return {
    url: 'wss://example.test/',
    frameUrl: '',
    frameId: 0,
    protocolsRequested: [],
    protocol: '',
    extensions: '',
    state: 'open',
    createdAt: 0,
    api: 'WebSocket',
    sent: { count: 0, bytes: 0 },
    received: { count: 0, bytes: 0 },
    ...fields,
  };
}
