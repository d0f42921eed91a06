import { describe, expect, it } from 'vitest';
import { createPanelStore, type PanelStore } from '../../../../src/panel/state/store';
import type { FrameTraffic } from '../../../../src/protocol/messages';
import type { ConnectionInfo, MessageRecord } from '../../../../src/protocol/records';
import { isControlEvent } from '../../../../src/query/types';
import { t } from '../../../../src/panel/common/i18n';

const conn = (id: string, extra: Partial<ConnectionInfo> = {}): ConnectionInfo => ({
  id, url: 'ws://s/', frameUrl: 'http://p/', frameId: 0, protocolsRequested: [], protocol: '', extensions: '', state: 'open',
  createdAt: 1, api: 'WebSocket', sent: { count: 0, bytes: 0 }, received: { count: 0, bytes: 0 }, ...extra,
});
const msg = (connId: string, seq: number): MessageRecord => ({ connId, seq, dir: 'receive', time: seq, opcode: 1, size: 1, text: String(seq) });
const traffic = (docId: string, connections: ConnectionInfo[], messages: MessageRecord[], snapshot = false): { type: 'traffic'; payload: FrameTraffic } => ({
  type: 'traffic',
  payload: { docId, frameUrl: 'http://p/', frameId: 0, connections, messages, dropped: 0, snapshot },
});
const syncStore = () => createPanelStore({ schedule: (cb) => cb() });

/** Every row of the table as the views see it. */
function rows(store: PanelStore) {
  const out = [];
  for (let id = store.table.firstId; id < store.table.endId; id++) out.push(store.rowAt(id));
  return out;
}
const messages = (store: PanelStore, connId?: string) =>
  rows(store).filter((r) => !isControlEvent(r) && (!connId || r.connId === connId)) as MessageRecord[];

describe('panel store', () => {
  it('keeps connections and their messages in order', () => {
    const store = syncStore();
    store.apply(traffic('d', [conn('d:1'), conn('d:2')], [msg('d:1', 1), msg('d:2', 2), msg('d:1', 3)]));
    expect(store.getState().connections.map((c) => c.id)).toEqual(['d:1', 'd:2']);
    expect(messages(store, 'd:1').map((m) => m.seq)).toEqual([1, 3]);
    expect(messages(store).map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(messages(store)[0]).toEqual(msg('d:1', 1));
  });

  it('adds open, error and close control rows once per transition', () => {
    const store = syncStore();
    store.apply(traffic('d', [conn('d:1', { openedAt: 5, protocol: 'chat' })], []));
    store.apply(traffic('d', [conn('d:1', { openedAt: 5, protocol: 'chat' })], [], true));
    store.apply(traffic('d', [conn('d:1', { openedAt: 5, closedAt: 9, closeCode: 4001, closeReason: 'bye', wasClean: true, state: 'closed' })], []));
    const controls = rows(store).filter(isControlEvent);
    expect(controls.map((c) => [c.event, c.time, c.detail])).toEqual([
      ['open', 5, 'protocol chat'],
      ['close', 9, '4001 bye'],
    ]);
  });

  it('drops what a later snapshot repeats (re-attach after a router restart)', () => {
    const store = syncStore();
    store.apply(traffic('d', [conn('d:1')], [msg('d:1', 1), msg('d:1', 2)]));
    store.apply(traffic('d', [conn('d:1')], [msg('d:1', 1), msg('d:1', 2), msg('d:1', 3)], true));
    expect(messages(store).map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('updates a connection in place when it changes', () => {
    const store = syncStore();
    store.apply(traffic('d', [conn('d:1')], []));
    store.apply(traffic('d', [conn('d:1', { state: 'closed', closeCode: 1000 })], []));
    expect(store.connection('d:1')).toMatchObject({ state: 'closed', closeCode: 1000 });
    expect(store.getState().connections).toHaveLength(1);
  });

  it('skips messages that happened while paused, even when they arrive after resuming', () => {
    let clock = 1000;
    const store = createPanelStore({ schedule: (cb) => cb(), now: () => clock });
    store.apply(traffic('d', [conn('d:1')], [{ ...msg('d:1', 1), time: 900 }]));
    store.setPaused(true);
    clock = 2000;
    store.setPaused(false);
    // Captured at 1500 (paused) but delivered late; then one from after the resume.
    store.apply(traffic('d', [], [{ ...msg('d:1', 2), time: 1500 }, { ...msg('d:1', 3), time: 2100 }]));
    expect(messages(store).map((m) => m.seq)).toEqual([1, 3]);
  });

  it('skips messages while paused, for good', () => {
    const store = syncStore();
    store.apply(traffic('d', [conn('d:1')], [msg('d:1', 1)]));
    store.setPaused(true);
    store.apply(traffic('d', [], [msg('d:1', 2)]));
    store.setPaused(false);
    store.apply(traffic('d', [], [msg('d:1', 2), msg('d:1', 3)], true));
    expect(messages(store).map((m) => m.seq)).toEqual([1, 3]);
  });

  it('clear keeps open connections, forgets closed ones and all messages', () => {
    const store = syncStore();
    store.apply(traffic('d', [conn('d:1'), conn('d:2', { state: 'closed' })], [msg('d:1', 1)]));
    store.clear();
    expect(store.getState().connections.map((c) => c.id)).toEqual(['d:1']);
    expect(store.table.size).toBe(0);
    store.apply(traffic('d', [conn('d:1')], [msg('d:1', 2)]));
    expect(messages(store).map((m) => m.seq)).toEqual([2]);
  });

  it('a new top document starts a new log unless the log is preserved', () => {
    const store = syncStore();
    store.apply({ type: 'navigated', payload: { docId: 'a', url: 'http://p/' } });
    store.apply(traffic('a', [conn('a:1')], [msg('a:1', 1)]));
    store.apply({ type: 'navigated', payload: { docId: 'a', url: 'http://p/' } });
    expect(messages(store)).toHaveLength(1);
    store.setPreserveLog(true);
    store.apply({ type: 'navigated', payload: { docId: 'b', url: 'http://p/2' } });
    expect(messages(store)).toHaveLength(1);
    store.setPreserveLog(false);
    store.apply({ type: 'navigated', payload: { docId: 'c', url: 'http://p/3' } });
    expect(store.getState().connections).toEqual([]);
    expect(store.table.size).toBe(0);
  });

  it('keeps at most maxMessages, dropping the oldest with a count', () => {
    const store = createPanelStore({ schedule: (cb) => cb(), maxMessages: 1000 });
    store.apply(traffic('d', [conn('d:1')], Array.from({ length: 2500 }, (_, i) => msg('d:1', i + 1))));
    expect(store.table.size).toBe(1000);
    expect(store.getState().droppedByPanel).toBe(1500);
    expect((store.rowAt(store.table.firstId) as MessageRecord).seq).toBe(1501);
  });

  it('notifies subscribers once per scheduled frame, however many changes', () => {
    const frames: (() => void)[] = [];
    const store = createPanelStore({ schedule: (cb) => frames.push(cb) });
    let calls = 0;
    store.subscribe(() => calls++);
    for (let i = 1; i <= 100; i++) store.apply(traffic('d', [conn('d:1')], [msg('d:1', i)]));
    expect(frames).toHaveLength(1);
    frames[0]();
    expect(calls).toBe(1);
    expect(messages(store)).toHaveLength(100);
  });

  it('keeps a message that arrives before its connection, and shows it when the connection comes', () => {
    const store = syncStore();
    store.apply(traffic('d', [conn('d:1')], [msg('d:9', 1), msg('d:1', 2)]));
    expect(messages(store).map((m) => m.seq)).toEqual([2]);
    store.apply(traffic('d', [conn('d:9')], [msg('d:9', 3)]));
    expect(messages(store, 'd:9').map((m) => m.seq)).toEqual([1, 3]);
    expect(store.getState()).toMatchObject({ droppedByPages: 0, droppedByPanel: 0 });
  });

  it('says when a content script or this panel speaks another protocol version; a new top document ends the first', () => {
    const store = syncStore();
    store.apply({ type: 'navigated', payload: { docId: 'a', url: 'http://p/' } });
    store.apply({ type: 'otherVersion', payload: { party: 'contentScript', version: 0 } });
    expect(store.getState().problem).toBe(t('problemContentScriptVersion'));
    expect(store.getState().problem).toContain('reload the page');
    store.apply({ type: 'navigated', payload: { docId: 'b', url: 'http://p/' } });
    expect(store.getState().problem).toBeUndefined();
    store.apply({ type: 'otherVersion', payload: { party: 'panel', version: 1 } });
    expect(store.getState().problem).toBe(t('problemPanelVersion'));
    store.apply({ type: 'navigated', payload: { docId: 'c', url: 'http://p/' } });
    expect(store.getState().problem).toBe(t('problemPanelVersion'));
  });

  it('shows problems and counts what the pages dropped before the panel saw it', () => {
    const store = syncStore();
    store.apply({ type: 'problem', payload: { message: 'No such tab' } });
    // Two documents whose histories had dropped their oldest 5 and 7 messages when the panel attached.
    store.apply({ type: 'traffic', payload: { ...traffic('a', [conn('a:1')], [msg('a:1', 6)], true).payload, dropped: 5 } });
    store.apply({ type: 'traffic', payload: { ...traffic('b', [conn('b:1')], [msg('b:1', 8)], true).payload, dropped: 7 } });
    expect(store.getState()).toMatchObject({ problem: 'No such tab', droppedByPages: 12 });
  });

  it('does not count as dropped what the panel received live before the page let it go', () => {
    const store = syncStore();
    const all = Array.from({ length: 200 }, (_, i) => msg('d:1', i + 1));
    store.apply(traffic('d', [conn('d:1')], all.slice(0, 100), true));
    // The page's history keeps 10 messages: it reports 190 dropped, all of which the panel has.
    store.apply({ type: 'traffic', payload: { ...traffic('d', [], all.slice(100)).payload, dropped: 190 } });
    expect(messages(store)).toHaveLength(200);
    expect(store.getState().droppedByPages).toBe(0);
  });

  it('counts messages missed while disconnected, but not a history another panel cleared', () => {
    const store = syncStore();
    store.apply(traffic('d', [conn('d:1')], [msg('d:1', 1), msg('d:1', 2)], true));
    // Reconnected after a gap: seq 3..5 were dropped by the page's history meanwhile.
    store.apply({ type: 'traffic', payload: { ...traffic('d', [], [msg('d:1', 6)], true).payload, dropped: 5 } });
    expect(store.getState().droppedByPages).toBe(3);
    // A page whose history was cleared (dropped 0) starts at seq 40: nothing was dropped.
    store.apply(traffic('e', [conn('e:1')], [msg('e:1', 40)], true));
    expect(store.getState().droppedByPages).toBe(3);
  });

  it('adds an imported log beside live traffic', () => {
    const store = syncStore();
    store.apply(traffic('d', [conn('d:1')], [msg('d:1', 1)]));
    store.addLog([conn('import-1:1', { state: 'closed' })], [msg('import-1:1', 1), msg('import-1:1', 2)]);
    expect(messages(store, 'import-1:1').map((m) => m.seq)).toEqual([1, 2]);
    expect(messages(store, 'd:1')).toHaveLength(1);
  });

  it('shows what the bridges hold, and forgets it when attached again (a router restart released it)', () => {
    const store = syncStore();
    const held = (docId: string, text: string) => ({ docId, holdId: `${docId}-h`, connId: `${docId}:1`, dir: 'send' as const, state: 'paused' as const, since: 1, opcode: 1 as const, text, size: text.length });
    store.apply({ type: 'attached', payload: { tabId: 3 } });
    store.apply({ type: 'held', payload: { docId: 'a', frameId: 0, held: [held('a', 'x')] } });
    store.apply({ type: 'held', payload: { docId: 'b', frameId: 1, held: [held('b', 'y')] } });
    expect(store.getState().held.map((h) => h.text)).toEqual(['x', 'y']);
    store.apply({ type: 'held', payload: { docId: 'a', frameId: 0, held: [] } });
    expect(store.getState().held.map((h) => h.text)).toEqual(['y']);
    // The transport attached again: bridges report what they still hold once they stream again.
    store.apply({ type: 'attached', payload: { tabId: 3 } });
    expect(store.getState().held).toEqual([]);
    store.apply({ type: 'held', payload: { docId: 'b', frameId: 1, held: [held('b', 'z')] } });
    expect(store.getState().held.map((h) => h.text)).toEqual(['z']);
  });
});

describe('how far behind the page the panel is', () => {
  it('is the age of the newest message of the last live batch; snapshots (old history) do not count', () => {
    let clock = 10_000;
    const store = createPanelStore({ schedule: (cb) => cb(), now: () => clock });
    expect(store.getState().behindMs).toBe(0);
    const at = (seq: number, time: number): MessageRecord => ({ ...msg('a:1', seq), time });
    store.apply(traffic('a', [conn('a:1')], [at(1, 1_000), at(2, 2_000)], true));
    expect(store.getState().behindMs).toBe(0);
    store.apply(traffic('a', [], [at(3, 7_000), at(4, 7_500)]));
    expect(store.getState().behindMs).toBe(2_500);
    clock = 12_000;
    store.apply(traffic('a', [], [at(5, 11_990)]));
    expect(store.getState().behindMs).toBe(10);
    // A batch of connection changes only says nothing about messages.
    store.apply(traffic('a', [conn('a:1', { state: 'closed' })], []));
    expect(store.getState().behindMs).toBe(10);
  });
});
