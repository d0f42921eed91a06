/**
 * Saved composer snippets, one list per origin, in storage the caller provides
 * (`chrome.storage.local` in the extension, a Map in tests), under
 * `originStorageKey('snippets', origin)` as `{ "version": 1, "snippets": [...] }`.
 *
 * Operations of one store are serialised (each reads, changes and writes the whole list after
 * the previous one finished), so two quick clicks never lose a snippet. Two stores on the same
 * origin (two panels) can still overwrite each other's last change: last write wins.
 */
import { parseBase64 } from './binary-input';
import { payloadByteLength } from '../lib/bytes';
import { isRecord } from '../lib/objects';
import type { Payload } from '../protocol/intercept';
import { originStorageKey, type KeyValueStorage } from './storage';
import { readStoredList } from './stored-list';
import { CodedError, type CodedText, type TextParam } from '../lib/coded-text';
import { interceptTexts } from './texts';

type Code = keyof typeof interceptTexts.catalog;
const { text: said, english } = interceptTexts;

export interface Snippet {
  id: string;
  name: string;
  payload: Payload;
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedAt: number;
}

export const SNIPPETS_FORMAT_VERSION = 1;
export const MAX_SNIPPET_NAME = 100;

/** Errors of store operations: a message for the user (and its coded text), never a storage stack trace. */
export class SnippetError extends CodedError {
  override name = 'SnippetError';
  constructor(text: CodedText) {
    super(text, english(text));
  }
}

const snippetError = (code: Code, params?: Record<string, TextParam>) => new SnippetError(said(code, params));

// ------------------------------------------------------------------------ (de)serialisation

export type SnippetsParse =
  | { ok: true; snippets: Snippet[]; skipped: { index: number; error: string }[] }
  /** `newer`: written by a later format; must not be overwritten. */
  | { ok: false; error: string; problem: CodedText; newer?: boolean };


/** Why a name cannot be used, or undefined. Names are trimmed first. */
export function snippetNameProblem(name: unknown): string | undefined {
  const problem = snippetNameProblemText(name);
  return problem && english(problem);
}

function snippetNameProblemText(name: unknown): CodedText | undefined {
  if (typeof name !== 'string' || name.trim() === '') return said('intercept.snippet.needsName');
  if (name.trim().length > MAX_SNIPPET_NAME) return said('intercept.snippet.nameTooLong', { max: MAX_SNIPPET_NAME });
  return undefined;
}

/** Why a payload cannot be saved, or undefined. */
export function snippetPayloadProblem(payload: unknown, maxBytes = Infinity): string | undefined {
  const problem = snippetPayloadProblemText(payload, maxBytes);
  return problem && english(problem);
}

function snippetPayloadProblemText(payload: unknown, maxBytes = Infinity): CodedText | undefined {
  if (!isRecord(payload)) return said('intercept.snippet.noPayload');
  if (payload.opcode === 1) {
    if (typeof payload.text !== 'string') return said('intercept.snippet.needsText');
  } else if (payload.opcode === 2) {
    if (typeof payload.base64 !== 'string') return said('intercept.snippet.needsBase64');
    const parsed = parseBase64(payload.base64);
    if (!parsed.ok) return said('intercept.snippet.badBase64', { problem: parsed.problem });
  } else return said('intercept.snippet.badOpcode');
  const size = payloadByteLength(payload as unknown as Payload);
  if (size > maxBytes) return said('intercept.snippet.tooBig', { size, max: maxBytes });
  return undefined;
}

function cleanPayload(p: Payload): Payload {
  return p.opcode === 1 ? { opcode: 1, text: p.text ?? '' } : { opcode: 2, base64: p.base64 ?? '' };
}

function readSnippet(value: unknown): Snippet | string {
  if (!isRecord(value)) return english(said('intercept.snippet.notObject'));
  if (typeof value.id !== 'string' || value.id === '') return english(said('intercept.snippet.needsId'));
  const nameProblem = snippetNameProblem(value.name);
  if (nameProblem) return nameProblem;
  const payloadProblem = snippetPayloadProblem(value.payload);
  if (payloadProblem) return payloadProblem;
  const time = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return {
    id: value.id,
    name: (value.name as string).trim(),
    payload: cleanPayload(value.payload as Payload),
    createdAt: time(value.createdAt),
    updatedAt: time(value.updatedAt ?? value.createdAt),
  };
}

/**
 * Reads a stored or exported list (JSON text or a parsed value; a bare array too). Entries that
 * do not read are skipped and reported; a repeated id keeps the first.
 */
export function parseSnippets(input: unknown): SnippetsParse {
  const parsed = readSnippetList(input);
  return parsed.ok ? { ok: true, snippets: parsed.entries.map((e) => e.snippet), skipped: parsed.skipped } : parsed;
}

type IndexedParse =
  | { ok: true; entries: { index: number; snippet: Snippet }[]; skipped: { index: number; error: string }[] }
  | { ok: false; error: string; problem: CodedText; newer?: boolean };

/** `parseSnippets` keeping each snippet's index in the input, for import reports. */
function readSnippetList(input: unknown): IndexedParse {
  const read = readStoredList(input, 'snippets', SNIPPETS_FORMAT_VERSION);
  if (!read.ok) return read;
  const entries: { index: number; snippet: Snippet }[] = [];
  const skipped: { index: number; error: string }[] = [];
  const ids = new Set<string>();
  read.entries.forEach((entry, index) => {
    const snippet = readSnippet(entry);
    if (typeof snippet === 'string') skipped.push({ index, error: snippet });
    else if (ids.has(snippet.id)) skipped.push({ index, error: english(said('intercept.snippet.duplicateId', { id: snippet.id })) });
    else {
      ids.add(snippet.id);
      entries.push({ index, snippet });
    }
  });
  return { ok: true, entries, skipped };
}

export function storedSnippets(snippets: readonly Snippet[]): { version: number; snippets: Snippet[] } {
  return { version: SNIPPETS_FORMAT_VERSION, snippets: snippets.map((s) => ({ ...s, payload: cleanPayload(s.payload) })) };
}

export function serializeSnippets(snippets: readonly Snippet[]): string {
  return JSON.stringify(storedSnippets(snippets));
}

// ------------------------------------------------------------------------------------ store

export interface SnippetStoreOptions {
  now?: () => number;
  newId?: () => string;
  /** Most snippets per origin (default 500). */
  maxSnippets?: number;
  /** Largest payload (default 1 MB: extension storage is ~10 MB for everything). */
  maxPayloadBytes?: number;
}

export interface SnippetStore {
  readonly key: string;
  /** In the order they were added. */
  list(): Promise<Snippet[]>;
  add(name: string, payload: Payload): Promise<Snippet>;
  rename(id: string, name: string): Promise<Snippet>;
  /** Saves a new payload under the same snippet. */
  update(id: string, payload: Payload): Promise<Snippet>;
  /** False when there was no such snippet. */
  remove(id: string): Promise<boolean>;
  /** JSON text of the whole list, for a file. */
  exportJson(): Promise<string>;
  /** Adds the snippets of an exported list (new ids where they collide); reports what it skipped. */
  importJson(input: unknown): Promise<{ added: number; skipped: { index: number; error: string }[] }>;
}

let fallbackCounter = 0;
function defaultId(): string {
  const uuid = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto?.randomUUID?.();
  return uuid ?? `s${Date.now().toString(36)}${(fallbackCounter++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

export function createSnippetStore(storage: KeyValueStorage, origin: string, options: SnippetStoreOptions = {}): SnippetStore {
  const key = originStorageKey('snippets', origin);
  const now = options.now ?? Date.now;
  const newId = options.newId ?? defaultId;
  const maxSnippets = options.maxSnippets ?? 500;
  const maxBytes = options.maxPayloadBytes ?? 1_000_000;
  let queue: Promise<unknown> = Promise.resolve();

  /** Runs `op` after every earlier operation, whether those succeeded or not. */
  function serial<T>(op: () => Promise<T>): Promise<T> {
    const result = queue.then(op);
    queue = result.catch(() => undefined);
    return result;
  }

  async function load(): Promise<Snippet[]> {
    const parsed = parseSnippets(await storage.get(key));
    if (parsed.ok) return parsed.snippets;
    // A newer format must survive an older panel; anything else unreadable is replaced.
    if (parsed.newer) throw new SnippetError(parsed.problem);
    return [];
  }

  const save = (snippets: Snippet[]) => storage.set(key, storedSnippets(snippets));

  function checkPayload(payload: Payload): void {
    const problem = snippetPayloadProblemText(payload, maxBytes);
    if (problem) throw new SnippetError(problem);
  }

  function checkName(name: string): string {
    const problem = snippetNameProblemText(name);
    if (problem) throw new SnippetError(problem);
    return name.trim();
  }

  async function change(id: string, edit: (s: Snippet) => Snippet): Promise<Snippet> {
    const snippets = await load();
    const index = snippets.findIndex((s) => s.id === id);
    if (index === -1) throw snippetError('intercept.snippet.gone');
    snippets[index] = edit(snippets[index]);
    await save(snippets);
    return snippets[index];
  }

  return {
    key,
    list: () => serial(load),

    add: (name, payload) =>
      serial(async () => {
        const clean = checkName(name);
        checkPayload(payload);
        const snippets = await load();
        if (snippets.length >= maxSnippets) throw snippetError('intercept.snippet.tooMany', { max: maxSnippets });
        const time = now();
        const ids = new Set(snippets.map((s) => s.id));
        let id = newId();
        while (ids.has(id)) id = newId();
        const snippet: Snippet = { id, name: clean, payload: cleanPayload(payload), createdAt: time, updatedAt: time };
        snippets.push(snippet);
        await save(snippets);
        return snippet;
      }),

    rename: (id, name) =>
      serial(async () => {
        const clean = checkName(name);
        return change(id, (s) => ({ ...s, name: clean, updatedAt: now() }));
      }),

    update: (id, payload) =>
      serial(async () => {
        checkPayload(payload);
        return change(id, (s) => ({ ...s, payload: cleanPayload(payload), updatedAt: now() }));
      }),

    remove: (id) =>
      serial(async () => {
        const snippets = await load();
        const next = snippets.filter((s) => s.id !== id);
        if (next.length === snippets.length) return false;
        await save(next);
        return true;
      }),

    exportJson: () => serial(async () => serializeSnippets(await load())),

    importJson: (input) =>
      serial(async () => {
        const parsed = readSnippetList(input);
        if (!parsed.ok) throw new SnippetError(parsed.problem);
        const snippets = await load();
        const skipped = [...parsed.skipped];
        const ids = new Set(snippets.map((s) => s.id));
        let added = 0;
        for (const { index, snippet } of parsed.entries) {
          const problem = snippetPayloadProblem(snippet.payload, maxBytes);
          if (problem) skipped.push({ index, error: problem });
          else if (snippets.length >= maxSnippets) skipped.push({ index, error: english(said('intercept.snippet.tooManyImported', { max: maxSnippets })) });
          else {
            let id = snippet.id;
            while (ids.has(id)) id = newId();
            ids.add(id);
            snippets.push({ ...snippet, id });
            added++;
          }
        }
        skipped.sort((a, b) => a.index - b.index);
        if (added) await save(snippets);
        return { added, skipped };
      }),
  };
}
