/**
 * Intercept rules and breakpoints of the inspected page. Rules are saved per origin: they are
 * loaded (and sent to the page) when the inspected origin becomes known or changes, and saved on
 * every change. Breakpoints are not saved: they are for the session at hand.
 */
import { useEffect, useState } from 'preact/hooks';
import type { InterceptConfig } from '../../protocol/intercept';
import type { LivePage } from '../environment';

export interface InterceptConfigState {
  config: InterceptConfig;
  /** Applies a change: the page gets it at once, the rules are saved for the origin. */
  change(next: InterceptConfig): void;
}

export function useInterceptConfig(origin: string | undefined, page: LivePage | undefined): InterceptConfigState {
  const [config, setConfig] = useState<InterceptConfig>({ rules: [], breakpoints: [] });
  useEffect(() => {
    if (!origin || !page?.rulesStore) return;
    void page.rulesStore.load(origin).then((rules) => {
      setConfig((current) => {
        const next = { ...current, rules };
        page.intercept(next);
        return next;
      });
    });
  }, [origin]);
  return {
    config,
    change(next) {
      setConfig(next);
      page?.intercept(next);
      if (origin) void page?.rulesStore?.save(origin, next.rules);
    },
  };
}
