/**
 * "Import": opens HAR (Chrome, Playwright, Frameline) and NDJSON files, by button or by dropping
 * a file anywhere on the panel. A bad file is reported with what is wrong and where; nothing
 * already in the panel is touched unless the import succeeds.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { PanelStore } from '../state/store';
import { importFile, type ImportParser } from './import-file';
import { ToolButton } from '../toolbar/ToolButton';
import { t } from '../common/i18n';

// The extension's worker parser (extension/panel/import-in-worker.ts) imports these from here.
export { parseImportHere, type ImportParser } from './import-file';

export interface ImportControlProps {
  store: PanelStore;
  onImported?(summary: string): void;
  parse?: ImportParser;
  /** Shown in the toolbar's "More" menu (a menu item) rather than in the bar. */
  inMenu?: boolean;
}

export function ImportControl({ store, onImported, parse, inMenu }: ImportControlProps) {
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
      <ToolButton inMenu={inMenu === true} label={t('import')} ariaLabel={t('import')} title={t('importTitle')} onClick={() => input.current?.click()} />
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
