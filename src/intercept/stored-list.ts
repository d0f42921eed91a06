/**
 * The envelope rules and snippets are stored and exported in: `{ "version": 1, "<key>": [...] }`,
 * or a bare array (hand-written files), as JSON text or as a value already parsed (extension
 * storage returns objects). Strict about the envelope; each caller reads the entries leniently.
 */
import { isRecord } from '../lib/objects';

export type StoredListRead =
  | { ok: true; entries: unknown[] }
  /** `newer`: written by a later format, which must not be overwritten by this one. */
  | { ok: false; error: string; newer?: boolean };

/** `key` names the list in the envelope and in messages ("rules", "snippets"). Nothing stored yet reads as an empty list. */
export function readStoredList(input: unknown, key: string, formatVersion: number): StoredListRead {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch {
      return { ok: false, error: `The ${key} are not valid JSON` };
    }
  }
  if (value === undefined || value === null) return { ok: true, entries: [] };
  let list: unknown = value;
  if (isRecord(value)) {
    if (typeof value.version !== 'number') return { ok: false, error: `Not a Frameline ${key} list (no "version")` };
    if (value.version > formatVersion) {
      return { ok: false, error: `These ${key} were saved by a newer Frameline (format ${value.version}); update to read them`, newer: true };
    }
    list = value[key];
  }
  if (!Array.isArray(list)) return { ok: false, error: `Not a Frameline ${key} list (expected "${key}": [...])` };
  return { ok: true, entries: list };
}
