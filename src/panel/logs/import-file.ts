/**
 * Importing a log file into the store, apart from the Import button (`ImportControl.tsx`) so that
 * the environment contract (`environment.ts`) and the extension's worker parser can name the
 * parser type without importing a component.
 */
import type { ImportResult } from '../../logs/import';
import { createImportPrefix } from '../../logs/import-common';
import type { PanelStore } from '../state/store';
import { addImportedLog } from './session';
import { t } from '../common/i18n';
import { say } from '../common/coded-text';

/**
 * Reads and parses a file into a log. The extension's parses in a worker (extension/panel/import-worker.ts)
 * so that a big file does not freeze the panel; this default parses here (tests, and a fallback).
 */
export type ImportParser = (file: File, idPrefix: string) => Promise<ImportResult>;

/** The HAR and NDJSON readers: loaded on the first import, not with the panel (its initial bundle, issue 13). */
const loadImporter = () => import('../../logs/import');

export const parseImportHere: ImportParser = async (file, idPrefix) => {
  const { importLog } = await loadImporter();
  return importLog({ text: await file.text(), fileName: file.name, byteLength: file.size }, { idPrefix });
};

export async function importFile(store: PanelStore, file: File, parse: ImportParser = parseImportHere): Promise<{ ok: boolean; message: string }> {
  const tooBig = (await loadImporter()).importSizeProblem(file.size);
  if (tooBig) return { ok: false, message: t('importFailed', [file.name, say(tooBig)]) };
  const result = await parse(file, createImportPrefix());
  if (!result.ok) return { ok: false, message: t('importFailed', [file.name, say(result.problem)]) };
  addImportedLog(store, result.log);
  const summary = t('imported', [file.name, String(result.log.connections.length), String(result.log.messages.length)]);
  const warnings = result.warningTexts.map(say);
  return { ok: true, message: warnings.length ? `${summary} ${warnings.join(' ')}` : summary };
}
