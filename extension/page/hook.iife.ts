/**
 * MAIN-world content script (document_start, every frame). Must stay an `.iife.ts` so the build
 * emits one classic script that runs before the page's own scripts.
 * No extension API exists in this world; everything goes through the bridge.
 */
import { installHook } from '../../src/page/install-hook';

try {
  installHook(window);
} catch {
  // The page must never break because of us; without the hook this frame is simply not captured.
}
