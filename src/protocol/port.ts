/**
 * The one port shape every pure module talks through. `extension/` adapts `runtime.Port` to it;
 * tests use `createPortPair`. Modules read and write it through a typed endpoint (endpoint.ts),
 * never directly. (Modelled on apollo-client-devtools' MessageAdapter.)
 */
export interface MessagePortLike<In, Out> {
  post(message: Out): void;
  onMessage(listener: (message: In) => void): void;
  onDisconnect(listener: () => void): void;
  disconnect(): void;
}

/** Two connected in-memory ends, delivering asynchronously like real ports. */
export function createPortPair<A, B>(): [MessagePortLike<A, B>, MessagePortLike<B, A>] {
  // The two ends carry different maps; inside the pair a message is just a cloned value.
  const listeners: [Array<(m: unknown) => void>, Array<(m: unknown) => void>] = [[], []];
  const disconnectListeners: [Array<() => void>, Array<() => void>] = [[], []];
  let open = true;
  const end = (self: 0 | 1): MessagePortLike<unknown, unknown> => ({
    post(message) {
      if (!open) throw new Error('port is disconnected');
      const copy = structuredClone(message);
      queueMicrotask(() => {
        if (open) for (const l of listeners[1 - self]) l(copy);
      });
    },
    onMessage(listener) {
      listeners[self].push(listener);
    },
    onDisconnect(listener) {
      disconnectListeners[self].push(listener);
    },
    disconnect() {
      if (!open) return;
      open = false;
      queueMicrotask(() => {
        for (const l of disconnectListeners[1 - self]) l();
      });
    },
  });
  return [end(0) as MessagePortLike<A, B>, end(1) as MessagePortLike<B, A>];
}
