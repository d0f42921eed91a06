import { describe, expect, it } from 'vitest';
import { createSnippetStore, parseSnippets, serializeSnippets, SnippetError, type Snippet } from '../../../src/intercept/snippets';
import type { KeyValueStorage } from '../../../src/intercept/storage';

function memoryStorage(initial: Record<string, unknown> = {}) {
  const data = new Map<string, unknown>(Object.entries(initial));
  let writes = 0;
  const storage: KeyValueStorage = {
    // A round trip through JSON, as extension storage does, and a tick of latency.
    get: async (key) => {
      await Promise.resolve();
      return data.has(key) ? JSON.parse(JSON.stringify(data.get(key))) : undefined;
    },
    set: async (key, value) => {
      await Promise.resolve();
      writes++;
      data.set(key, JSON.parse(JSON.stringify(value)));
    },
  };
  return { storage, data, writes: () => writes };
}

function store(storage: KeyValueStorage, origin = 'https://app.example', extra = {}) {
  let id = 0;
  let time = 1_000;
  return createSnippetStore(storage, origin, { newId: () => `id${++id}`, now: () => time++, ...extra });
}

describe('snippet store', () => {
  it('adds, lists, renames, updates and deletes', async () => {
    const { storage, data } = memoryStorage();
    const s = store(storage);
    const a = await s.add('  Subscribe  ', { opcode: 1, text: '{"op":"sub"}' });
    expect(a).toEqual({ id: 'id1', name: 'Subscribe', payload: { opcode: 1, text: '{"op":"sub"}' }, createdAt: 1_000, updatedAt: 1_000 });
    const b = await s.add('Ping', { opcode: 2, base64: 'AQI=' });
    expect((await s.list()).map((x) => x.name)).toEqual(['Subscribe', 'Ping']);

    expect(await s.rename(a.id, 'Sub all')).toMatchObject({ name: 'Sub all', createdAt: 1_000, updatedAt: 1_002 });
    expect(await s.update(b.id, { opcode: 1, text: 'ping' })).toMatchObject({ payload: { opcode: 1, text: 'ping' } });
    expect(await s.remove(a.id)).toBe(true);
    expect(await s.remove(a.id)).toBe(false);
    expect(await s.list()).toEqual([{ id: 'id2', name: 'Ping', payload: { opcode: 1, text: 'ping' }, createdAt: 1_001, updatedAt: 1_003 }]);
    expect(data.get('frameline.snippets:https://app.example')).toEqual({ version: 1, snippets: await s.list() });
  });

  it('keeps one list per origin', async () => {
    const { storage } = memoryStorage();
    await store(storage, 'https://a.example').add('A', { opcode: 1, text: 'a' });
    expect(await store(storage, 'https://b.example').list()).toEqual([]);
    expect(store(storage, 'https://b.example').key).toBe('frameline.snippets:https://b.example');
  });

  it('does not lose a snippet to two quick adds', async () => {
    const { storage } = memoryStorage();
    const s = store(storage);
    await Promise.all([s.add('one', { opcode: 1, text: '1' }), s.add('two', { opcode: 1, text: '2' }), s.add('three', { opcode: 1, text: '3' })]);
    expect((await s.list()).map((x) => x.name)).toEqual(['one', 'two', 'three']);
  });

  it('refuses bad names, payloads, unknown ids and too many snippets, and keeps working', async () => {
    const { storage } = memoryStorage();
    const s = store(storage, 'o', { maxSnippets: 1, maxPayloadBytes: 4 });
    await expect(s.add('   ', { opcode: 1, text: 'x' })).rejects.toThrow(new SnippetError({ code: 'intercept.snippet.needsName' }));
    await expect(s.add('   ', { opcode: 1, text: 'x' })).rejects.toMatchObject({ message: 'A snippet needs a name', text: { code: 'intercept.snippet.needsName' } });
    await expect(s.add('x'.repeat(101), { opcode: 1, text: 'x' })).rejects.toThrow(/at most 100 characters/);
    await expect(s.add('bin', { opcode: 2, base64: '***' })).rejects.toThrow(/not valid base64: "\*" is not a base64 character/);
    await expect(s.add('big', { opcode: 1, text: 'héllo' })).rejects.toThrow('The payload is 6 bytes; snippets can hold at most 4');
    await expect(s.add('op', { opcode: 3 } as never)).rejects.toThrow('The payload opcode must be 1 (text) or 2 (binary)');
    await s.add('ok', { opcode: 1, text: 'ok' });
    await expect(s.add('more', { opcode: 1, text: 'x' })).rejects.toThrow('At most 1 snippets per site: delete some first');
    await expect(s.add('more', { opcode: 1, text: 'x' })).rejects.toMatchObject({ text: { code: 'intercept.snippet.tooMany', params: { max: 1 } } });
    await expect(s.rename('nope', 'x')).rejects.toThrow('This snippet no longer exists');
    expect((await s.list()).map((x) => x.name)).toEqual(['ok']);
  });

  it('replaces unreadable stored data but never a newer format', async () => {
    const key = 'frameline.snippets:o';
    const garbage = memoryStorage({ [key]: 'garbage' });
    expect(await store(garbage.storage, 'o').list()).toEqual([]);
    await store(garbage.storage, 'o').add('x', { opcode: 1, text: '' });
    expect(garbage.data.get(key)).toMatchObject({ version: 1 });

    const newer = memoryStorage({ [key]: { version: 9, snippets: [] } });
    await expect(store(newer.storage, 'o').list()).rejects.toThrow(/newer Frameline/);
    await expect(store(newer.storage, 'o').add('x', { opcode: 1, text: '' })).rejects.toThrow(/newer Frameline/);
    expect(newer.writes()).toBe(0);
  });

  it('exports and imports, renaming colliding ids and reporting skipped entries', async () => {
    const { storage } = memoryStorage();
    const s = store(storage);
    await s.add('A', { opcode: 1, text: 'a' });
    const exported = await s.exportJson();
    const other = store(memoryStorage().storage);
    expect(await other.importJson(exported)).toEqual({ added: 1, skipped: [] });
    const file = { version: 1, snippets: [{ id: 'id1', name: 'again', payload: { opcode: 1, text: 'x' } }, { id: 'z', name: '' }, { id: 'big', name: 'big', payload: { opcode: 1, text: 'x'.repeat(2_000_000) } }] };
    expect(await s.importJson(file)).toEqual({
      added: 1,
      skipped: [
        { index: 1, error: 'A snippet needs a name' },
        { index: 2, error: 'The payload is 2000000 bytes; snippets can hold at most 1000000' },
      ],
    });
    expect((await s.list()).map((x) => [x.id, x.name])).toEqual([
      ['id1', 'A'],
      ['id2', 'again'],
    ]);
    await expect(s.importJson('{nope')).rejects.toThrow('The snippets are not valid JSON');
  });
});

describe('parseSnippets / serializeSnippets', () => {
  const snippet: Snippet = { id: 'a', name: 'A', payload: { opcode: 2, base64: 'AQI=' }, createdAt: 1, updatedAt: 2 };

  it('round-trips and strips unknown fields', () => {
    expect(parseSnippets(serializeSnippets([snippet]))).toEqual({ ok: true, snippets: [snippet], skipped: [] });
    expect(parseSnippets([{ ...snippet, extra: 1, payload: { ...snippet.payload, text: 'junk' } }])).toEqual({ ok: true, snippets: [snippet], skipped: [] });
  });

  it('skips what does not read and keeps the first of repeated ids', () => {
    const parsed = parseSnippets({ version: 1, snippets: [snippet, 3, { ...snippet, name: 'B' }, { ...snippet, id: 'b', payload: { opcode: 1 } }] });
    expect(parsed).toEqual({
      ok: true,
      snippets: [snippet],
      skipped: [
        { index: 1, error: 'A snippet must be an object' },
        { index: 2, error: 'Another snippet already has the id "a"' },
        { index: 3, error: 'A text payload needs "text"' },
      ],
    });
  });

  it('refuses what is not a snippets list', () => {
    expect(parseSnippets({})).toEqual({
      ok: false,
      error: 'Not a Frameline snippets list (no "version")',
      problem: { code: 'intercept.stored.noVersion', params: { list: { code: 'intercept.list.snippets' }, key: 'snippets' } },
    });
    expect(parseSnippets({ version: 1, snippets: {} })).toMatchObject({ ok: false });
    expect(parseSnippets(undefined)).toEqual({ ok: true, snippets: [], skipped: [] });
  });
});
