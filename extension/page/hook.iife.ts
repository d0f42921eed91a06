/**
 * MAIN-world content script (document_start, every frame). The build emits every manifest content
 * script as one classic IIFE script (scripts/iife-content-scripts.ts), so this runs before the
 * page's own scripts; an ES module would load too late.
 * No extension API exists in this world; everything goes through the bridge.
 */
import { installHook } from '../../src/page/install-hook';

try {
  installHook(window);
} catch {
  // The page must never break because of us; without the hook this frame is simply not captured.
}
