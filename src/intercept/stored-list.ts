/**
 * The envelope rules and snippets are stored and exported in: `{ "version": 1, "<key>": [...] }`,
 * or a bare array (hand-written files), as JSON text or as a value already parsed (extension
 * storage returns objects). Strict about the envelope; each caller reads the entries leniently.
 */
import { isRecord } from '../lib/objects';
import type { CodedText } from '../lib/coded-text';
import { interceptTexts } from './texts';

export type StoredListRead =
  | { ok: true; entries: unknown[] }
  /** `newer`: written by a later format, which must not be overwritten by this one. */
  | { ok: false; error: string; problem: CodedText; newer?: boolean };

type StoredProblem = 'intercept.stored.notJson' | 'intercept.stored.noVersion' | 'intercept.stored.newer' | 'intercept.stored.notArray';

/** `key` names the list in the envelope and in messages ("rules", "snippets"). Nothing stored yet reads as an empty list. */
export function readStoredList(input: unknown, key: 'rules' | 'snippets', formatVersion: number): StoredListRead {
  const failed = (code: StoredProblem, extra: Record<string, string | number> = {}): StoredListRead => {
    const problem = interceptTexts.text(code, { list: interceptTexts.text(key === 'rules' ? 'intercept.list.rules' : 'intercept.list.snippets'), key, ...extra });
    return { ok: false, error: interceptTexts.english(problem), problem };
  };
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch {
      return failed('intercept.stored.notJson');
    }
  }
  if (value === undefined || value === null) return { ok: true, entries: [] };
  let list: unknown = value;
  if (isRecord(value)) {
    if (typeof value.version !== 'number') return failed('intercept.stored.noVersion');
    if (value.version > formatVersion) return { ...failed('intercept.stored.newer', { version: value.version }), newer: true } as StoredListRead;
    list = value[key];
  }
  if (!Array.isArray(list)) return failed('intercept.stored.notArray');
  return { ok: true, entries: list };
}
