// @vitest-environment happy-dom
/** The Intercept pane's rule editor (src/panel/intercept/InterceptPanel.tsx), rendered. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { InterceptPanel } from '../../../../src/panel/intercept/InterceptPanel';
import type { InterceptConfig } from '../../../../src/protocol/intercept';
import type { Rule } from '../../../../src/protocol/rules';

afterEach(cleanup);

const autoReply: Rule = { id: 'r1', name: 'pong', enabled: true, direction: 'send', match: '$.type=ping', action: { type: 'autoReply', format: 'text', template: '{"type":"pong"}' } };

function mount(rule: Rule) {
  const onConfig = vi.fn();
  const config: InterceptConfig = { breakpoints: [], rules: [rule] };
  render(<InterceptPanel config={config} onConfig={onConfig} held={[]} onHoldAction={() => {}} connectionLabel={() => '#1'} />);
  return { onConfig, rule: screen.getByRole('group', { name: 'Rule' }) };
}

describe('auto-reply rule editor', () => {
  it('offers "Reply instead of the server", off by default, and sets dropOriginal when ticked', () => {
    const { onConfig, rule } = mount(autoReply);
    const box = within(rule).getByRole('checkbox', { name: 'Reply instead of the server' }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    expect(onConfig).toHaveBeenLastCalledWith({ breakpoints: [], rules: [{ ...autoReply, action: { ...autoReply.action, dropOriginal: true } }] });
  });

  it('shows a rule that already answers instead of the server as such, and unticking clears it', () => {
    const { onConfig, rule } = mount({ ...autoReply, action: { ...autoReply.action, dropOriginal: true } as Rule['action'] });
    const box = within(rule).getByRole('checkbox', { name: 'Reply instead of the server' }) as HTMLInputElement;
    expect(box.checked).toBe(true);
    fireEvent.click(box);
    expect(onConfig.mock.lastCall![0].rules[0].action).toMatchObject({ type: 'autoReply', dropOriginal: false });
  });

  it('is not offered for other actions', () => {
    mount({ ...autoReply, direction: 'receive', action: { type: 'block' } });
    expect(screen.queryByRole('checkbox', { name: 'Reply instead of the server' })).toBeNull();
  });
});
