/**
 * The visible "Serving" indicator: while the tab serves from a log, a line under the toolbar says
 * so (the page's sockets to those URLs have no network behind them) with "Stop serving".
 */
import type { ServeScript } from '../../protocol/serve';
import { t } from '../common/i18n';
import { clipForDisplay } from '../common/clip';

export function ServingBar({ scripts, onStop }: { scripts: ServeScript[]; onStop(id: string): void }) {
  if (scripts.length === 0) return null;
  const one = scripts.length === 1 ? scripts[0] : undefined;
  return (
    <div class="serving" role="status" data-serving={scripts.length}>
      <span class="serving-text">
        {one ? (
          <>
            {t('servingOne', [one.mode === 'timed' ? t('serveModeTimed') : t('serveModeConversational')])}{' '}
            <span data-untranslated title={clipForDisplay(one.pattern)}>
              {clipForDisplay(one.pattern)}
            </span>
          </>
        ) : (
          t('servingMany', [String(scripts.length)])
        )}
      </span>
      <button type="button" data-action="stop-serving" onClick={() => onStop(one ? one.id : '*')}>
        {t('stopServing')}
      </button>
    </div>
  );
}
