/**
 * Traffic leaves the bridge in envelopes the extension's ports accept. Chrome refuses a runtime
 * message over 64 MiB of JSON ("Message length exceeded maximum allowed length"), and the bridge
 * took the throw for a dead port: one message kept at 64 MiB (85 MiB of base64), or a snapshot of
 * a 50 MB binary history, cut the frame off from the panel without a word.
 *
 * So traffic is split into envelopes of a bounded payload size, and an envelope the port still
 * refuses (a text whose JSON escapes grow it six-fold) is shrunk and tried again.
 */
import type { TrafficPayload } from '../protocol/messages';
import type { MessageRecord } from '../protocol/records';

/**
 * Payload characters (text, base64) per envelope: with the envelope around them and JSON's
 * escapes of quotes and backslashes, still well under Chrome's 64 MiB. A bigger message travels
 * alone (`src/protocol/settings.ts` caps what is kept per message so that one always fits).
 */
export const ENVELOPE_PAYLOAD_CHARS = 16 * 1024 * 1024;

/**
 * An envelope this small cannot exceed the port's limit whatever its escapes: if the port
 * refuses it, the port is gone.
 */
export const SURELY_FITS_CHARS = 1024 * 1024;

export function payloadChars(message: MessageRecord): number {
  return (message.text?.length ?? 0) + (message.base64?.length ?? 0);
}

/** The traffic as envelopes of at most `budget` payload characters each; connections ride with the first. */
export function splitTraffic<T extends TrafficPayload>(traffic: T, budget = ENVELOPE_PAYLOAD_CHARS): T[] {
  const parts: T[] = [];
  let messages: MessageRecord[] = [];
  let chars = 0;
  for (const message of traffic.messages) {
    const size = payloadChars(message);
    if (messages.length > 0 && chars + size > budget) {
      parts.push({ ...traffic, connections: parts.length ? [] : traffic.connections, messages });
      messages = [];
      chars = 0;
    }
    messages.push(message);
    chars += size;
  }
  parts.push({ ...traffic, connections: parts.length ? [] : traffic.connections, messages });
  return parts;
}

/**
 * What to post instead of an envelope the port refused: its messages in two envelopes, or its
 * one message with the first half of its payload (marked truncated; its size stays the whole
 * message's). Undefined when the envelope was too small to be refused for its size.
 */
export function shrinkTraffic<T extends TrafficPayload>(traffic: T): T[] | undefined {
  const total = traffic.messages.reduce((sum, m) => sum + payloadChars(m), 0);
  if (total <= SURELY_FITS_CHARS) return undefined;
  if (traffic.messages.length > 1) {
    const half = traffic.messages.length >> 1;
    return [
      { ...traffic, messages: traffic.messages.slice(0, half) },
      { ...traffic, connections: [], messages: traffic.messages.slice(half) },
    ];
  }
  const [message] = traffic.messages;
  return [{ ...traffic, messages: [halved(message)] }];
}

function halved(message: MessageRecord): MessageRecord {
  if (message.base64 !== undefined) {
    const keep = Math.floor(message.base64.length / 8) * 4;
    return { ...message, base64: message.base64.slice(0, keep), truncated: true };
  }
  const text = message.text ?? '';
  let keep = text.length >> 1;
  const last = text.charCodeAt(keep - 1);
  if (last >= 0xd800 && last < 0xdc00) keep--; // never split a surrogate pair
  return { ...message, text: text.slice(0, keep), truncated: true };
}
