/**
 * The hook decoder feeding a document history, wired as the bridge wires them: `ingest(batch)`
 * returns what the batch changed (connections and wire messages) and what it passed on (asks,
 * results). For the decoder's and the history's tests, which speak in hook records.
 */
import { createDocumentHistory, type HistoryLimits } from '../../../../src/content/document-history';
import { createHookDecoder } from '../../../../src/content/hook-decoder';
import type { AskedMessage } from '../../../../src/content/interceptor';
import { toWireConnection, toWireMessage } from '../../../../src/content/wire';
import type { HookBatch, HookResult } from '../../../../src/protocol/hook-dialect';
import type { MarkedMessage } from '../../../../src/protocol/intercept';
import type { ConnectionInfo } from '../../../../src/protocol/records';

export function decodeIntoHistory(options: { docId: string; frameUrl: string; limits?: HistoryLimits }) {
  const history = createDocumentHistory({ limits: options.limits });
  const decoder = createHookDecoder(options);
  return {
    history,
    ingest(batch: HookBatch) {
      const changed = new Set<ConnectionInfo>();
      const messages: MarkedMessage[] = [];
      const asks: AskedMessage[] = [];
      const results: HookResult[] = [];
      const lease: Array<'renew' | 'released'> = [];
      decoder.decode(batch, {
        connectionCreated(info) {
          history.addConnection(info);
          changed.add(info);
        },
        connection: (id) => history.connection(id),
        connectionChanged: (info) => changed.add(info),
        message(message) {
          history.addMessage(message);
          messages.push(toWireMessage(message));
        },
        ask: (ask) => asks.push(ask),
        result: (result) => results.push(result),
        renew: () => lease.push('renew'),
        released: () => lease.push('released'),
        lost: (count) => history.addDropped(count),
      });
      return { connections: Array.from(changed, toWireConnection), messages, asks, results, lease };
    },
  };
}
