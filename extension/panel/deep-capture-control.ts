/**
 * The panel's side of Deep capture (Chrome): asks for the permissions from the user's click,
 * then tells the background to attach or detach for the inspected tab.
 *
 * Present only when the manifest declares `debugger` (src/protocol/deep-capture.ts). Chromium
 * refuses `debugger` in `optional_permissions` ("cannot be optional"; docs/ARCHITECTURE.md), so
 * a build that ships Deep capture declares it in `permissions`; `permissions.request` then
 * answers at once without a prompt, and still asks for `webNavigation` when that one is optional.
 */
import browser from 'webextension-polyfill';
import type { DeepCaptureControl, DeepCaptureState } from '../../src/panel/environment';
import { deepCaptureRequest, isDeepCaptureAnswer } from '../../src/protocol/deep-capture';

const WANTED = ['debugger', 'webNavigation'] as const;

export function createDeepCaptureControl(tabId: number): DeepCaptureControl | undefined {
  // Firefox has no chrome.debugger, and needs no opt-in (its capture of workers is another path).
  if (!(globalThis as { chrome?: { debugger?: unknown; permissions?: unknown } }).chrome?.permissions) return undefined;
  const manifest = browser.runtime.getManifest() as { permissions?: string[]; optional_permissions?: string[] };
  const declared = new Set([...(manifest.permissions ?? []), ...(manifest.optional_permissions ?? [])]);
  if (!declared.has('debugger') || navigator.userAgent.includes('Firefox/')) return undefined;
  const permissions = WANTED.filter((p) => declared.has(p));

  async function ask(on?: boolean): Promise<DeepCaptureState> {
    const answer: unknown = await browser.runtime.sendMessage(deepCaptureRequest(tabId, on));
    if (!isDeepCaptureAnswer(answer)) return { on: false, origin: '', error: { code: 'failed', detail: 'no answer from the background' } };
    return { on: answer.on, origin: answer.origin, ...(answer.failed ? { error: { code: 'failed', detail: answer.failed } } : {}) };
  }

  return {
    get: () => ask(),
    set(on) {
      if (!on) return ask(false);
      // Called synchronously from the click, so Chrome sees the user gesture it requires.
      return browser.permissions.request({ permissions: [...permissions] as never }).then(
        (granted) => (granted ? ask(true) : { on: false, origin: '', error: { code: 'denied' as const } }),
        (err: unknown) => ({ on: false, origin: '', error: { code: 'failed' as const, detail: err instanceof Error ? err.message : String(err) } }),
      );
    },
  };
}
