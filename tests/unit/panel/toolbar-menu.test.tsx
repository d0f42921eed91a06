// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { OverflowMenu } from '../../../src/panel/toolbar/OverflowMenu';
import { ToolButton } from '../../../src/panel/toolbar/ToolButton';

afterEach(cleanup);

describe('toolbar More menu', () => {
  it('keeps each control its name in the menu, as menuitem or menuitemcheckbox', () => {
    const exportHar = vi.fn();
    render(
      <OverflowMenu open onOpen={() => {}}>
        <ToolButton inMenu label="Export HAR" ariaLabel="Export HAR" onClick={exportHar} />
        <ToolButton inMenu label="Intercept" action="intercept" pressed={false} onClick={() => {}} />
      </OverflowMenu>,
    );
    expect(screen.getByRole('button', { name: 'More' }).getAttribute('aria-haspopup')).toBe('menu');
    fireEvent.click(screen.getByRole('menuitem', { name: 'Export HAR' }));
    expect(exportHar).toHaveBeenCalledOnce();
    const intercept = screen.getByRole('menuitemcheckbox', { name: 'Intercept' });
    expect(intercept.getAttribute('aria-checked')).toBe('false');
    expect(intercept.getAttribute('data-action')).toBe('intercept');
  });

  it('stays mounted but hidden while closed; Escape closes it', () => {
    const onOpen = vi.fn();
    const { rerender } = render(
      <OverflowMenu open={false} onOpen={onOpen}>
        <ToolButton inMenu label="Import" ariaLabel="Import" onClick={() => {}} />
      </OverflowMenu>,
    );
    expect(document.querySelector('[role="menu"]')!.hasAttribute('hidden')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'More' }));
    expect(onOpen).toHaveBeenLastCalledWith(true);
    rerender(
      <OverflowMenu open onOpen={onOpen}>
        <ToolButton inMenu label="Import" ariaLabel="Import" onClick={() => {}} />
      </OverflowMenu>,
    );
    fireEvent.keyDown(document.querySelector('[role="menu"]')!, { key: 'Escape' });
    expect(onOpen).toHaveBeenLastCalledWith(false);
  });
});
