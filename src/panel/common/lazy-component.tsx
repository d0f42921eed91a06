/**
 * A component whose code loads the first time it is shown (issue 13: the panel's initial bundle
 * at most 250 KB). Dialogs and panes a session may never open (Settings, Export, Serve from log,
 * Intercept, New connection) each sit in a chunk of their own; until the chunk is there, a small
 * busy status holds the place (a few milliseconds from the extension's own files). Once loaded,
 * the component renders at once every later time.
 */
import { useEffect, useState } from 'preact/hooks';
import type { FunctionComponent } from 'preact';
import { t } from './i18n';

export function lazyComponent<P extends object>(load: () => Promise<FunctionComponent<P>>, placeholderClass = 'lazy-loading'): FunctionComponent<P> {
  let loaded: FunctionComponent<P> | undefined;
  let loading: Promise<FunctionComponent<P>> | undefined;
  const start = () =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        // The chunk did not load (the panel is closing, or the extension was updated): the next render asks again.
        loading = undefined;
        throw error;
      },
    ));

  return function Lazy(props: P) {
    const [Component, setComponent] = useState(() => loaded);
    useEffect(() => {
      if (Component) return;
      let live = true;
      start().then(
        (component) => live && setComponent(() => component),
        () => undefined,
      );
      return () => {
        live = false;
      };
    }, [Component]);
    if (Component) return <Component {...props} />;
    return (
      <div class={placeholderClass} role="status" aria-busy="true">
        {t('loadingPart')}
      </div>
    );
  };
}
