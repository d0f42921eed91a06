/**
 * The two versions of Frameline's wire formats. Bump one when a message of its format changes
 * shape; receivers drop what carries another version.
 *
 * PROTOCOL_VERSION: the envelopes between bridge, router and panel (`src/protocol/messages.ts`)
 * and the background's one-shot messages to content scripts (poke, handshake). A content script
 * left in a tab by an older build, or a panel of another build, speaks another version: the
 * router tells the panel (`otherVersion`), which asks the user to reload the page or DevTools.
 *
 * HOOK_DIALECT_VERSION: the hook's terse records and commands and the handshake that hands the
 * bridge its port (`src/protocol/hook-dialect.ts`). Hook and bridge are injected together, but
 * the dialect changes on its own schedule, so it has its own number.
 */
export const PROTOCOL_VERSION = 1;

/** 2: one opaque `marks` object on records and commands replaced `mark` and `rule`. */
/** 3: the hook's lease on the bridge (`renew` and `released` records, `lease` command). */
/** 4: served sockets ("Serve from log"): `served` on `create`, the `serveOpen`, `serveMessage`, `serveClose` and `serveFail` commands. */
/** 5: plain messages travel packed (`HookBatch.packed`), not as one `msg` record each. */
/** 6: the binary payloads of packed messages travel in one buffer (`HookPackedMessages.bytes`), not one ArrayBuffer each. */
export const HOOK_DIALECT_VERSION = 6;
