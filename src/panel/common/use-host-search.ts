/**
 * DevTools' own search bar (Ctrl+F over the panel in Chromium) drives the Filter box: typing
 * there filters the list as typing in the box does, and closing the bar clears the filter.
 * The box shows the query, so what filters the list is always visible in the panel itself.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { HostSearch } from '../environment';

export function useHostSearch(search: HostSearch | undefined, setText: (text: string) => void): void {
  // The latest setter, without subscribing again at each render.
  const set = useRef(setText);
  set.current = setText;
  useEffect(() => {
    if (!search) return;
    // Next/previous have no meaning for a filter: every match is already in the list.
    return search.listen((action, query) => {
      if (action === 'performSearch') set.current(query ?? '');
      else if (action === 'cancelSearch') set.current('');
    });
  }, [search]);
}
