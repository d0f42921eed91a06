/**
 * Turns the one manifest.json source into a browser's variant.
 *
 * Firefox: `background.service_worker` becomes `background.scripts` (Firefox runs MV3 background
 * code as an event page and refuses a service worker entry), the add-on gets its fixed id, its
 * minimum version and its data-collection statement (AMO requires one; Frameline collects
 * nothing), the Chrome-only `minimum_chrome_version` is dropped, and the permissions that let the
 * background put the worker hook in front of worker scripts are added (FIREFOX_ONLY_PERMISSIONS).
 * Chrome: the Deep capture permissions are added (CHROME_ONLY_PERMISSIONS).
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

/**
 * `webRequest.filterResponseData` on worker scripts (extension/background/worker-script-filter.ts):
 * `webRequestBlocking` (the filter is attached from a blocking listener), `webRequestFilterResponse`
 * (MV3 asks for it besides webRequestBlocking) and `webRequestFilterResponse.serviceWorkerScript`
 * (without it Firefox refuses to filter a service worker's script). Chrome has neither API nor
 * permission (an MV3 Chrome extension cannot block), so its manifest stays without them.
 * docs/PERMISSIONS.md explains each.
 */
export const FIREFOX_ONLY_PERMISSIONS = ['webRequestBlocking', 'webRequestFilterResponse', 'webRequestFilterResponse.serviceWorkerScript'];

/**
 * Deep capture (extension/background/deep-capture.ts): `debugger` to watch the sockets of the
 * inspected page's workers through chrome.debugger, only for origins the user turned it on for in
 * the panel, and `webNavigation` to attach before a navigation to such an origin so its workers
 * start under the debugger. Chromium refuses `debugger` in `optional_permissions` ("cannot be
 * optional": https://developer.chrome.com/docs/extensions/reference/api/permissions), so it is
 * declared; nothing is attached until the user ticks Deep capture. Firefox needs neither (its
 * workers are captured through filterResponseData).
 */
export const CHROME_ONLY_PERMISSIONS = ['debugger', 'webNavigation'];

/** A manifest as JSON: the keys this script reads are typed, the rest passes through. */
export interface ManifestJson {
  background?: { service_worker?: string; scripts?: string[]; type?: string };
  content_scripts?: { js: string[]; [key: string]: unknown }[];
  permissions?: string[];
  [key: string]: unknown;
}

export function manifestFor(source: ManifestJson, browser: Browser): ManifestJson {
  const manifest = structuredClone(source);
  if (browser === 'firefox') {
    delete manifest.minimum_chrome_version;
    manifest.background = { scripts: [source.background?.service_worker ?? 'background.js'], type: 'module' };
    manifest.permissions = [...new Set([...(source.permissions ?? []), ...FIREFOX_ONLY_PERMISSIONS])];
    manifest.browser_specific_settings = {
      gecko: { id: GECKO_ID, strict_min_version: FIREFOX_MIN_VERSION, data_collection_permissions: { required: ['none'] } },
    };
  } else {
    manifest.permissions = [...new Set([...(source.permissions ?? []), ...CHROME_ONLY_PERMISSIONS])];
  }
  return manifest;
}
