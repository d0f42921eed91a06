/**
 * SignalR hub messages in one shape whichever the encoding: the JSON protocol's objects as they
 * are, the MessagePack protocol's positional arrays mapped to the same names.
 */
import { decode as msgpackDecode } from '@msgpack/msgpack';
import { isRecord, toJsonValue } from './support/json-value';

export const HUB_TYPES: Record<number, string> = {
  1: 'Invocation',
  2: 'StreamItem',
  3: 'Completion',
  4: 'StreamInvocation',
  5: 'CancelInvocation',
  6: 'Ping',
  7: 'Close',
  8: 'Ack',
  9: 'Sequence',
};

export interface HubMessage {
  type: number;
  invocationId?: string;
  target?: string;
  arguments?: unknown[];
  streamIds?: string[];
  item?: unknown;
  result?: unknown;
  error?: string;
  allowReconnect?: boolean;
  sequenceId?: number;
  headers?: Record<string, string>;
}

function asHubMessage(value: unknown): HubMessage {
  if (!isRecord(value) || typeof value.type !== 'number' || !HUB_TYPES[value.type]) throw new Error('not a SignalR hub message (no known "type")');
  return value as unknown as HubMessage;
}

export function fromJson(value: unknown): HubMessage {
  return asHubMessage(value);
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const headers = (v: unknown) => (isRecord(v) && Object.keys(v).length ? (v as Record<string, string>) : undefined);

/** The MessagePack hub protocol's arrays: [type, headers, invocationId, ...]. */
export function fromMsgpack(bytes: Uint8Array): HubMessage {
  const value = toJsonValue(msgpackDecode(bytes, { useBigInt64: true }));
  if (!Array.isArray(value) || typeof value[0] !== 'number') throw new Error('SignalR MessagePack message is not an array starting with its type');
  const [type] = value;
  switch (type) {
    case 1:
    case 4:
      return { type, headers: headers(value[1]), invocationId: str(value[2]), target: str(value[3]), arguments: Array.isArray(value[4]) ? value[4] : [], streamIds: Array.isArray(value[5]) && value[5].length ? (value[5] as string[]) : undefined };
    case 2:
      return { type, headers: headers(value[1]), invocationId: str(value[2]), item: value[3] };
    case 3: {
      // Result kind: 1 = error (the error message follows), 2 = void, 3 = a result follows.
      const kind = value[3];
      return { type, headers: headers(value[1]), invocationId: str(value[2]), ...(kind === 1 ? { error: String(value[4]) } : kind === 3 ? { result: value[4] } : {}) };
    }
    case 5:
      return { type, headers: headers(value[1]), invocationId: str(value[2]) };
    case 6:
      return { type };
    case 7:
      return { type, error: str(value[1]) ?? undefined, allowReconnect: value[2] === true ? true : undefined };
    case 8:
    case 9:
      return { type, sequenceId: typeof value[1] === 'number' ? value[1] : undefined };
  }
  throw new Error(`unknown SignalR MessagePack message type ${String(type)}`);
}

export function decodeMsgpackMessage(bytes: Uint8Array): HubMessage {
  return asHubMessage(fromMsgpack(bytes));
}
