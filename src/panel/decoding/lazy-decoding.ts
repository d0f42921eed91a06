/**
 * Decoding that loads on first use: the decoders and their libraries (MessagePack, CBOR,
 * mqtt-packet with its Node polyfills, Socket.IO and Engine.IO parsers) are about half of the
 * panel's code, and the first render needs none of them. This stands in for `createDecoding`
 * (decoding.ts) and asks for its module the first time anything is asked of it; until the module
 * is there every answer is "nothing decoded yet" (no summary, no fields, not a heartbeat, no
 * choices), and when it arrives `onChange` tells the panel to ask again (the list re-renders, a
 * filter on decoded fields runs again: `useFilter` follows the decoding version).
 */
import type { PanelStore } from '../state/store';
import type { DecodingOptions } from './decoding';
import type { DecoderSupport } from './types';

type DecodingModule = { createDecoding(store: PanelStore, onChange: () => void, options?: DecodingOptions): DecoderSupport };

/** `load` is the module's dynamic import (tests may pass the module itself, resolved). */
export function createLazyDecoding(store: PanelStore, onChange: () => void, load: () => Promise<DecodingModule>, options: DecodingOptions = {}): DecoderSupport & { ready(): Promise<void> } {
  let real: DecoderSupport | undefined;
  let loading: Promise<void> | undefined;
  const ready = (): Promise<void> =>
    (loading ??= load().then(
      (module) => {
        real = module.createDecoding(store, onChange, options);
        onChange();
      },
      () => {
        // The chunk did not load (the panel is closing): the next question asks again.
        loading = undefined;
      },
    ));
  /** The real decoding, or undefined after starting to load it. */
  const get = (): DecoderSupport | undefined => {
    if (!real) void ready();
    return real;
  };
  return {
    ready,
    summaryOf: (rowId, message) => get()?.summaryOf(rowId, message),
    decodedOf: (rowId, message) => get()?.decodedOf(rowId, message),
    fieldsOf: (message) => get()?.fieldsOf(message),
    isHeartbeat: (message) => get()?.isHeartbeat(message) ?? false,
    choicesFor: (connId) => get()?.choicesFor?.(connId) ?? [],
    choose: (connId, decoderId) => get()?.choose?.(connId, decoderId),
  };
}
