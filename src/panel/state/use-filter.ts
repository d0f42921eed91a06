/** Preact glue for the filter box: its text, what it means, and the predicate the view runs. */
import { useMemo, useState } from 'preact/hooks';
import type { FilterRow } from '../../query/types';
import type { DecoderSupport } from '../decoding/types';
import type { PanelStore } from './store';
import { compileFilter, filterContextOf, readFilter, type FilterReading } from './filter';

export interface FilterState extends FilterReading {
  text: string;
  setText(text: string): void;
  predicate: ((row: FilterRow) => boolean) | null;
}

/**
 * `decodingVersion` changes when decoded results change on their own (a stateful session caught
 * up, a decoder chosen): the predicate is compiled again so decoded-field terms see them.
 */
export function useFilter(store: PanelStore, decoders: DecoderSupport, decodingVersion: number): FilterState {
  const [text, setText] = useState('');
  const reading = useMemo(() => readFilter(text), [text]);
  const predicate = useMemo(() => compileFilter(reading, filterContextOf(store, decoders)), [reading, store, decoders, decodingVersion]);
  return { ...reading, text, setText, predicate };
}
