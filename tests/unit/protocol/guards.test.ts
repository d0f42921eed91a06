import { describe, expect, it } from 'vitest';
import {
  bridgeToRouterGuards,
  isHandshakeMessage,
  isHookBatch,
  isPokeMessage,
  panelToRouterGuards,
  routerToBridgeGuards,
  routerToPanelGuards,
} from '../../../src/protocol/guards';
import { POKE_MESSAGE } from '../../../src/protocol/messages';
import { HOOK_DIALECT_VERSION, PROTOCOL_VERSION } from '../../../src/protocol/version';

const conn = { id: 'd:1', url: 'ws://s/', frameUrl: '', frameId: 0, protocolsRequested: [], protocol: '', extensions: '', state: 'open', createdAt: 1, api: 'WebSocket', sent: { count: 0, bytes: 0 }, received: { count: 0, bytes: 0 } };
const msg = (seq: number) => ({ connId: 'd:1', seq, dir: 'receive', time: seq, opcode: 1, size: 1, text: String(seq) });
const traffic = { docId: 'd', frameUrl: 'http://p/', frameId: 0, snapshot: false, dropped: 0, connections: [conn], messages: [msg(1)] };

describe('guard tables', () => {
  it('reject malformed traffic: a wrong field, a malformed connection or message anywhere in the lists', () => {
    const guard = routerToPanelGuards.traffic;
    expect(guard(traffic)).toBe(true);
    expect(guard({ docId: 5 })).toBe(false);
    expect(guard({ ...traffic, docId: 5 })).toBe(false);
    expect(guard({ ...traffic, messages: [msg(1), null, msg(2)] })).toBe(false);
    expect(guard({ ...traffic, messages: [msg(1), { ...msg(2), seq: '2' }] })).toBe(false);
    expect(guard({ ...traffic, connections: [{ id: 'd:1' }] })).toBe(false);
    expect(guard({ ...traffic, snapshot: undefined })).toBe(false);
    // The bridge's batches are the same, before the router stamps frame and snapshot.
    const { frameId: _f, snapshot: _s, ...batch } = traffic;
    expect(bridgeToRouterGuards.batch(batch)).toBe(true);
    expect(bridgeToRouterGuards.snapshot({ ...batch, dropped: '0' })).toBe(false);
  });

  it('check every message type of each direction', () => {
    expect(bridgeToRouterGuards.hello({ docId: 'd', frameUrl: 'u', top: true })).toBe(true);
    expect(bridgeToRouterGuards.hello({ docId: 'd', frameUrl: 'u', top: 1 })).toBe(false);
    expect(bridgeToRouterGuards.results({ results: [{ ref: 'p-1', ok: false, error: 'x' }] })).toBe(true);
    expect(bridgeToRouterGuards.results({ results: [{ ref: 1, ok: true }] })).toBe(false);
    const held = { docId: 'd', holdId: 'h', connId: 'd:1', dir: 'send', state: 'paused', since: 1, opcode: 1, text: 'x', size: 1 };
    expect(bridgeToRouterGuards.held({ docId: 'd', held: [held] })).toBe(true);
    expect(bridgeToRouterGuards.held({ docId: 'd', held: [{ ...held, state: 'asleep' }] })).toBe(false);
    expect(routerToPanelGuards.held({ docId: 'd', frameId: 2, held: [held] })).toBe(true);

    expect(routerToBridgeGuards.watch({ on: false })).toBe(true);
    expect(routerToBridgeGuards.watch({})).toBe(false);
    expect(routerToBridgeGuards.clear({})).toBe(true);
    const command = { ref: 'r', connId: 'd:1', action: 'send', text: 'x', mark: 'injected' };
    expect(routerToBridgeGuards.command(command)).toBe(true);
    expect(panelToRouterGuards.command({ ...command, mark: 'forged' })).toBe(false);
    expect(panelToRouterGuards.command({ ...command, text: undefined })).toBe(false);
    expect(panelToRouterGuards.intercept({ rules: [], breakpoints: [] })).toBe(true);
    expect(panelToRouterGuards.intercept({ rules: [] })).toBe(false);
    expect(panelToRouterGuards.holdAction({ docId: 'd', holdId: 'h', action: 'forward' })).toBe(true);
    expect(panelToRouterGuards.holdAction({ docId: 'd', holdId: 'h', action: 'keep' })).toBe(false);
    expect(panelToRouterGuards.open({ ref: 'r', url: 'ws://x/', protocols: ['a'] })).toBe(true);
    expect(panelToRouterGuards.open({ ref: 'r', url: 'ws://x/', protocols: [1] })).toBe(false);
    // A tab id that is no tab is the router's to answer (with a problem), not the guard's.
    expect(panelToRouterGuards.attach({ tabId: -4 })).toBe(true);
    expect(panelToRouterGuards.attach({ tabId: '4' })).toBe(false);

    expect(routerToPanelGuards.attached({ tabId: 1 })).toBe(true);
    expect(routerToPanelGuards.navigated({ docId: 'd', url: 'u' })).toBe(true);
    expect(routerToPanelGuards.problem({ message: 3 })).toBe(false);
    expect(routerToPanelGuards.commandResult({ ref: 'r', ok: true })).toBe(true);
    expect(routerToPanelGuards.otherVersion({ party: 'contentScript', version: 2 })).toBe(true);
    expect(routerToPanelGuards.otherVersion({ party: 'page', version: 2 })).toBe(false);
  });

  it('take only the versions they are for: the hook dialect for batches, the protocol for the rest', () => {
    expect(isHookBatch({ v: HOOK_DIALECT_VERSION, records: [] })).toBe(true);
    expect(isHookBatch({ v: HOOK_DIALECT_VERSION + 1, records: [] })).toBe(false);
    expect(isHookBatch({ v: HOOK_DIALECT_VERSION, records: {} })).toBe(false);
    expect(isPokeMessage(POKE_MESSAGE)).toBe(true);
    expect(isPokeMessage({ ...POKE_MESSAGE, v: PROTOCOL_VERSION + 1 })).toBe(false);
    const handshake = { frameline: 'handshake', v: PROTOCOL_VERSION, event: { requestId: 'r', url: 'ws://x/', phase: 'request', time: 1 } };
    expect(isHandshakeMessage(handshake)).toBe(true);
    expect(isHandshakeMessage({ ...handshake, v: PROTOCOL_VERSION + 1 })).toBe(false);
    expect(isHandshakeMessage({ ...handshake, event: null })).toBe(false);
  });
});
