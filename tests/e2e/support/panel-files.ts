/**
 * Files in and out of the panel, as a user moves them: the Export dialog's download, and a log
 * dropped on the panel or the viewer from the file manager.
 */
import type { TestPage } from '../harness/browsers';

export interface ExportChoice {
  format?: 'har' | 'ndjson';
  /** Keep cookies and credentials (the dialog's one checkbox). */
  sensitive?: boolean;
  scope?: 'all' | 'selected' | 'shown';
  redactions?: string;
}

/**
 * Keeps a copy of the Blob the panel hands over (URL.createObjectURL) in `window.__exported`, and
 * answers the downloads API itself: the product saves through a save-as dialog nobody can click
 * here. Idempotent per page; each call clears the last export.
 */
export async function catchDownloads(target: TestPage): Promise<void> {
  await target.evaluate(() => {
    const w = window as any;
    w.__exported = undefined;
    if (w.__wrapped) return;
    w.__wrapped = true;
    const original = URL.createObjectURL;
    URL.createObjectURL = (blob: Blob) => {
      w.__exported = blob.text();
      return original.call(URL, blob);
    };
    const api = (globalThis as any).chrome?.downloads ?? (globalThis as any).browser?.downloads;
    try {
      api.download = (_options: unknown, callback?: (id: number) => void) => {
        callback?.(1);
        return Promise.resolve(1);
      };
    } catch {
      /* a read-only API object: the download then runs (and is cancelled by the browser) */
    }
  });
}

/** Runs the Export dialog with the given choices and returns the file's text. */
export async function exportFromPanel(target: TestPage, choice: ExportChoice = {}): Promise<string> {
  await catchDownloads(target);
  await target.click({ role: 'button', name: 'Export HAR' });
  await target.waitFor('[role="dialog"][aria-label="Export"]');
  await target.evaluate((o) => {
    const dialog = document.querySelector('[role="dialog"][aria-label="Export"]')!;
    (dialog.querySelector(`input[name="format"][value="${o.format ?? 'har'}"]`) as HTMLInputElement).click();
    (dialog.querySelector(`input[name="scope"][value="${o.scope ?? 'all'}"]`) as HTMLInputElement).click();
    const sensitive = dialog.querySelector('input[type="checkbox"]') as HTMLInputElement;
    if (sensitive.checked !== Boolean(o.sensitive)) sensitive.click();
    const area = dialog.querySelector('textarea') as HTMLTextAreaElement;
    area.value = o.redactions ?? '';
    area.dispatchEvent(new Event('input', { bubbles: true }));
  }, choice);
  await target.click('[role="dialog"][aria-label="Export"] button[type="submit"]');
  await target.waitForFunction(() => (window as any).__exported !== undefined, undefined, { timeout: 15_000 });
  return target.evaluate(() => (window as any).__exported as Promise<string>);
}

/** Imports by dropping a file on the panel or viewer, as a user dragging it from the file manager. */
export async function dropFile(target: TestPage, text: string, fileName: string): Promise<void> {
  await target.evaluate(
    ({ content, name }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], name, { type: 'application/json' }));
      document.querySelector('.app')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { content: text, name: fileName },
  );
}
