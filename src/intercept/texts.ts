/**
 * English of what the intercept engine says (typed bytes and JSON, rule validation, rule
 * problems at run time, reply templates, snippets, stored lists), keyed by code; it nests the
 * filter language's and src/lib's texts. See src/lib/coded-text.ts; the panel's translations are
 * `intercept_*` keys in public/_locales.
 */
import { createTexts } from '../lib/coded-text';
import { QUERY_TEXTS } from '../query/texts';

export const INTERCEPT_TEXTS = {
  ...QUERY_TEXTS,

  // Typed input (binary-input.ts, json-text.ts, composer.ts): "<reason> (line 2, column 4)".
  'intercept.input.at': '{reason} (line {line}, column {column})',
  'intercept.hex.after0x': 'Expected hex digits after "0x"',
  'intercept.hex.notDigit': '{char} is not a hex digit',
  'intercept.hex.odd': 'Odd number of hex digits in "{token}": a byte takes two digits',
  'intercept.base64.tooMuchPadding': 'Too much "=" padding',
  'intercept.base64.afterPadding': '{char} after "=" padding',
  'intercept.base64.notChar': '{char} is not a base64 character',
  'intercept.base64.single': 'Base64 cannot end with a single character after the last group of four: a character is missing or extra',
  'intercept.base64.wrongPadding': 'Wrong amount of "=" padding',
  'intercept.base64.invalid': 'Not valid base64',
  'intercept.json.empty': 'Empty: expected a JSON value',
  'intercept.notUtf8': 'These bytes are not UTF-8 text: keep them in hex or base64',

  // Rule shape and meaning (rule-validate.ts, rule-actions.ts, rule-storage.ts).
  'intercept.rule.notObject': 'A rule must be an object',
  'intercept.rule.needsId': 'The rule needs an id (non-empty text)',
  'intercept.rule.nameText': 'The name must be text',
  'intercept.rule.enabledBoolean': '"enabled" must be true or false',
  'intercept.rule.direction': 'The direction must be "send", "receive" or "both"',
  'intercept.rule.matchText': 'The match must be filter text (empty matches everything)',
  'intercept.rule.needsAction': 'The rule needs an action',
  'intercept.rule.fieldText': '"{field}" must be text',
  'intercept.rule.fieldType': '"{field}" must be a {type} when present',
  'intercept.rule.delayNumber': 'The delay must be a number of milliseconds',
  'intercept.rule.replyFormat': 'The reply format must be "text", "hex" or "base64"',
  'intercept.rule.unknownAction': 'Unknown action "{type}" (use block, replace, setJson, replaceHex, delay or autoReply)',
  'intercept.rule.badFilter': 'Bad filter: {problem}',
  'intercept.rule.autoReplyDirection': 'Auto-reply answers messages the page sends: set the direction to "send"',
  'intercept.rule.duplicateId': 'Another rule already has the id "{id}"',
  'intercept.delay.invalid': 'The delay must be a number of milliseconds, 0 or more',
  'intercept.delay.tooLong': 'The delay must be at most {max} ms (10 minutes)',
  'intercept.replace.nothing': 'Nothing to find: enter the text or pattern to replace',
  'intercept.replace.sticky': 'The "y" (sticky) flag would only match at the start: use ^ instead',
  'intercept.replace.flags': 'Unknown regex flag in "{flags}" (use i, m, s, u, v)',
  'intercept.replace.badRegex': 'Bad regex: {reason}',
  'intercept.setJson.badPath': 'Bad JSON path: {problem}',
  'intercept.setJson.badValue': 'Bad JSON value: {problem}',
  'intercept.setJson.descendant': 'Set JSON cannot write at ".." (any depth)',
  'intercept.setJson.descendantHint': 'name the path, e.g. $.a.b or $.items[*].b',
  'intercept.setJson.unsafeIntegers': 'Not rewritten: the message holds integers beyond 2^53 that re-encoding the JSON would change',
  'intercept.replaceHex.bad': 'Bad hex: {problem}',
  'intercept.replaceHex.nothing': 'Nothing to find: enter the bytes to replace',
  'intercept.reply.badTemplate': 'Bad template: {problem}',
  'intercept.reply.badBytes': 'Bad {format}: {problem}',
  'intercept.reply.notValid': 'The reply is not valid {format}: {problem}',

  // Reply templates (template.ts).
  'intercept.template.notText': 'The template must be text',
  'intercept.template.unclosed': 'Unclosed "{{" at {at} (write \\{{ for a literal "{{")',
  'intercept.template.unknown': 'Unknown placeholder "{placeholder}" at {at} (use {known})',

  // Stored lists of rules and snippets (stored-list.ts); {list} is one of the nouns below.
  'intercept.list.rules': 'rules',
  'intercept.list.snippets': 'snippets',
  'intercept.stored.notJson': 'The {list} are not valid JSON',
  'intercept.stored.noVersion': 'Not a Frameline {list} list (no "version")',
  'intercept.stored.newer': 'These {list} were saved by a newer Frameline (format {version}); update to read them',
  'intercept.stored.notArray': 'Not a Frameline {list} list (expected "{key}": [...])',

  // Snippets (snippets.ts).
  'intercept.snippet.needsName': 'A snippet needs a name',
  'intercept.snippet.nameTooLong': 'A snippet name can have at most {max} characters',
  'intercept.snippet.noPayload': 'The payload is missing',
  'intercept.snippet.needsText': 'A text payload needs "text"',
  'intercept.snippet.needsBase64': 'A binary payload needs "base64"',
  'intercept.snippet.badBase64': 'The binary payload is not valid base64: {problem}',
  'intercept.snippet.badOpcode': 'The payload opcode must be 1 (text) or 2 (binary)',
  'intercept.snippet.tooBig': 'The payload is {size} bytes; snippets can hold at most {max}',
  'intercept.snippet.notObject': 'A snippet must be an object',
  'intercept.snippet.needsId': 'A snippet needs an id',
  'intercept.snippet.duplicateId': 'Another snippet already has the id "{id}"',
  'intercept.snippet.gone': 'This snippet no longer exists',
  'intercept.snippet.tooMany': 'At most {max} snippets per site: delete some first',
  'intercept.snippet.tooManyImported': 'At most {max} snippets per site',
} as const;

export const interceptTexts = createTexts(INTERCEPT_TEXTS);
