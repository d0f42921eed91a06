/** Serving a recorded conversation to the page ("Serve from log"): the engine's entry points. */
export { createServeScript, type ServeScriptOptions } from './script';
export { createServePlayer, type ServeClock, type ServeOutput, type ServePlayer } from './player';
export { createMessageMatcher } from './match';
export { findUnmatched } from './pairing';
export { createPlaywrightTest, playwrightTestFileName } from './playwright-export';
export { servePatternMatches } from '../protocol/serve';
export { detectServeDialect, type ServeDialect } from './dialect';
export type { ServePayload } from './payload';
