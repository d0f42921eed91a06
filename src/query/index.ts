/**
 * Frameline's filter query language, used by the message filter box, intercept breakpoints and
 * rules. Pure: no browser API beyond TextDecoder/atob (present in Node too).
 *
 *   const parsed = parseQuery('dir:in $.type=trade size>1k');
 *   if (parsed.ok) rows.filter(compileQuery(parsed.query, context));
 *   else showError(parsed.error, parsed.at);
 *
 * Grammar (EBNF; blanks separate terms; OR binds tighter than AND, as in Gmail):
 *
 *   query       = [ conjunction ] ;
 *   conjunction = disjunction , { blank , [ "AND" , blank ] , disjunction } ;
 *   disjunction = unary , { [ blank ] , ( "OR" | "|" | "||" ) , [ blank ] , unary } ;
 *   unary       = ( "-" | "!" | "NOT" , blank ) , unary | primary ;
 *   primary     = "(" , conjunction , ")" | regex | phrase | field | size | json | word ;
 *   regex       = "/" , source , "/" , { "d" | "i" | "m" | "s" | "u" | "v" } ;   (* the whole word *)
 *   phrase      = '"' , { char - '"' | "\" , char } , '"' ;
 *   field       = name , ":" , value ;      (* dir type conn url, decoded: event topic op destination method channel subject *)
 *   size        = "size" , ( [ ":" ] , cmp | ":" ) , number , [ unit ] ;
 *   cmp         = ">=" | "<=" | "!=" | ">" | "<" | "=" ;
 *   unit        = "b" | "k" | "kb" | "m" | "mb" | "g" | "gb" | "kib" | "mib" | "gib" ;  (* any case; k = 1000 *)
 *   json        = path , [ jsonop , value ] ;     (* path: the dialect of src/lib/json-path.ts *)
 *   path        = "$" , { "." , key | ".*" | ".." , ( key | "*" ) | [ ".." ] , "[" , ( integer | "*" | quoted ) , "]" } ;
 *   jsonop      = "=" | "!=" | "~=" | ">" | ">=" | "<" | "<=" ;
 *   value       = phrase | word ;
 *   word        = { char - blank - "|" - ( ")" inside a group, unless it closes a "(" of the word ) } ;
 *
 * Reading rules that the grammar alone does not say:
 *   - `OR`, `AND`, `NOT` are keywords only in upper case; `or` is a word.
 *   - `name:` with an unknown name is an error (quote text containing `:`), except `scheme://`.
 *   - `/a/` is a regex only as a whole word: `/api/v1` is plain text; `/api` is an unterminated regex.
 *   - `-x` is "not x": quote `"-1"` to search for it.
 *   - Decoded fields match exactly and case-sensitively, `*` is a wildcard; `topic:` uses MQTT
 *     `+`/`#` instead; a quoted value matches literally.
 * Matching semantics are in `compile.ts` (rows), `json-match.ts` (JSON) and `mqtt.ts` (topics).
 */
export { parseQuery } from './parse';
export { compileQuery, createRowFilter } from './compile';
export { describeQuery, describeQueryText } from './describe';
export { filterInSlices, type SliceOptions, type SliceProgress } from '../lib/time-slices';
export { createPayloadCache } from './payload-facts';
export { topicMatches, topicFilterProblem, topicFilterProblemText } from './mqtt';
export { BUILTIN_FIELDS, DECODED_FIELDS } from './fields';
export {
  isControlEvent,
  type ControlEvent,
  type FilterRow,
  type JsonOp,
  type MatchContext,
  type ParseOptions,
  type ParseResult,
  type PathSegment,
  type PayloadCache,
  type Query,
  type QueryNode,
  type RowPredicate,
  type RowType,
  type SizeOp,
} from './types';
/** Decoded fields are the decoders' output; filters read them (`event:`, `topic:`...). */
export type { DecodedFields } from '../decoders/types';
