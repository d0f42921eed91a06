/**
 * English of what the filter language says (parse errors, MQTT topic filter problems, a query in
 * words), keyed by code; it nests the JSON and JSON-path texts of src/lib. See
 * src/lib/coded-text.ts; the panel's translations are `query_*` keys in public/_locales.
 */
import { createTexts } from '../lib/coded-text';
import { LIB_TEXTS } from '../lib/texts';

export const QUERY_TEXTS = {
  ...LIB_TEXTS,

  // Where a parse error is: every one reads "<problem> at <offset>", then its hint.
  'query.at': '{problem} at {at}',
  'query.atHint': '{problem} at {at} ({hint})',
  'query.crash': 'Cannot parse query ({reason}) at 0',

  'query.unmatchedClose': 'Unmatched ")"',
  'query.unclosedGroup': 'Unclosed "("',
  'query.emptyGroup': 'Empty group',
  'query.termBefore': 'Expected a term before "{op}"',
  'query.termAfter': 'Expected a term after "{op}"',
  'query.unexpected': 'Unexpected "{char}"',
  'query.unexpectedHint': 'separate terms with a blank',
  'query.unknownField': 'Unknown field "{name}"',
  'query.unknownFieldHint': 'known: {known}; quote text that contains ":"',
  'query.missingValue': 'Missing value for "{name}"',
  'query.badDirection': 'Bad direction "{value}"',
  'query.badDirectionHint': 'use in or out',
  'query.badType': 'Bad type "{value}"',
  'query.badTypeHint': 'use {types}',
  'query.badTopic': 'Bad MQTT topic filter "{value}"',
  'query.badTopicHint': '{problem}; quote it to match literally',
  'query.missingSize': 'Missing size',
  'query.missingSizeHint': 'e.g. size>1k',
  'query.badSize': 'Bad size "{value}"',
  'query.badSizeHint': 'use a number with b, k, kb, m, mb, g, gb, kib, mib or gib',
  'query.unterminatedQuote': 'Unterminated quote',
  'query.unterminatedRegex': 'Unterminated regex',
  'query.emptyRegex': 'Empty regex',
  'query.badRegex': 'Bad regex',
  'query.missingAfterOp': 'Missing value after "{op}"',
  'query.numberAfterOp': 'Expected a number after "{op}"',

  // MQTT topic filters (mqtt.ts).
  'query.topic.empty': 'empty topic filter',
  'query.topic.hash': '"#" must be a whole level and the last one',
  'query.topic.plus': '"+" must be a whole level',

  // A query in words (describe.ts), for the filter box's tooltip.
  'query.d.everything': 'everything',
  'query.d.and': '{left} and {right}',
  'query.d.or': '{left} or {right}',
  'query.d.group': '({inner})',
  'query.d.not': 'not {inner}',
  'query.d.text': 'payload contains {value} (any case)',
  'query.d.regex': 'payload matches {regex}',
  'query.d.sent': 'sent messages',
  'query.d.received': 'received messages',
  'query.d.typeText': 'text messages',
  'query.d.typeBinary': 'binary messages',
  'query.d.typeControl': 'connection events (open, close, error)',
  'query.d.typeOpen': 'connection open events',
  'query.d.typeClose': 'connection close events',
  'query.d.typeError': 'connection error events',
  'query.d.size': 'size {op} {bytes}',
  'query.d.sizeIs': 'is',
  'query.d.sizeIsNot': 'is not',
  'query.d.sizeMore': 'is more than',
  'query.d.sizeAtLeast': 'is at least',
  'query.d.sizeLess': 'is less than',
  'query.d.sizeAtMost': 'is at most',
  'query.d.bytes': '{n} bytes',
  'query.d.bytesTyped': '{n} bytes ({typed})',
  'query.d.connNumber': 'connection #{n} (or id {id})',
  'query.d.connId': 'connection id {id}',
  'query.d.url': 'connection URL contains {value}',
  'query.d.jsonExists': 'JSON {path} exists',
  'query.d.json': 'JSON {path} {op} {value}',
  'query.d.jsonEquals': 'equals',
  'query.d.jsonNotEquals': 'exists and is not',
  'query.d.jsonContains': 'contains',
  'query.d.topicFilter': 'topic matches MQTT filter {value}',
  'query.d.fieldWildcard': '{field} matches {value} (* = anything)',
  'query.d.field': '{field} is {value}',
} as const;

export const queryTexts = createTexts(QUERY_TEXTS);
