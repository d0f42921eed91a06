/** Preact glue for sub-protocol decoding: one decoding per store, and a version that changes with its results. */
import { useMemo, useState } from 'preact/hooks';
import { createDecoding } from '../decoding/decoding';
import type { DecoderSupport } from '../decoding/types';
import type { PanelStore } from './store';

/** The built-in decoding unless the caller brings its own (e.g. a test). */
export function useDecoding(store: PanelStore, given?: DecoderSupport): { decoders: DecoderSupport; version: number } {
  const [version, setVersion] = useState(0);
  const decoders = useMemo(() => given ?? createDecoding(store, () => setVersion((n) => n + 1)), [store, given]);
  return { decoders, version };
}
