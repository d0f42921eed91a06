// @vitest-environment happy-dom
/** Panel shortcuts (Ctrl/Cmd+F, `/`, Escape from the details) and the toolbar's roving Tab stop. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { useRef } from 'preact/hooks';
import { isTextEntry, useShortcuts } from '../../../src/panel/common/use-shortcuts';
import { onRovingKeyDown, settleRovingStop } from '../../../src/panel/common/roving';

afterEach(cleanup);

function Panel() {
  const filter = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const details = useRef<HTMLElement>(null);
  useShortcuts({ filter, list, details });
  return (
    <div>
      <input ref={filter} aria-label="Filter" />
      <div ref={list} tabIndex={0} aria-label="Messages" role="grid" />
      <section ref={details} tabIndex={0} aria-label="Details">
        <textarea aria-label="Note" />
      </section>
    </div>
  );
}

describe('useShortcuts', () => {
  it('Ctrl+F and / focus the filter; / is prevented only outside text fields', () => {
    render(<Panel />);
    const grid = screen.getByRole('grid');
    grid.focus();
    expect(fireEvent.keyDown(grid, { key: 'f', ctrlKey: true })).toBe(false);
    expect(document.activeElement).toBe(screen.getByLabelText('Filter'));
    grid.focus();
    expect(fireEvent.keyDown(grid, { key: '/' })).toBe(false);
    expect(document.activeElement).toBe(screen.getByLabelText('Filter'));
    const note = screen.getByLabelText('Note');
    note.focus();
    // In a text field `/` is a character: not prevented, focus stays.
    expect(fireEvent.keyDown(note, { key: '/' })).toBe(true);
    expect(document.activeElement).toBe(note);
  });

  it('Escape in the details goes back to the list', () => {
    render(<Panel />);
    const details = screen.getByLabelText('Details');
    details.focus();
    fireEvent.keyDown(details, { key: 'Escape' });
    expect(document.activeElement).toBe(screen.getByRole('grid'));
  });

  it('tells text fields from other controls', () => {
    const make = (html: string) => {
      const host = document.createElement('div');
      host.innerHTML = html;
      return host.firstElementChild;
    };
    expect(isTextEntry(make('<input type="search">'))).toBe(true);
    expect(isTextEntry(make('<textarea></textarea>'))).toBe(true);
    expect(isTextEntry(make('<input type="checkbox">'))).toBe(false);
    expect(isTextEntry(make('<button></button>'))).toBe(false);
  });
});

describe('roving tabindex', () => {
  it('keeps one Tab stop among buttons; arrows, Home and End move it; text fields are left alone', () => {
    render(
      <div role="toolbar" onKeyDown={onRovingKeyDown}>
        <button type="button">A</button>
        <button type="button">B</button>
        <input aria-label="Filter" />
        <button type="button">C</button>
      </div>,
    );
    const bar = screen.getByRole('toolbar');
    settleRovingStop(bar);
    const [a, b, c] = ['A', 'B', 'C'].map((n) => screen.getByText(n));
    expect([a.tabIndex, b.tabIndex, c.tabIndex]).toEqual([0, -1, -1]);
    expect(screen.getByLabelText('Filter').tabIndex).toBe(0);
    a.focus();
    fireEvent.keyDown(a, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(b);
    expect([a.tabIndex, b.tabIndex, c.tabIndex]).toEqual([-1, 0, -1]);
    fireEvent.keyDown(b, { key: 'End' });
    expect(document.activeElement).toBe(c);
    fireEvent.keyDown(c, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(a);
    const filter = screen.getByLabelText('Filter');
    filter.focus();
    expect(fireEvent.keyDown(filter, { key: 'ArrowLeft' })).toBe(true);
    expect(document.activeElement).toBe(filter);
  });
});
