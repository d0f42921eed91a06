/**
 * "Import": opens HAR (Chrome, Playwright, Frameline) and NDJSON files, by button or by dropping
 * a file anywhere on the panel. A bad file is reported with what is wrong and where; nothing
 * already in the panel is touched unless the import succeeds.
 */
import { useEffect, useRef } from 'preact/hooks';
import { checkImportSize, importLog, type ImportResult } from '../../logs/import';
import { createImportPrefix } from '../../logs/import-common';
import type { PanelStore } from '../state/store';
import { addImportedLog } from './session';
import { t } from '../common/i18n';

/**
 * Reads and parses a file into a log. The extension's parses in a worker (extension/panel/import-worker.ts)
 * so that a big file does not freeze the panel; this default parses here (tests, and a fallback).
 */
export type ImportParser = (file: File, idPrefix: string) => Promise<ImportResult>;

export const parseImportHere: ImportParser = async (file, idPrefix) =>
  importLog({ text: await file.text(), fileName: file.name, byteLength: file.size }, { idPrefix });

export interface ImportControlProps {
  store: PanelStore;
  onImported?(summary: string): void;
  parse?: ImportParser;
}

export async function importFile(store: PanelStore, file: File, parse: ImportParser = parseImportHere): Promise<{ ok: boolean; message: string }> {
  const tooBig = checkImportSize(file.size);
  if (tooBig) return { ok: false, message: t('importFailed', [file.name, tooBig]) };
  const result = await parse(file, createImportPrefix());
  if (!result.ok) return { ok: false, message: t('importFailed', [file.name, result.error]) };
  addImportedLog(store, result.log);
  const summary = t('imported', [file.name, String(result.log.connections.length), String(result.log.messages.length)]);
  return { ok: true, message: result.warnings.length ? `${summary} ${result.warnings.join(' ')}` : summary };
}

export function ImportControl({ store, onImported, parse }: ImportControlProps) {
  const input = useRef<HTMLInputElement>(null);

  async function take(files: FileList | null | undefined): Promise<void> {
    for (const file of files ?? []) {
      const outcome = await importFile(store, file, parse);
      if (outcome.ok) {
        store.setProblem(undefined);
        onImported?.(outcome.message);
      } else store.setProblem(outcome.message);
    }
  }

  // Dropping a file anywhere on the panel imports it.
  useEffect(() => {
    const over = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      if (!e.dataTransfer?.files.length) return;
      e.preventDefault();
      void take(e.dataTransfer.files);
    };
    document.addEventListener('dragover', over);
    document.addEventListener('drop', drop);
    return () => {
      document.removeEventListener('dragover', over);
      document.removeEventListener('drop', drop);
    };
  }, [store]);

  return (
    <>
      <button type="button" class="tool text" aria-label={t('import')} title={t('importTitle')} onClick={() => input.current?.click()}>
        {t('import')}
      </button>
      <input
        ref={input}
        type="file"
        accept=".har,.json,.ndjson,.jsonl,application/json"
        hidden
        data-testid="import-file"
        onChange={(e) => {
          const target = e.target as HTMLInputElement;
          void take(target.files).finally(() => (target.value = ''));
        }}
      />
    </>
  );
}
