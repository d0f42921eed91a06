/** The "Copy as ..." formats of a message (pure: unit-tested). */
import { bytesToBase64, toHex } from '../../lib/bytes';
import type { ConnectionInfo, MessageRecord } from '../../protocol/records';
import { payloadBytes } from './payload-view';

/** POSIX shell single-quoting. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function copyAsText(message: MessageRecord): string {
  return message.opcode === 1 ? (message.text ?? '') : new TextDecoder().decode(payloadBytes(message));
}

export function copyAsBase64(message: MessageRecord): string {
  return message.opcode === 2 ? (message.base64 ?? '') : bytesToBase64(payloadBytes(message));
}

export function copyAsHex(message: MessageRecord): string {
  return toHex(payloadBytes(message), '');
}

/** A `ws.send(...)` line that sends the same bytes with the same opcode. */
export function copyAsSendCall(message: MessageRecord, variable = 'ws'): string {
  if (message.opcode === 1) return `${variable}.send(${JSON.stringify(message.text ?? '')});`;
  const bytes = payloadBytes(message);
  if (bytes.length <= 64) return `${variable}.send(new Uint8Array([${Array.from(bytes).join(', ')}]));`;
  return `${variable}.send(Uint8Array.from(atob(${JSON.stringify(message.base64 ?? '')}), (c) => c.charCodeAt(0)));`;
}

/** A websocat command line that connects to the same URL and sends this one message. */
export function copyAsWebsocat(message: MessageRecord, connection: Pick<ConnectionInfo, 'url' | 'protocol'> | undefined): string {
  const url = shellQuote(connection?.url ?? 'ws://HOST/PATH');
  const protocol = connection?.protocol ? ` --protocol ${shellQuote(connection.protocol)}` : '';
  if (message.opcode === 1) return `printf '%s' ${shellQuote(message.text ?? '')} | websocat -1${protocol} ${url}`;
  return `printf '%s' ${shellQuote(message.base64 ?? '')} | base64 -d | websocat -1 --binary${protocol} ${url}`;
}
