/**
 * Saves a file through the downloads API, which works from extension pages in both browsers
 * (a DevTools panel's `<a download>` does nothing in Firefox, whose DevTools cannot save
 * WebSocket messages at all otherwise).
 */
import browser from 'webextension-polyfill';

export async function downloadBlob(blob: Blob, fileName: string): Promise<void> {
  const url = URL.createObjectURL(blob);
  try {
    await browser.downloads.download({ url, filename: fileName, saveAs: true });
  } finally {
    // The download has started reading the URL by now; give it time before revoking.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}
