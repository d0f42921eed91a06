/**
 * What sub-protocol decoding offers the panel, as plain types: the list, the details, the filter
 * and the connection view use these, and a test or bench can bring its own `DecoderSupport`.
 * Kept apart from the components and from the engine that implements it (`decoding.ts`) so that
 * neither has to import the other's module to name them.
 */
import type { MessageRecord } from '../../protocol/records';
import type { DecodedFields } from '../../decoders/types';

/** A message as its protocol decoder sees it, for the details' Decoded view. */
export interface DecodedView {
  protocol: string;
  summary?: string;
  type?: string;
  fields?: DecodedFields;
  payload?: unknown;
  error?: string;
  /** Round trip to the paired request/response, when the protocol has ids. */
  pair?: { rowId: number; label: string; rttMs?: number };
}

/** One entry of a connection's decoder menu. */
export interface DecoderChoice {
  id: string;
  label: string;
  /** The decoder in use (detected or chosen). */
  active: boolean;
}

/** What protocol decoders offer the panel (issue: sub-protocol decoders). */
export interface DecoderSupport {
  summaryOf(rowId: number, message: MessageRecord): string | undefined;
  decodedOf(rowId: number, message: MessageRecord): DecodedView | undefined;
  fieldsOf(message: MessageRecord): DecodedFields | undefined;
  /** Whether the message is one of its protocol's keep-alives (`DecodedMessage.heartbeat`). */
  isHeartbeat(message: MessageRecord): boolean;
  /** Decoder choices for a connection, for the override menu. */
  choicesFor?(connId: string): DecoderChoice[];
  choose?(connId: string, decoderId: string): void;
}
