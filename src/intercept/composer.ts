/**
 * The composer's model: what the editor holds (text, hex or base64 input) to the payload that is
 * sent or delivered, and back. Used by the composer, by breakpoint editing and by snippets.
 *
 *   text    any text is a valid text message; with `json: true` it must also be valid JSON
 *   json    a text message that must be valid JSON: invalid JSON is refused with where it goes
 *           wrong (offset, line, column), never sent; the editor can switch its layout (`layoutJson`)
 *   hex     binary message, see `parseHex` for what is accepted
 *   base64  binary message, see `parseBase64`
 */
import { bytesToBase64, payloadByteLength, toHex } from '../lib/bytes';
import { parseBase64, parseHex, inputProblem, type InputProblem, type ParsedBytes } from './binary-input';
import { checkJson } from './json-text';
import type { Payload } from '../protocol/intercept';
import { interceptTexts } from './texts';

export { parseHex, parseBase64, type InputProblem, type ParsedBytes } from './binary-input';
export { checkJson, layoutJson, nextJsonLayout, type JsonCheck, type JsonLayout, type JsonLayoutResult } from './json-text';

export type ComposerMode = 'text' | 'json' | 'hex' | 'base64';

/** JSON is text as far as bytes go: the modes differ only in what they accept. */
const bytesMode = (mode: ComposerMode): Exclude<ComposerMode, 'json'> => (mode === 'json' ? 'text' : mode);

export interface ComposerInput {
  mode: ComposerMode;
  input: string;
  /** Text mode only: refuse text that is not valid JSON. */
  json?: boolean;
}

export type ComposeResult = { ok: true; payload: Payload; size: number } | InputProblem;

export function composePayload({ mode, input, json }: ComposerInput): ComposeResult {
  if (mode === 'text' || mode === 'json') {
    if (json || mode === 'json') {
      const check = checkJson(input);
      if (!check.ok) return check;
    }
    const payload: Payload = { opcode: 1, text: input };
    return { ok: true, payload, size: payloadByteLength(payload) };
  }
  const parsed = mode === 'hex' ? parseHex(input) : parseBase64(input);
  if (!parsed.ok) return parsed;
  return { ok: true, payload: { opcode: 2, base64: bytesToBase64(parsed.bytes) }, size: parsed.bytes.length };
}

/** Hex the way the editor shows it: 16 bytes per line, one space between bytes. */
export function formatHexForEditing(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) lines.push(toHex(bytes.subarray(i, i + 16)));
  return lines.join('\n');
}

/**
 * What the editor shows for a payload (a message opened in the composer, a held message being
 * edited). Text goes to text mode; binary to hex by default. Asking text mode for a binary
 * payload decodes it as UTF-8, which fails (rather than replacing bytes) when it is not UTF-8.
 */
export function editorTextOf(payload: Payload, mode: ComposerMode = payload.opcode === 1 ? 'text' : 'hex'): EditorText {
  return convertEditorText(payload.opcode === 1 ? (payload.text ?? '') : (payload.base64 ?? ''), payload.opcode === 1 ? 'text' : 'base64', mode);
}

export type EditorText = { ok: true; text: string } | InputProblem;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/**
 * Switches the editor between modes keeping the bytes: text <-> binary goes through UTF-8.
 * Fails with the same errors as `composePayload` when the current input does not parse.
 */
export function convertEditorText(input: string, fromMode: ComposerMode, toMode: ComposerMode): EditorText {
  // Text and JSON hold the same characters: switching between them keeps the input as it is.
  const from = bytesMode(fromMode);
  const to = bytesMode(toMode);
  if (from === to) return { ok: true, text: input };
  let bytes: Uint8Array;
  if (from === 'text') bytes = encoder.encode(input);
  else {
    const parsed: ParsedBytes = from === 'hex' ? parseHex(input) : parseBase64(input);
    if (!parsed.ok) return parsed;
    bytes = parsed.bytes;
  }
  if (to === 'hex') return { ok: true, text: formatHexForEditing(bytes) };
  if (to === 'base64') return { ok: true, text: bytesToBase64(bytes) };
  try {
    return { ok: true, text: strictUtf8.decode(bytes) };
  } catch {
    return inputProblem(input, 0, interceptTexts.text('intercept.notUtf8'));
  }
}
