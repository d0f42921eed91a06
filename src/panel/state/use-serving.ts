/**
 * The tab's servings as the panel shows them: the scripts the router says the tab serves now,
 * every script seen in this panel (a served connection keeps its unmatched rows after serving
 * stopped), and the actions. Without a live page (the viewer) nothing is served.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ServeScript } from '../../protocol/serve';
import type { ServingControl } from '../environment';
import type { PanelStore } from './store';
import { createUnmatchedRows, type UnmatchedRows } from './unmatched-rows';

export interface ServingState {
  /** Served now, in the order the router lists them. */
  scripts: ServeScript[];
  /** Undefined without a live page. */
  control?: ServingControl;
  unmatched: UnmatchedRows;
  /** Serves the script; with `reload`, reloads the page once the router lists it. */
  serve(script: ServeScript, reload: boolean): void;
  stop(id: string): void;
}

/** How long "Serve and reload" waits for the router to confirm before reloading anyway. */
const RELOAD_WAIT_MS = 2000;
/**
 * After the router lists the script, the bridges still have to write their documents' serve
 * markers (one more message hop): the reload waits this long more so the reloaded document's
 * hook finds the marker when the page constructs its sockets.
 */
const MARKER_SETTLE_MS = 150;

export function useServing(store: PanelStore, control: ServingControl | undefined): ServingState {
  const [scripts, setScripts] = useState<ServeScript[]>([]);
  const known = useRef(new Map<string, ServeScript>());
  const pendingReload = useRef<{ id: string; timer: ReturnType<typeof setTimeout> } | undefined>();

  useEffect(() => {
    if (!control) return;
    return control.watch((list) => {
      for (const script of list) known.current.set(script.id, script);
      setScripts(list);
      const pending = pendingReload.current;
      if (pending && list.some((s) => s.id === pending.id)) {
        clearTimeout(pending.timer);
        pendingReload.current = undefined;
        setTimeout(() => control.reload(), MARKER_SETTLE_MS);
      }
    });
  }, [control]);

  const unmatched = useMemo(() => createUnmatchedRows(store, (id) => known.current.get(id)), [store]);

  return {
    scripts,
    control,
    unmatched,
    serve(script, reload) {
      if (!control) return;
      known.current.set(script.id, script);
      if (reload) {
        if (pendingReload.current) clearTimeout(pendingReload.current.timer);
        pendingReload.current = {
          id: script.id,
          timer: setTimeout(() => {
            pendingReload.current = undefined;
            control.reload();
          }, RELOAD_WAIT_MS),
        };
      }
      control.serve(script);
    },
    stop(id) {
      control?.unserve(id);
    },
  };
}
