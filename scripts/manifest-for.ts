/**
 * Turns the one manifest.json source into a browser's variant. Firefox refuses
 * `background.service_worker` alone and needs its add-on id, which is fixed: it must never change.
 */
export type Browser = 'chrome' | 'firefox';

export const GECKO_ID = 'frameline@frameline.dev';

export function manifestFor(source: Record<string, any>, browser: Browser): Record<string, any> {
  const manifest = structuredClone(source);
  if (browser === 'firefox') {
    manifest.background = { scripts: [source.background.service_worker], type: 'module' };
    manifest.browser_specific_settings = {
      gecko: { id: GECKO_ID, strict_min_version: '142.0', data_collection_permissions: { required: ['none'] } },
    };
  }
  return manifest;
}
