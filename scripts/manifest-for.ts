/**
 * Turns the one manifest.json source into a browser's variant.
 *
 * Firefox: `background.service_worker` becomes `background.scripts` (Firefox runs MV3 background
 * code as an event page and refuses a service worker entry), the add-on gets its fixed id, its
 * minimum version and its data-collection statement (AMO requires one; Frameline collects
 * nothing), and the Chrome-only `minimum_chrome_version` is dropped.
 */
export type Browser = 'chrome' | 'firefox';

export const GECKO_ID = 'frameline@frameline.dev';

/**
 * The oldest Firefox that reads every key of the Firefox manifest: `data_collection_permissions`
 * came in Firefox 140 on desktop and 142 on Android, and addons-linter (`web-ext lint`, AMO's
 * validator) checks both. Everything else needs 128 or older (MAIN-world content scripts,
 * `match_origin_as_fallback`). 142 covers the current ESR, 153, which the tests run. README.md
 * says the same.
 */
export const FIREFOX_MIN_VERSION = '142.0';

/** A manifest as JSON: the keys this script reads are typed, the rest passes through. */
export interface ManifestJson {
  background?: { service_worker?: string; scripts?: string[]; type?: string };
  content_scripts?: { js: string[]; [key: string]: unknown }[];
  [key: string]: unknown;
}

export function manifestFor(source: ManifestJson, browser: Browser): ManifestJson {
  const manifest = structuredClone(source);
  if (browser === 'firefox') {
    delete manifest.minimum_chrome_version;
    manifest.background = { scripts: [source.background?.service_worker ?? 'background.js'], type: 'module' };
    manifest.browser_specific_settings = {
      gecko: { id: GECKO_ID, strict_min_version: FIREFOX_MIN_VERSION, data_collection_permissions: { required: ['none'] } },
    };
  }
  return manifest;
}
