/**
 * The contract every sub-protocol decoder follows. See README.md beside this file for the why.
 *
 * A decoder is stateless and shared; per-connection state (Socket.IO binary attachments awaiting
 * their frames, the MQTT protocol version learnt from CONNECT, GraphQL operation names by id...)
 * lives in the session it creates. Messages of one connection are fed to one session, in order.
 */
import type { ConnectionInfo, MessageRecord } from '../protocol/records';

/** What a decoder needs to know about a connection: a `ConnectionInfo` fits, so do test stubs. */
export type DecoderConnection = Pick<ConnectionInfo, 'url'> &
  Partial<Pick<ConnectionInfo, 'id' | 'protocol' | 'protocolsRequested'>>;

/** What a decoder reads of a message: a `MessageRecord` fits. */
export type DecoderMessage = Pick<MessageRecord, 'dir' | 'opcode'> &
  Partial<Pick<MessageRecord, 'text' | 'base64' | 'time' | 'seq' | 'size' | 'truncated'>>;

/**
 * Keys every decoder fills the same way, so one filter (`event:chat:message`, `topic:sensors/#`,
 * `op:subscribe`) works whatever the protocol:
 * - `op`: the message's verb, lower-case (`event`, `publish`, `subscribe`, `send`, `call`, `phx_join`...)
 * - `event`: an application event name (Socket.IO event, Phoenix event, Action Cable action)
 * - `topic`: what a publish/subscribe is about (MQTT topic, Phoenix topic, WAMP topic URI)
 * - `destination`: STOMP destination
 * - `channel`: a channel/namespace/subscription target (Action Cable channel, Socket.IO namespace)
 * - `method`: a procedure or remote method (JSON-RPC method, WAMP procedure, SignalR target)
 * - `id`: the protocol's own request/stream id (JSON-RPC id, GraphQL id, MQTT packet id, ref...)
 * Decoders add protocol-specific keys beside these (`qos`, `operationName`, `receipt`...).
 */
export type StandardFieldKey = 'op' | 'event' | 'topic' | 'destination' | 'channel' | 'method' | 'id';
export const STANDARD_FIELD_KEYS: readonly StandardFieldKey[] = ['op', 'event', 'topic', 'destination', 'channel', 'method', 'id'];

export type FieldValue = string | number;
export type DecodedFields = Partial<Record<StandardFieldKey, FieldValue>> & Record<string, FieldValue>;

/**
 * How a message takes part in a request/response exchange. `key` is unique within a connection
 * for one exchange at a time (decoders prefix it with the initiating side where both sides number
 * their own requests, e.g. `send:3`). `request` opens the exchange, `response` ends it, `stream`
 * is one of several answers, `complete` ends a stream.
 */
export type CorrelationRole = 'request' | 'response' | 'stream' | 'complete';
export interface Correlation {
  key: string;
  role: CorrelationRole;
}

export interface DecodedMessage {
  ok: true;
  /** The decoder's id. */
  protocol: string;
  /** One line for the message list, e.g. `42 chat:message`, `PUBLISH sensors/1 qos1`. */
  summary: string;
  /** Packet/frame/message type in the protocol's own terms (`EVENT`, `PUBLISH`, `subscribe`). */
  type: string;
  /** Flat, filterable facts: see `StandardFieldKey`. */
  fields: DecodedFields;
  /** The inner payload as a JSON-friendly value for a tree view (binary shown as `{ $binary, hex }`). */
  payload?: unknown;
  correlation?: Correlation;
  /**
   * One of the protocol's keep-alives (Engine.IO ping/pong, STOMP heart-beat EOLs, Phoenix
   * heartbeat and its reply, Action Cable ping, GraphQL ping/pong/ka, MQTT PINGREQ/PINGRESP,
   * SignalR ping, SockJS `h`): traffic that only keeps the connection up, which the panel can hide.
   */
  heartbeat?: true;
}

export interface DecodeFailure {
  ok: false;
  protocol: string;
  /** Why the message could not be decoded, in the decoder's words. */
  error: string;
}

export type DecodeResult = DecodedMessage | DecodeFailure;

export interface DecoderSession {
  /** Decodes the next message of the connection. Never throws. */
  decode(message: DecoderMessage): DecodeResult;
}

export interface Decoder {
  /** Stable id, also `DecodedMessage.protocol`: `socket.io`, `mqtt`, `graphql-transport-ws`... */
  id: string;
  /** Human name for menus. */
  label: string;
  /**
   * How sure the decoder is that it fits the connection: 0 = not this protocol; see `SCORE` in
   * `support/detect.ts` for the scale. Must not throw; looks at no more messages than it needs.
   */
  detect(connection: DecoderConnection, firstMessages: readonly DecoderMessage[]): number;
  /** A fresh per-connection decoding state. */
  createSession(connection: DecoderConnection): DecoderSession;
  /**
   * True when a message decodes the same whatever the connection carried before it (the session
   * keeps no state). The panel then decodes only the rows it shows or filters, one by one,
   * instead of every row of the connection up to them, in order.
   */
  stateless?: boolean;
}
