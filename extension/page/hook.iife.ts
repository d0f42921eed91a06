/**
 * MAIN-world content script (document_start, every frame). Must stay an `.iife.ts`: the build
 * (@crxjs/vite-plugin) then emits one self-contained classic script that runs before the page's
 * own scripts; any other name gets an async loader that runs after the page may have made sockets.
 * No extension API exists in this world; everything goes through the bridge.
 */
import { installHook } from '../../src/page/install-hook';

try {
  installHook(window);
} catch {
  // The page must never break because of us; without the hook this frame is simply not captured.
}
