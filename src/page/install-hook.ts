/**
 * The capture hook's entry: takes the natives it needs before any page script runs, then wraps
 * `WebSocket` and (where it exists) `WebSocketStream`. Everything is recorded into batches that
 * go to the bridge over a private MessageChannel. See docs/ARCHITECTURE.md, "The capture hook".
 */
import { captureNatives } from './natives';
import { createRecorder, type HookOptions } from './create-recorder';
import { installDisguise } from './disguise';
import { hookWebSocket } from './hook-websocket';
import { hookWebSocketStream } from './hook-websocket-stream';

export { DEFAULT_HOOK_OPTIONS, type HookOptions, type HookConfigCommand } from './create-recorder';

export function installHook(win: Window & typeof globalThis, options?: HookOptions): void {
  if (typeof win.WebSocket !== 'function') return;
  const natives = captureNatives(win);
  const recorder = createRecorder(win, natives, options);
  const disguise = installDisguise(win, natives);
  hookWebSocket(win, natives, recorder, disguise);
  try {
    hookWebSocketStream(win, natives, recorder, disguise);
  } catch {
    /* a browser with a different WebSocketStream shape keeps its native one */
  }
}
