/**
 * The wall clock for a component that shows durations or rates of things still going on (an
 * open connection's duration). Only the component that calls it re-renders as time passes, not
 * the panel around it.
 */
import { useEffect, useState } from 'preact/hooks';

export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
