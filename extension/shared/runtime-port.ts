/** Adapts a `runtime.Port` to the `MessagePortLike` that `src/` modules speak. */
import type { Runtime } from 'webextension-polyfill';
import type { MessagePortLike } from '../../src/protocol/port';

export function adaptRuntimePort<In, Out>(port: Runtime.Port): MessagePortLike<In, Out> {
  return {
    post: (message) => port.postMessage(message),
    onMessage: (listener) => port.onMessage.addListener((message) => listener(message as In)),
    onDisconnect: (listener) => port.onDisconnect.addListener(() => listener()),
    disconnect: () => port.disconnect(),
  };
}
