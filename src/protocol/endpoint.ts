/**
 * A typed endpoint: binds a port (`MessagePortLike`, port.ts) to the message maps of its two
 * directions (messages.ts). `on(type, handler)` hands the handler its payload's type, `post(type,
 * payload)` accepts only what the outgoing map allows, and every message received passes one
 * gate before any handler runs:
 *
 *   not an envelope `{ v, type, payload }`           ignored
 *   another PROTOCOL_VERSION                         `onForeignVersion(v)` (a stale content
 *                                                    script, a panel of another build), then ignored
 *   a type the map lacks, or a payload its guard     ignored
 *   (guards.ts) rejects
 *
 * Like apollo-client-devtools' message adapters and React DevTools' bridge: one object per port,
 * listeners by message type, the wire format in one place.
 */
import { envelope, type Envelope } from './messages';
import type { GuardTable } from './guards';
import type { MessagePortLike } from './port';
import { PROTOCOL_VERSION } from './version';

/** A port as its owner holds it: anything may arrive (the endpoint checks it), envelopes of `Out` leave. */
export type EnvelopePort<Out> = MessagePortLike<unknown, Envelope<Out>>;

/** One message of a map, discriminated by `type`: a `switch` on it narrows the payload. */
export type MessageOf<Map> = { [T in keyof Map]: { type: T; payload: Map[T] } }[keyof Map];

export interface EndpointOptions {
  /** An envelope of another protocol version arrived (`version` is the sender's). */
  onForeignVersion?(version: number): void;
}

export interface Endpoint<In, Out> {
  /** Handles one type of message; handlers of a type run in the order they were added. */
  on<T extends keyof In>(type: T, handler: (payload: In[T]) => void): void;
  /** Handles every message (after the handlers of its type), e.g. for a store that switches on `type`. */
  onMessage(handler: (message: MessageOf<In>) => void): void;
  /** Posts an envelope; false when the port refused it (it is closing: its disconnect follows). */
  post<T extends keyof Out>(type: T, payload: Out[T]): boolean;
  onDisconnect(listener: () => void): void;
  disconnect(): void;
}

export function createEndpoint<In, Out>(port: EnvelopePort<Out>, guards: GuardTable<In>, options: EndpointOptions = {}): Endpoint<In, Out> {
  const byType = new Map<keyof In, ((payload: never) => void)[]>();
  const everyMessage: ((message: MessageOf<In>) => void)[] = [];

  port.onMessage((raw) => {
    if (typeof raw !== 'object' || raw === null) return;
    const { v, type, payload } = raw as { v?: unknown; type?: unknown; payload?: unknown };
    if (typeof v !== 'number' || typeof type !== 'string') return;
    if (v !== PROTOCOL_VERSION) return options.onForeignVersion?.(v);
    if (!Object.hasOwn(guards, type)) return;
    const key = type as keyof In;
    if (!guards[key](payload)) return;
    for (const handler of byType.get(key) ?? []) (handler as (payload: In[keyof In]) => void)(payload);
    if (everyMessage.length) {
      const message = { type: key, payload } as MessageOf<In>;
      for (const handler of everyMessage) handler(message);
    }
  });

  return {
    on(type, handler) {
      let list = byType.get(type);
      if (!list) byType.set(type, (list = []));
      list.push(handler as (payload: never) => void);
    },
    onMessage(handler) {
      everyMessage.push(handler);
    },
    post(type, payload) {
      try {
        port.post(envelope<Out, typeof type>(type, payload) as Envelope<Out>);
        return true;
      } catch {
        return false;
      }
    },
    onDisconnect: (listener) => port.onDisconnect(listener),
    disconnect: () => port.disconnect(),
  };
}
