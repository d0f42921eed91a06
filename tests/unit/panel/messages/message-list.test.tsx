// @vitest-environment happy-dom
/** The message list's row marks: what Frameline did to each message, in the row's type cell. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/preact';
import { MessageList } from '../../../../src/panel/messages/MessageList';
import { createPanelStore } from '../../../../src/panel/state/store';
import { createMessageView } from '../../../../src/panel/state/message-view';
import type { MarkedMessage } from '../../../../src/protocol/intercept';
import type { ConnectionInfo } from '../../../../src/protocol/records';

afterEach(cleanup);

// happy-dom does no layout: give the list's scroller the size it has in a real panel.
for (const [name, size] of [['offsetHeight', 400], ['offsetWidth', 800], ['clientHeight', 400]] as const) {
  Object.defineProperty(HTMLElement.prototype, name, {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('scroll') ? size : 0;
    },
  });
}

const conn: ConnectionInfo = {
  id: 'd:1', url: 'ws://s/', frameUrl: 'http://p/', frameId: 0, protocolsRequested: [], protocol: '', extensions: '', state: 'open',
  createdAt: 1, api: 'WebSocket', sent: { count: 0, bytes: 0 }, received: { count: 0, bytes: 0 },
};
const msg = (seq: number, text: string, marks: Partial<MarkedMessage> = {}): MarkedMessage => ({ connId: 'd:1', seq, dir: 'send', time: 1000 + seq, opcode: 1, size: text.length, text, ...marks });

describe('message list marks', () => {
  it('shows blocked, dropped, rewritten, delayed and auto-reply, with the rule', () => {
    const store = createPanelStore({ schedule: (cb) => cb() });
    const rule = (name: string) => ({ rules: [{ id: name, name }], rule: name });
    store.apply({
      type: 'traffic',
      payload: {
        docId: 'd', frameUrl: 'http://p/', frameId: 0, snapshot: false, dropped: 0, connections: [conn],
        messages: [
          msg(1, 'my secret', { discarded: true, blocked: true, ...rule('no secrets') }),
          msg(2, 'hold-me', { discarded: true, dropped: true }),
          msg(3, 'a dog', { rewritten: true, delayedMs: 400, ...rule('cat to dog, slow') }),
          msg(4, 'pong', { dir: 'receive', autoReply: true, inReplyTo: 3, ...rule('pong') }),
          msg(5, 'plain'),
        ],
      },
    });
    const view = createMessageView(store.table, (id) => store.rowAt(id), () => {});
    view.refresh();
    render(<MessageList view={view} rowAt={(id) => store.rowAt(id)} connectionOf={(id) => store.connection(id)} onSelect={() => {}} onOpen={() => {}} />);
    const types = within(screen.getByRole('grid', { name: 'Messages' }))
      .getAllByRole('row')
      .filter((r) => r.hasAttribute('data-seq'))
      .map((r) => r.querySelector('[data-col="type"]')!.textContent);
    expect(types).toEqual([
      'text (discarded) (blocked) (rule: no secrets)',
      'text (discarded) (dropped)',
      'text (rewritten) (delayed 400 ms) (rule: cat to dog, slow)',
      'text (auto-reply) (rule: pong)',
      'text',
    ]);
  });
});
