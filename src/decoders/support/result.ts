/** Builders for decode results, and the guard that makes a session's decode never throw. */
import type { Correlation, DecodedFields, DecodedMessage, DecodeFailure, DecodeResult, DecoderMessage, DecoderSession } from '../types';

export function decoded(
  protocol: string,
  type: string,
  summary: string,
  fields: DecodedFields = {},
  payload?: unknown,
  correlation?: Correlation,
): DecodedMessage {
  const result: DecodedMessage = { ok: true, protocol, summary: clip(summary), type, fields: dropEmpty(fields) };
  if (payload !== undefined) result.payload = payload;
  if (correlation) result.correlation = correlation;
  return result;
}

/** Marks `result` as a keep-alive of its protocol when `isHeartbeat` (see `DecodedMessage.heartbeat`). */
export function asHeartbeat(result: DecodedMessage, isHeartbeat = true): DecodedMessage {
  if (isHeartbeat) result.heartbeat = true;
  return result;
}

/** A frame holding several messages is a keep-alive only when every one of them is. */
export function allHeartbeats(results: readonly DecodedMessage[]): boolean {
  return results.length > 0 && results.every((r) => r.heartbeat === true);
}

export function failure(protocol: string, error: string): DecodeFailure {
  return { ok: false, protocol, error };
}

/**
 * Wraps a decode function so it never throws: any exception (a library's parse error, a bad
 * base64 string, a bug) becomes `{ ok: false }` with its message. When the capture kept only a
 * prefix of the payload, the error says so, since that is then the likely cause.
 */
export function guardedSession(protocol: string, decode: (message: DecoderMessage) => DecodeResult): DecoderSession {
  return {
    decode(message) {
      let result: DecodeResult;
      try {
        result = decode(message);
      } catch (error) {
        result = failure(protocol, errorMessage(error));
      }
      if (!result.ok && message.truncated && !result.error.includes('truncated')) {
        result = failure(protocol, `${result.error} (payload truncated by the capture)`);
      }
      return result;
    },
  };
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

const MAX_SUMMARY = 160;

/** One line, at most `max` characters. */
export function clip(text: string, max = MAX_SUMMARY): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Compact JSON of a value for summaries (strings as they are), clipped. */
export function preview(value: unknown, max = 80): string {
  let text: string;
  try {
    const short = shortBinary('', value);
    text = typeof short === 'string' ? short : (JSON.stringify(value, shortBinary) ?? String(value));
  } catch {
    text = String(value);
  }
  return clip(text, max);
}

/** In summaries a `{ $binary, hex }` view reads better as `<12 B>`. */
function shortBinary(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && typeof (value as { $binary?: unknown }).$binary === 'number') {
    return `<${(value as { $binary: number }).$binary} B>`;
  }
  return value;
}

/** Fields are for filtering: empty strings and non-finite numbers say nothing, so they go. */
function dropEmpty(fields: DecodedFields): DecodedFields {
  const out: DecodedFields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null || value === '') continue;
    if (typeof value === 'number' && !Number.isFinite(value)) continue;
    out[key] = value;
  }
  return out;
}
