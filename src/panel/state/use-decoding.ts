/** Preact glue for sub-protocol decoding: one decoding per store, and a version that changes with its results. */
import { useMemo, useState } from 'preact/hooks';
import { createLazyDecoding } from '../decoding/lazy-decoding';
import type { DecoderSupport } from '../decoding/types';
import type { PanelStore } from './store';

/**
 * The built-in decoding unless the caller brings its own (e.g. a test). The decoders load on first
 * use, in a chunk of their own (src/panel/decoding/lazy-decoding.ts), and the version changes when
 * they are there.
 */
export function useDecoding(store: PanelStore, given?: DecoderSupport): { decoders: DecoderSupport; version: number } {
  const [version, setVersion] = useState(0);
  const decoders = useMemo(() => given ?? createLazyDecoding(store, () => setVersion((n) => n + 1), () => import('../decoding/decoding')), [store, given]);
  return { decoders, version };
}
