/**
 * How a frame gets its bridge on demand (docs/ARCHITECTURE.md, "A bridge only where it is needed").
 *
 * Every frame gets the MAIN-world hook and a small ISOLATED-world stub
 * (`extension/content/bridge-stub.iife.ts`). The stub takes the hook's port and keeps what
 * arrives (hook batches, handshake facts) until the full bridge is there. The first time the frame
 * has something for a bridge (a hook record, a handshake, a poke because a panel watches the tab)
 * the stub asks the background with NEED_BRIDGE_MESSAGE, and the background injects
 * BRIDGE_SCRIPT_FILE into that frame's isolated world (the same world as the stub's). The bridge
 * finds the stub under BRIDGE_STUB_KEY on the isolated world's global and takes over.
 */
import type { HandshakeMessage } from './messages';
import { PROTOCOL_VERSION } from './version';

/** Property of the isolated world's global where the stub leaves what the bridge takes over. */
export const BRIDGE_STUB_KEY = '__framelineBridgeStub__';

/** The full bridge's built file, injected by the background (scripts/iife-content-scripts.ts builds it). */
export const BRIDGE_SCRIPT_FILE = 'extension/content/bridge.iife.js';

/** What the stub keeps for the bridge. Only ever read inside the extension's isolated world. */
export interface BridgeStub {
  /**
   * The frame's URL when the stub started (document_start), which the bridge reports: by the time
   * the bridge arrives a `document.write` into a fresh about:blank frame has changed it to the
   * writer's URL.
   */
  frameUrl: string;
  /** The hook's private port, once its handshake came. */
  port?: MessagePort;
  /** Raw hook batches (`MessageEvent.data`) received before the bridge, in order. */
  batches: unknown[];
  /** Batches the stub let go because it held its maximum (the bridge never came). */
  droppedBatches: number;
  /** Handshake facts the background sent before the bridge. */
  handshakes: HandshakeMessage[];
  /** Set by the bridge when it takes over: the stub then passes nothing on. */
  loaded: boolean;
  /**
   * Reads the settings and passes the truncation size on to the hook. Called by STUB_SETTINGS_FILE
   * when it runs after the stub; the stub calls it itself when that script ran first.
   */
  readSettings?(): void;
}

/**
 * A second ISOLATED-world script, registered by the background only while the user's truncation
 * size differs from the hook's default (extension/background/stub-settings-script.ts): it makes
 * the stub read the settings at document_start. Every other frame reads nothing (a
 * `storage.local.get` per frame was a fifth of Firefox's page load, docs/BENCHMARKS.md).
 */
export const STUB_SETTINGS_FILE = 'extension/content/stub-settings.iife.js';

/** Set on the isolated world's global by STUB_SETTINGS_FILE when it runs before the stub. */
export const READ_SETTINGS_KEY = '__framelineReadSettings__';

/** How many hook batches (one per 16 ms at most) the stub keeps while the bridge is on its way. */
export const STUB_MAX_BATCHES = 4096;

export const NEED_BRIDGE_MESSAGE = { frameline: 'needBridge', v: PROTOCOL_VERSION } as const;

export function isNeedBridgeMessage(value: unknown): value is typeof NEED_BRIDGE_MESSAGE {
  return typeof value === 'object' && value !== null && (value as { frameline?: unknown }).frameline === NEED_BRIDGE_MESSAGE.frameline && (value as { v?: unknown }).v === PROTOCOL_VERSION;
}
