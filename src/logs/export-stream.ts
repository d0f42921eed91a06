/**
 * Streamed HAR export for large logs (hundreds of thousands of messages): the same JSON text as
 * `JSON.stringify(createHarExport(log, options))`, produced in chunks with the event loop given
 * back between them and progress reported.
 *
 *   const chunks = [];
 *   for await (const chunk of createHarExportStream(log, options, { onProgress })) chunks.push(chunk);
 *   const blob = new Blob(chunks, { type: 'application/json' });
 */
import { createBlobFromChunks, createChunkStream, serializeAround, type StreamOptions, type TextPiece } from './chunked';
import { planHarExportInSteps, type HarExportOptions, type HarExportPlan } from './export-har';
import { createExportContext } from './export-context';
import type { SessionLog } from './types';

function* createHarPieces(planning: Generator<undefined, HarExportPlan>, onPlanned: (plan: HarExportPlan) => void): Generator<TextPiece> {
  // Planning walks every message: empty pieces between its steps let the stream yield there.
  let step = planning.next();
  while (!step.done) {
    yield { text: '', messages: 0 };
    step = planning.next();
  }
  const plan = step.value;
  onPlanned(plan);
  const [logHead, logTail] = serializeAround(plan.har.log, 'entries');
  yield { text: '{"log":' + logHead + '[', messages: 0 };
  for (let e = 0; e < plan.parts.length; e++) {
    const part = plan.parts[e];
    const [entryHead, entryTail] = serializeAround(part.entry, '_webSocketMessages');
    yield { text: (e > 0 ? ',' : '') + entryHead + '[', messages: 0 };
    let n = 0;
    for (const item of part.items()) {
      yield { text: (n++ > 0 ? ',' : '') + JSON.stringify(item), messages: item.type === 'error' ? 0 : 1 };
    }
    yield { text: ']' + entryTail, messages: 0 };
  }
  yield { text: ']' + logTail + '}', messages: 0 };
}

/**
 * Throws `InvalidRedactionRulesError` right away (not on the first `next()`) for bad rules.
 * Progress counts messages, not error items.
 */
export function createHarExportStream(log: SessionLog, options: HarExportOptions = {}, stream: StreamOptions = {}): AsyncGenerator<string> {
  const ctx = createExportContext(options); // throws for bad rules now, not on the first chunk
  let plan: HarExportPlan | undefined;
  const pieces = createHarPieces(planHarExportInSteps(log, ctx, options.scope), (p) => (plan = p));
  // Until the plan is made, the session's count stands in for the number of messages exported.
  return createChunkStream(pieces, () => plan?.totalMessages ?? log.messages.length, stream);
}

/** The streamed HAR as a Blob of type application/json. */
export function createHarBlob(log: SessionLog, options: HarExportOptions = {}, stream: StreamOptions = {}): Promise<Blob> {
  return createBlobFromChunks(createHarExportStream(log, options, stream), 'application/json');
}
