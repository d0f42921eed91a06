/**
 * ISOLATED-world script registered by the background (extension/background/stub-settings-script.ts)
 * only while the user's truncation size differs from the hook's default: it makes the frame's stub
 * (extension/content/bridge-stub.iife.ts, same world) read the settings at document_start and pass
 * the size on to the hook. Whichever of the two runs second starts the read.
 */
import { BRIDGE_STUB_KEY, READ_SETTINGS_KEY, type BridgeStub } from '../../src/protocol/bridge-loading';

const scope = globalThis as typeof globalThis & { [BRIDGE_STUB_KEY]?: BridgeStub; [READ_SETTINGS_KEY]?: boolean };
const stub = scope[BRIDGE_STUB_KEY];
if (stub?.readSettings) stub.readSettings();
else scope[READ_SETTINGS_KEY] = true;
