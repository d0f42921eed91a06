/**
 * English of what the log engine says (import errors and warnings, redaction rule problems),
 * keyed by code; it nests src/lib's JSON texts. `{where}`/`{path}` params name the place in the
 * file (`entries[3]._webSocketMessages[17]`, or a coded "line 12" for NDJSON). See
 * src/lib/coded-text.ts; the panel's translations are `logs_*` keys in public/_locales.
 */
import { createTexts } from '../lib/coded-text';
import { LIB_TEXTS } from '../lib/texts';

export const LOGS_TEXTS = {
  ...LIB_TEXTS,

  // Any file (import.ts, import-common.ts).
  'logs.noText': 'Nothing to import: the file has no text',
  'logs.tooBig': 'File is {size}; the limit is {limit}',
  'logs.empty': 'The file is empty',
  'logs.notJson': 'Not JSON: {problem}',
  'logs.crash': 'Could not import the file: {reason}',
  'logs.readFailed': 'Could not read the file: {reason}',
  'logs.workerFailed': 'The import worker failed: {reason}',
  'logs.badBase64': '{where} is not valid base64 (opcode 2 is binary, stored as base64)',
  // What a value is, in messages such as `"log" is an array`.
  'logs.kind.null': 'null',
  'logs.kind.array': 'an array',
  'logs.kind.object': 'an object',
  'logs.kind.string': 'a string',
  'logs.kind.number': 'a number',
  'logs.kind.boolean': 'a boolean',
  'logs.kind.other': 'a {type}',
  'logs.kind.missing': 'missing',

  // HAR (import-har.ts).
  'logs.har.relativeTimes': "{path}: message times are relative (not wall-clock); placed from the connection's start",
  'logs.har.noTimes': "{path}: {count} message(s) have no time; placed at the connection's start",
  'logs.har.dateMissing': '{path}.startedDateTime is missing',
  'logs.har.dateInvalid': '{path}.startedDateTime is not a valid date',
  'logs.har.requestMissing': '{path}.request is missing',
  'logs.har.requestNotObject': '{path}.request is {kind}, expected an object',
  'logs.har.urlNotString': '{path}.request.url is not a string',
  'logs.har.statusNotNumber': '{path}.response.status is not a number',
  'logs.har.messagesNotArray': '{path}._webSocketMessages is not an array',
  'logs.har.separateFile': '{path}: the messages are in a separate file "{file}" (Playwright\'s content: "attach"); only the connection was imported',
  'logs.har.itemNotObject': '{where} is {kind}, expected an object',
  'logs.har.typeMissing': '{where}.type is missing',
  'logs.har.typeNotString': '{where}.type is not a string',
  'logs.har.timeNotNumber': '{where}.time is not a number',
  'logs.har.dataNotString': '{where}.data is not a string',
  'logs.har.opcodeNotNumber': '{where}.opcode is not a number',
  'logs.har.skippedType': '{path}: skipped {count} message(s) of unknown type "{type}"',
  'logs.har.skippedControl': '{path}: skipped {count} control frame(s) (opcode other than 1 or 2)',
  'logs.har.rootNotObject': 'Not a HAR file: expected a JSON object with "log", found {kind}',
  'logs.har.noLog': 'Not a HAR file: missing "log"',
  'logs.har.logNotObject': 'Not a HAR file: "log" is {kind}, expected an object',
  'logs.har.noEntries': 'Not a HAR file: missing "log.entries"',
  'logs.har.entriesNotArray': 'Not a HAR file: "log.entries" is {kind}, expected an array',
  'logs.har.empty': 'HAR has no entries',
  'logs.har.noWebSocket': 'HAR has no WebSocket entries ({count} entries, none with _resourceType "websocket" or _webSocketMessages)',
  'logs.har.skippedEntry': '1 non-WebSocket entry was skipped',
  'logs.har.skippedEntries': '{count} non-WebSocket entries were skipped',

  // NDJSON (ndjson.ts).
  'logs.ndjson.line': 'line {n}',
  'logs.ndjson.field': '{where}: "{field}"',
  'logs.ndjson.notString': '{where}: "{field}" is not a string',
  'logs.ndjson.notNumber': '{where}: "{field}" is not a number',
  'logs.ndjson.badDir': '{where}: "dir" is {value}; expected "send" or "receive"',
  'logs.ndjson.badOpcode': '{where}: "opcode" is {value}; expected 1 (text) or 2 (binary)',
  'logs.ndjson.incomplete': '{where} is incomplete (the file seems truncated); kept the {count} message(s) before it',
  'logs.ndjson.notJson': '{where}: Not JSON: {reason}',
  'logs.ndjson.notObject': '{where} is {kind}, expected an object',
  'logs.ndjson.noHeader': 'Not a Frameline NDJSON file: {where} is not the "{type}" header',
  'logs.ndjson.version': '{where}: NDJSON version {value} is not supported (this Frameline reads version {supported})',
  'logs.ndjson.orphans': '{count} connection(s) had no "connection" line; rebuilt from their messages',

  // Parsing in a worker (import-parts.ts).
  'logs.parts.noStart': 'The import stopped before it began (no log came back)',
  'logs.parts.lost': 'The import lost messages on the way ({got} of {total})',

  // Redaction rules (redact.ts): "<which rule>: <problem>".
  'logs.redact.problem': '{rule}: {problem}',
  // {which}: the rule's number, then its label in quotes if it has one (`2 "API token"`).
  'logs.redact.rule': 'Redaction rule {which}',
  'logs.redact.ruleRegex': 'Redaction rule {which} (regex /{pattern}/{flags})',
  'logs.redact.ruleJsonPath': 'Redaction rule {which} (jsonPath {path})',
  'logs.redact.notObject': 'is not an object',
  'logs.redact.emptyPattern': 'the pattern is empty',
  'logs.redact.matchesEmpty': 'matches empty text',
  'logs.redact.unknownKind': 'unknown kind {kind}; expected "regex" or "jsonPath"',
} as const;

export const logsTexts = createTexts(LOGS_TEXTS);

export type LogsCode = keyof typeof LOGS_TEXTS;
