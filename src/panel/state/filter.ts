/**
 * The filter box's text as the panel uses it: parsed once per edit (errors shown in place, a
 * description for the tooltip), then compiled against the store and the decoders into the
 * predicate the message view runs. Pure, so it can be tested without a DOM.
 */
import { parseQuery } from '../../query/parse';
import { compileQuery } from '../../query/compile';
import { describeQueryText } from '../../query/describe';
import type { FilterRow, MatchContext, ParseResult } from '../../query/types';
import type { DecoderSupport } from '../decoding/types';
import type { PanelStore } from './store';
import { t } from '../common/i18n';
import { say } from '../common/coded-text';

export interface FilterReading {
  /** Undefined for an empty box (no filter). */
  parsed: ParseResult | undefined;
  /** Where the query is wrong, for the box. */
  error?: { message: string; at: number };
  /** What the query means, or how to write one. */
  title: string;
}

export function readFilter(text: string): FilterReading {
  const parsed = text.trim() ? parseQuery(text) : undefined;
  if (parsed && !parsed.ok) return { parsed, error: { message: say(parsed.problem), at: parsed.at }, title: t('filterHelp') };
  return { parsed, title: parsed ? say(describeQueryText(parsed.query)) : t('filterHelp') };
}

/** What a query may ask about a row beyond the row itself: its connection and decoded fields. */
export function filterContextOf(store: PanelStore, decoders: Pick<DecoderSupport, 'fieldsOf'>): MatchContext {
  return {
    connectionOf: store.connection,
    connectionIndexOf: (id) => {
      const index = store.connectionIndexOf(id);
      return index === undefined ? undefined : index + 1; // as the panel numbers them: #1, #2...
    },
    decodedFieldsOf: (m) => decoders.fieldsOf(m),
  };
}

/** The predicate for the message view; null for no filter or a query that does not parse. */
export function compileFilter(reading: FilterReading, context: MatchContext): ((row: FilterRow) => boolean) | null {
  return reading.parsed?.ok ? compileQuery(reading.parsed.query, context) : null;
}
