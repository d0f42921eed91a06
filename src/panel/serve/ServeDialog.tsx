/**
 * "Serve from log": pick a recorded connection (this session's or an imported log's) and how to
 * serve it: the socket URLs to answer (default: the connection's URL), timed or conversational,
 * the speed, how the page's messages are matched. "Serve" answers the page's next sockets to
 * those URLs from the log; "Serve and reload" also reloads the page so its sockets are served
 * from the start. "Export as Playwright test" saves the same conversation as a .spec.ts.
 * Without a live page (the viewer) only the export is offered.
 */
import { useState } from 'preact/hooks';
import type { ConnectionInfo } from '../../protocol/records';
import type { ServeMatch, ServeScript } from '../../protocol/serve';
import { jsonPathErrorText, parseJsonPath } from '../../lib/json-path';
import { SERVE_SPEEDS, type ServeChoices } from '../state/serve-scripts';
import { t } from '../common/i18n';
import { say } from '../common/coded-text';
import { clipForDisplay } from '../common/clip';
import { ModalDialog } from '../common/ModalDialog';

export interface ServeDialogProps {
  connections: ConnectionInfo[];
  /** The connection selected in the panel, if one is. */
  initialId?: string;
  numberOf(id: string): string;
  /** Absent without a live page: only the export is offered. */
  onServe?(connId: string, choices: ServeChoices, reload: boolean): Promise<void>;
  onExport(connId: string, choices: ServeChoices): Promise<void>;
  onClose(): void;
}

function speedLabel(speed: number): string {
  return speed === 0 ? t('serveSpeedFastest') : `${speed}×`;
}

export function ServeDialog({ connections, initialId, numberOf, onServe, onExport, onClose }: ServeDialogProps) {
  const servable = connections.filter((c) => c.served === undefined);
  const [connId, setConnId] = useState(initialId && servable.some((c) => c.id === initialId) ? initialId : servable[0]?.id);
  const connection = servable.find((c) => c.id === connId);
  const [pattern, setPattern] = useState(connection?.url ?? '');
  const [mode, setMode] = useState<ServeScript['mode']>('conversational');
  const [speed, setSpeed] = useState(1);
  const [matchKind, setMatchKind] = useState<ServeMatch['kind']>('exact');
  const [path, setPath] = useState('$.type');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const parsedPath = matchKind === 'path' ? parseJsonPath(path.trim()) : undefined;
  const pathError = parsedPath && !parsedPath.ok ? say(jsonPathErrorText(parsedPath)) : undefined;

  function choices(): ServeChoices | undefined {
    if (!connection) return undefined;
    if (!pattern.trim()) {
      setError(t('servePatternEmpty'));
      return undefined;
    }
    if (pathError) {
      setError(pathError);
      return undefined;
    }
    const match: ServeMatch = matchKind === 'path' ? { kind: 'path', path: path.trim() } : { kind: matchKind };
    return { pattern: pattern.trim(), mode, speed, match };
  }

  async function run(action: (id: string, c: ServeChoices) => Promise<void>): Promise<void> {
    const chosen = choices();
    if (!chosen || !connId || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await action(connId, chosen);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const serve = (reload: boolean) =>
    void run(async (id, c) => {
      await onServe?.(id, c, reload);
      onClose();
    });

  return (
    <ModalDialog
      label={t('serveFromLog')}
      onClose={onClose}
      onSubmit={(e) => {
        e.preventDefault();
        if (onServe) serve(false);
      }}
      buttons={
        <>
          <button type="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="button" data-action="export-playwright" disabled={!connection || busy} onClick={() => void run(onExport)}>
            {t('exportPlaywright')}
          </button>
          {onServe && (
            <>
              <button type="button" data-action="serve-reload" disabled={!connection || busy} onClick={() => serve(true)}>
                {t('serveAndReload')}
              </button>
              <button type="submit" class="primary" data-action="serve" disabled={!connection || busy}>
                {t('serveButton')}
              </button>
            </>
          )}
        </>
      }
    >
      {servable.length === 0 ? (
        <p class="hint">{t('serveNoConnections')}</p>
      ) : (
        <>
          <label class="field column">
            <span>{t('serveConnection')}</span>
            <select
              aria-label={t('serveConnection')}
              name="serve-connection"
              value={connId}
              onChange={(e) => {
                const id = (e.target as HTMLSelectElement).value;
                setConnId(id);
                setPattern(servable.find((c) => c.id === id)?.url ?? '');
              }}
            >
              {servable.map((c) => (
                <option key={c.id} value={c.id}>
                  {`${numberOf(c.id)} ${clipForDisplay(c.url).slice(0, 200)}${c.source === 'imported' ? ` (${t('importedTag')})` : ''}`}
                </option>
              ))}
            </select>
          </label>
          <label class="field column">
            <span>{t('servePattern')}</span>
            <input aria-label={t('servePattern')} name="serve-pattern" value={pattern} spellcheck={false} onInput={(e) => setPattern((e.target as HTMLInputElement).value)} />
            <span class="hint">{t('servePatternHint')}</span>
          </label>
          <fieldset>
            <legend>{t('serveMode')}</legend>
            {(['conversational', 'timed'] as const).map((m) => (
              <label class="choice" key={m}>
                <input type="radio" name="serve-mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
                <span>{m === 'timed' ? t('serveModeTimed') : t('serveModeConversational')}</span>
              </label>
            ))}
            <p class="hint">{mode === 'timed' ? t('serveModeTimedHint') : t('serveModeConversationalHint')}</p>
          </fieldset>
          {mode === 'timed' && (
            <label class="field">
              <span>{t('serveSpeed')}</span>
              <select aria-label={t('serveSpeed')} name="serve-speed" value={String(speed)} onChange={(e) => setSpeed(Number((e.target as HTMLSelectElement).value))}>
                {SERVE_SPEEDS.map((s) => (
                  <option key={s} value={String(s)}>
                    {speedLabel(s)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label class="field">
            <span>{t('serveMatch')}</span>
            <select aria-label={t('serveMatch')} name="serve-match" value={matchKind} onChange={(e) => setMatchKind((e.target as HTMLSelectElement).value as ServeMatch['kind'])}>
              <option value="exact">{t('serveMatchExact')}</option>
              <option value="shape">{t('serveMatchShape')}</option>
              <option value="path">{t('serveMatchPath')}</option>
            </select>
          </label>
          {matchKind === 'path' && (
            <label class="field column">
              <span>{t('serveMatchPath')}</span>
              <input
                aria-label={t('serveMatchPathInput')}
                name="serve-path"
                value={path}
                spellcheck={false}
                aria-invalid={pathError ? true : undefined}
                onInput={(e) => setPath((e.target as HTMLInputElement).value)}
              />
            </label>
          )}
          {!onServe && <p class="hint">{t('serveNeedsPage')}</p>}
        </>
      )}
      {(error ?? pathError) && (
        <div class="problem" role="alert">
          {clipForDisplay(error ?? pathError ?? '')}
        </div>
      )}
    </ModalDialog>
  );
}
