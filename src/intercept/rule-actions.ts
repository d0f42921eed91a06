/**
 * Rule actions compiled once into what the engine runs per message. Compiling is also how
 * actions are validated (`rule-validate.ts`), so what the editor accepts is exactly what runs.
 * Expects an action of the right shape (see `checkRuleShape`).
 */
import { base64ToBytes, bytesToBase64, payloadBytes } from '../lib/bytes';
import type { MessageRecord } from '../protocol/records';
import { parseJsonPayload } from '../query/payload-facts';
import { parseBase64, parseHex, type ParsedBytes } from './binary-input';
import { checkJson } from './json-text';
import { jsonPathErrorText } from '../lib/json-path';
import { CodedError, rawText, type TextParam } from '../lib/coded-text';
import { fieldError, type InterceptCode } from './field-error';
import { interceptTexts } from './texts';
import { hasUnsafeIntegers, parseSettablePath, setAtPath } from './json-set';
import { MAX_DELAY_MS, type RuleAction, type RuleFieldError } from '../protocol/rules';
import { compileTemplate, expandTemplate, type TemplateInput } from './template';
import type { Payload } from '../protocol/intercept';

/**
 * A rewrite returns the new payload, `undefined` when it does not apply or changes nothing
 * (so the message is not marked as rewritten), or throws an Error whose message says why it
 * refused (a `CodedError`; reported as a problem, the message goes on unchanged).
 */
export type Rewrite = (payload: Payload) => Payload | undefined;

/** Everything an auto-reply template can use besides the message. */
export interface ReplyEnvironment {
  seq: number;
  time: number;
  random: number;
}

export type CompiledAction =
  | { type: 'block' }
  | { type: 'rewrite'; rewrite: Rewrite }
  | { type: 'delay'; ms: number }
  | {
      type: 'autoReply';
      /** Throws when the expansion is not valid hex/base64 for a binary reply. */
      reply: (message: MessageRecord, env: ReplyEnvironment) => Payload;
      delayMs: number;
      dropOriginal: boolean;
    };

export type ActionCompile = { ok: true; action: CompiledAction } | { ok: false; errors: RuleFieldError[] };

export function compileAction(action: RuleAction): ActionCompile {
  switch (action.type) {
    case 'block':
      return { ok: true, action: { type: 'block' } };
    case 'replace':
      return compileReplace(action.find, action.replace, action.regex === true, action.flags ?? '');
    case 'setJson':
      return compileSetJson(action.path, action.value);
    case 'replaceHex':
      return compileReplaceHex(action.find, action.replace);
    case 'delay': {
      const problem = delayProblem(action.ms);
      return problem ? fail('action.ms', problem, delayParams) : { ok: true, action: { type: 'delay', ms: action.ms } };
    }
    case 'autoReply':
      return compileAutoReply(action.format, action.template, action.delayMs ?? 0, action.dropOriginal === true);
  }
}

function fail(field: string, code: InterceptCode, params?: Record<string, TextParam>, at?: number): ActionCompile {
  return { ok: false, errors: [fieldError(field, code, params, at)] };
}

/** A refusal at run time, reported as the rule's problem. */
function refuse(code: InterceptCode, params?: Record<string, TextParam>): never {
  const text = interceptTexts.text(code, params);
  throw new CodedError(text, interceptTexts.english(text));
}

function delayProblem(ms: unknown): InterceptCode | undefined {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return 'intercept.delay.invalid';
  if (ms > MAX_DELAY_MS) return 'intercept.delay.tooLong';
  return undefined;
}

const delayParams = { max: MAX_DELAY_MS };

function compileReplace(find: string, replace: string, regex: boolean, flags: string): ActionCompile {
  if (find === '') return fail('action.find', 'intercept.replace.nothing');
  if (!regex) {
    // split/join: every occurrence, and `$` in the replacement stays literal.
    return { ok: true, action: { type: 'rewrite', rewrite: textRewrite((text) => text.split(find).join(replace)) } };
  }
  if (flags.includes('y')) return fail('action.flags', 'intercept.replace.sticky');
  if (!/^[dgimsuv]*$/.test(flags)) return fail('action.flags', 'intercept.replace.flags', { flags });
  let re: RegExp;
  try {
    re = new RegExp(find, flags.includes('g') ? flags : flags + 'g');
  } catch (e) {
    // V8 says "Invalid regular expression: /a(/g: Unterminated group": keep the reason.
    const message = e instanceof Error ? e.message : String(e);
    return fail('action.find', 'intercept.replace.badRegex', { reason: rawText(/: ([^:]+)$/.exec(message)?.[1] ?? message) });
  }
  // `replace` with a global regex starts at 0 and leaves lastIndex at 0: safe to share.
  return { ok: true, action: { type: 'rewrite', rewrite: textRewrite((text) => text.replace(re, replace)) } };
}

function textRewrite(change: (text: string) => string): Rewrite {
  return (payload) => {
    if (payload.opcode !== 1) return undefined;
    const text = payload.text ?? '';
    const next = change(text);
    return next === text ? undefined : { opcode: 1, text: next };
  };
}

function compileSetJson(pathText: string, valueText: string): ActionCompile {
  const path = parseSettablePath(pathText);
  if (!path.ok) return fail('action.path', 'intercept.setJson.badPath', { problem: jsonPathErrorText(path) }, path.at);
  const value = checkJson(valueText);
  if (!value.ok) return fail('action.value', 'intercept.setJson.badValue', { problem: value.problem }, value.offset);
  const segments = path.path;
  const rewrite: Rewrite = (payload) => {
    if (payload.opcode !== 1) return undefined;
    const text = payload.text ?? '';
    const root = parseJsonPayload(payload as MessageRecord); // objects and arrays only
    if (root === undefined) return undefined;
    let next: unknown = root;
    if (segments.length === 0) {
      if (JSON.stringify(root) === JSON.stringify(value.value)) return undefined;
      next = value.value;
    } else if (!setAtPath(root, segments, value.value)) return undefined;
    if (hasUnsafeIntegers(text)) {
      refuse('intercept.setJson.unsafeIntegers');
    }
    return { opcode: 1, text: JSON.stringify(next) };
  };
  return { ok: true, action: { type: 'rewrite', rewrite } };
}

function compileReplaceHex(findText: string, replaceText: string): ActionCompile {
  const find = parseHex(findText);
  if (!find.ok) return fail('action.find', 'intercept.replaceHex.bad', { problem: find.problem }, find.offset);
  if (find.bytes.length === 0) return fail('action.find', 'intercept.replaceHex.nothing');
  const replace = parseHex(replaceText);
  if (!replace.ok) return fail('action.replace', 'intercept.replaceHex.bad', { problem: replace.problem }, replace.offset);
  const rewrite: Rewrite = (payload) => {
    if (payload.opcode !== 2) return undefined;
    const bytes = base64ToBytes(payload.base64 ?? '');
    const next = replaceBytes(bytes, find.bytes, replace.bytes);
    return next ? { opcode: 2, base64: bytesToBase64(next) } : undefined;
  };
  return { ok: true, action: { type: 'rewrite', rewrite } };
}

/** Every non-overlapping occurrence, left to right; `undefined` when there is none. */
function replaceBytes(bytes: Uint8Array, find: Uint8Array, replace: Uint8Array): Uint8Array | undefined {
  const hits: number[] = [];
  outer: for (let i = 0; i + find.length <= bytes.length; ) {
    for (let j = 0; j < find.length; j++) {
      if (bytes[i + j] !== find[j]) {
        i++;
        continue outer;
      }
    }
    hits.push(i);
    i += find.length;
  }
  if (hits.length === 0) return undefined;
  const out = new Uint8Array(bytes.length + hits.length * (replace.length - find.length));
  let from = 0;
  let to = 0;
  for (const hit of hits) {
    out.set(bytes.subarray(from, hit), to);
    to += hit - from;
    out.set(replace, to);
    to += replace.length;
    from = hit + find.length;
  }
  out.set(bytes.subarray(from), to);
  return out;
}

const lossyUtf8 = new TextDecoder();

function templateInput(message: MessageRecord, env: ReplyEnvironment): TemplateInput {
  let bytes: Uint8Array | undefined;
  const getBytes = () => {
    if (!bytes) {
      try {
        bytes = payloadBytes(message);
      } catch {
        bytes = new Uint8Array(0); // bad base64: a reply template never fails on data
      }
    }
    return bytes;
  };
  return {
    json: () => parseJsonPayload(message),
    text: () => (message.opcode === 1 ? (message.text ?? '') : lossyUtf8.decode(getBytes())),
    bytes: getBytes,
    base64: () => (message.opcode === 2 ? (message.base64 ?? '') : bytesToBase64(getBytes())),
    ...env,
  };
}

function compileAutoReply(format: 'text' | 'hex' | 'base64', source: string, delayMs: number, dropOriginal: boolean): ActionCompile {
  const compiled = compileTemplate(source);
  if (!compiled.ok) return fail('action.template', 'intercept.reply.badTemplate', { problem: compiled.problem }, compiled.at);
  const problem = delayProblem(delayMs);
  if (problem) return fail('action.delayMs', problem, delayParams);
  const template = compiled.template;
  const toBytes = (text: string): ParsedBytes => (format === 'hex' ? parseHex(text) : parseBase64(text));
  if (format !== 'text' && template.constant) {
    // Placeholder-free binary replies can be checked now rather than at the first message.
    const parsed = toBytes(expandTemplate(template, templateInput({} as MessageRecord, { seq: 0, time: 0, random: 0 })));
    if (!parsed.ok) return fail('action.template', 'intercept.reply.badBytes', { format, problem: parsed.problem }, parsed.offset);
  }
  const reply = (message: MessageRecord, env: ReplyEnvironment): Payload => {
    const text = expandTemplate(template, templateInput(message, env));
    if (format === 'text') return { opcode: 1, text };
    const parsed = toBytes(text);
    if (!parsed.ok) refuse('intercept.reply.notValid', { format, problem: parsed.problem });
    return { opcode: 2, base64: bytesToBase64(parsed.bytes) };
  };
  return { ok: true, action: { type: 'autoReply', reply, delayMs, dropOriginal } };
}
