/**
 * A value that follows `value` at most once every `intervalMs`: the first change goes through
 * at once, later ones wait for the interval to end and then the latest one goes through. Used
 * for what screen readers announce (a live region that changes 20 times a second is noise
 * that drowns everything else out), while the visible text keeps updating live.
 */
import { useEffect, useRef, useState } from 'preact/hooks';

export function useThrottledValue<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const lastAt = useRef(0);
  const latest = useRef(value);
  latest.current = value;
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const wait = lastAt.current + intervalMs - Date.now();
    const flush = () => {
      lastAt.current = Date.now();
      setShown(latest.current);
    };
    if (wait <= 0) return flush();
    const timer = setTimeout(flush, wait);
    return () => clearTimeout(timer);
  }, [value, shown, intervalMs]);
  return shown;
}
