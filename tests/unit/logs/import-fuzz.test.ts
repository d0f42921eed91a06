/**
 * Importers against damaged files: a fixed set of seeded mutations of real logs (Chrome,
 * Playwright and Frameline HAR, Frameline NDJSON). Each case must either import a log that the
 * panel can show (every field of the right type) or fail with a clear sentence; a message that
 * starts with "Could not import the file:" is our own bug escaping (a TypeError, a stack
 * overflow), so it fails the test. The cases are fixed (seeded), so a failure reproduces.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createHarExport } from '../../../src/logs/export-har';
import { createNdjsonExport } from '../../../src/logs/ndjson';
import { importLog, type ImportResult } from '../../../src/logs/import';
import { createSampleSession } from './sample-session';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/har/${name}`, import.meta.url), 'utf8');

const SOURCES: Record<string, string> = {
  chrome: fixture('chrome-websocket.har'),
  playwright: fixture('playwright-websocket.har'),
  frameline: JSON.stringify(createHarExport(createSampleSession(), { sanitize: false })),
  ndjson: createNdjsonExport(createSampleSession(), { sanitize: false }),
};

/** Small seeded PRNG (mulberry32): the same cases on every run. */
function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] };
}
type Random = ReturnType<typeof createRandom>;

/** Every (parent, key) pair in a JSON value, depth first. */
function slots(value: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []): typeof out {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([value, i]);
      slots(v, out);
    });
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push([value as Record<string, unknown>, k]);
      slots(v, out);
    }
  }
  return out;
}

const HUGE = 'x'.repeat(2_000_000);
const replacements = (r: Random): unknown[] => [null, true, 0, -1, 1e308, NaN, '', 'not a number', [], {}, [1, [2, [3]]], { a: { b: {} } }, HUGE, '\u0000\ud800', r.next()];

function deepNest(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { v };
  return v;
}

type Mutation = (text: string, r: Random) => string;

const MUTATIONS: Record<string, Mutation> = {
  truncate: (text, r) => text.slice(0, r.int(text.length)),
  flipType(text, r) {
    const doc = parse(text, r);
    if (!doc) return text;
    const all = slots(doc.value);
    for (let i = 0; i < 1 + r.int(3) && all.length; i++) {
      const [parent, key] = r.pick(all);
      (parent as Record<string | number, unknown>)[key] = r.pick(replacements(r));
    }
    return doc.serialize();
  },
  removeField(text, r) {
    const doc = parse(text, r);
    if (!doc) return text;
    const objects = slots(doc.value).filter(([parent]) => !Array.isArray(parent));
    for (let i = 0; i < 1 + r.int(3) && objects.length; i++) {
      const [parent, key] = r.pick(objects);
      delete (parent as Record<string, unknown>)[key as string];
    }
    return doc.serialize();
  },
  deepNesting(text, r) {
    const doc = parse(text, r);
    if (!doc) return text;
    const all = slots(doc.value);
    if (!all.length) return text;
    const [parent, key] = r.pick(all);
    (parent as Record<string | number, unknown>)[key] = deepNest(1000 + r.int(1500));
    return doc.serialize();
  },
  hugeString(text, r) {
    const doc = parse(text, r);
    if (!doc) return text;
    const strings = slots(doc.value).filter(([parent, key]) => typeof (parent as Record<string | number, unknown>)[key] === 'string');
    if (!strings.length) return text;
    const [parent, key] = r.pick(strings);
    (parent as Record<string | number, unknown>)[key] = HUGE;
    return doc.serialize();
  },
  garbageBytes(text, r) {
    const at = r.int(text.length);
    return text.slice(0, at) + r.pick(['\u0000', '}', ']', '"', ',', '\ufffd', '{"', '\n{']) + text.slice(at);
  },
};

/** JSON documents parse whole; NDJSON parses per line and mutates one line. */
function parse(text: string, r: Random): { value: unknown; serialize(): string } | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return { value, serialize: () => JSON.stringify(value) };
  } catch {
    const lines = text.split('\n');
    const candidates = lines.map((_, i) => i).filter((i) => lines[i].trim() !== '');
    if (!candidates.length) return undefined;
    const i = r.pick(candidates);
    try {
      const value: unknown = JSON.parse(lines[i]);
      return {
        value: { line: value },
        serialize: () => {
          lines[i] = JSON.stringify(value);
          return lines.join('\n');
        },
      };
    } catch {
      return undefined;
    }
  }
}

/** What the panel relies on in an imported log: right types everywhere it reads. */
function checkImported(result: Extract<ImportResult, { ok: true }>): void {
  for (const c of result.log.connections) {
    expect(typeof c.id).toBe('string');
    expect(typeof c.url).toBe('string');
    expect(typeof c.createdAt).toBe('number');
    expect(Number.isFinite(c.createdAt)).toBe(true);
    expect(['connecting', 'open', 'closing', 'closed', 'error']).toContain(c.state);
    expect(Array.isArray(c.protocolsRequested)).toBe(true);
  }
  const ids = new Set(result.log.connections.map((c) => c.id));
  for (const m of result.log.messages) {
    expect(ids.has(m.connId)).toBe(true);
    expect(['send', 'receive']).toContain(m.dir);
    expect([1, 2]).toContain(m.opcode);
    expect(Number.isFinite(m.time)).toBe(true);
    expect(Number.isFinite(m.size)).toBe(true);
    expect(typeof (m.opcode === 1 ? m.text : m.base64)).toBe('string');
  }
}

const CASES = 240;

describe('importers against damaged files', () => {
  const random = createRandom(0x5eed);
  const cases = Array.from({ length: CASES }, (_, n) => {
    const source = random.pick(Object.keys(SOURCES));
    const mutation = random.pick(Object.keys(MUTATIONS));
    return { n, source, mutation, seed: random.int(2 ** 31) };
  });

  it.each(cases)('case $n: $mutation of the $source log imports or says clearly why not', ({ source, mutation, seed }) => {
    const text = MUTATIONS[mutation](SOURCES[source], createRandom(seed));
    const fileName = source === 'ndjson' ? 'log.ndjson' : 'log.har';
    const result = importLog({ text, fileName });
    if (result.ok) {
      checkImported(result);
    } else {
      expect(result.error).toMatch(/\S/);
      // Our own exceptions escaping as text are bugs, not messages for the user.
      expect(result.error).not.toMatch(/^Could not import the file:/);
      expect(result.error).not.toMatch(/undefined|\[object Object\]|Maximum call stack/);
    }
  });
});
