/** An import result cut into parts for the trip back from the import worker, and joined again. */
import { describe, expect, it } from 'vitest';
import { createHarExport } from '../../../src/logs/export-har';
import { importLog } from '../../../src/logs/import';
import { createImportJoiner, importResultParts, type ImportPart } from '../../../src/logs/import-parts';
import { createSampleSession } from './sample-session';

const structuredCopy = (parts: ImportPart[]) => parts.map((p) => structuredClone(p)); // what postMessage does

describe('import parts', () => {
  const result = importLog(JSON.stringify(createHarExport(createSampleSession(), { sanitize: false })), { idPrefix: 'import-7:' });

  it('a log comes back whole, messages in order, after crossing in batches', () => {
    if (!result.ok) throw new Error(result.error);
    const parts = [...importResultParts(result, 2)];
    expect(parts[0].kind).toBe('head');
    expect(parts.filter((p) => p.kind === 'messages')).toHaveLength(Math.ceil(result.log.messages.length / 2));
    expect(parts.at(-1)).toEqual({ kind: 'end' });
    const join = createImportJoiner();
    for (const part of structuredCopy(parts)) {
      expect(join.result()).toBeUndefined();
      join.add(part);
    }
    expect(join.result()).toEqual(result);
  });

  it('a failure crosses as one part with its message', () => {
    const failed = importLog('{"log": {"entries": [');
    const parts = [...importResultParts(failed)];
    expect(parts).toEqual([{ kind: 'failed', error: expect.stringMatching(/truncated/), problem: expect.objectContaining({ code: 'logs.notJson' }) }]);
    const join = createImportJoiner();
    join.add(parts[0]);
    expect(join.result()).toEqual(failed);
  });

  it('a batch lost on the way is an error, not a shorter log', () => {
    if (!result.ok) throw new Error(result.error);
    const parts = [...importResultParts(result, 1)].filter((p, i) => i !== 2);
    const join = createImportJoiner();
    for (const part of parts) join.add(part);
    expect(join.result()).toEqual({ ok: false, error: expect.stringMatching(/lost messages/), problem: { code: 'logs.parts.lost', params: { got: 7, total: 8 } } });
  });
});
