/**
 * One content script of every frame that the background registers and unregisters as the
 * product needs it (scripting.registerContentScripts, document_start, all frames). Shared by the
 * served sockets' script (served-script.ts) and the stub's settings flag (stub-settings-script.ts).
 */

export interface FrameScript {
  id: string;
  file: string;
  world: 'MAIN' | 'ISOLATED';
  /** Kept across browser sessions (settings are; a tab's serving is not). */
  persistAcrossSessions: boolean;
}

interface Registration {
  id: string;
  matches: string[];
  js: string[];
  runAt: 'document_start';
  allFrames: boolean;
  world: 'MAIN' | 'ISOLATED';
  persistAcrossSessions: boolean;
  matchOriginAsFallback?: boolean;
}

export interface RegistrationApi {
  registerContentScripts(scripts: Registration[]): Promise<void>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
  getRegisteredContentScripts(filter: { ids: string[] }): Promise<{ id: string }[]>;
}

/** Registers `script` when `wanted` and it is not, unregisters it when not wanted and it is. */
export async function setFrameScriptRegistered(scripting: RegistrationApi, script: FrameScript, wanted: boolean): Promise<void> {
  const registered = (await scripting.getRegisteredContentScripts({ ids: [script.id] })).length > 0;
  if (wanted === registered) return;
  if (!wanted) return scripting.unregisterContentScripts({ ids: [script.id] });
  const registration: Registration = {
    id: script.id,
    matches: ['<all_urls>'],
    js: [script.file],
    runAt: 'document_start',
    allFrames: true,
    world: script.world,
    persistAcrossSessions: script.persistAcrossSessions,
    // about:blank, srcdoc and data: frames, as the manifest's own content scripts.
    matchOriginAsFallback: true,
  };
  // A browser that does not know matchOriginAsFallback refuses the whole registration: then
  // register without it.
  await scripting.registerContentScripts([registration]).catch(() => {
    const { matchOriginAsFallback: _unsupported, ...plain } = registration;
    void _unsupported;
    return scripting.registerContentScripts([plain]);
  });
}
