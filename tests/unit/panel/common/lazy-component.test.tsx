// @vitest-environment happy-dom
/**
 * Parts that load on first use (src/panel/common/lazy-component.tsx): a busy status until the
 * code is there, then the part with its props and children; later renders show it at once; a
 * failed load is tried again on the next render.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import { lazyComponent } from '../../../../src/panel/common/lazy-component';

afterEach(cleanup);

function Part({ name, children }: { name: string; children?: ComponentChildren }) {
  return (
    <section aria-label={name}>
      {children}
    </section>
  );
}

describe('lazyComponent', () => {
  it('shows a busy status, then the part with its props and children', async () => {
    let resolve!: (c: typeof Part) => void;
    const load = vi.fn(() => new Promise<typeof Part>((r) => (resolve = r)));
    const Lazy = lazyComponent(load);
    render(<Lazy name="Settings">inside</Lazy>);
    expect(screen.getByRole('status').textContent).toBe('Loading…');
    expect(screen.getByRole('status').getAttribute('aria-busy')).toBe('true');
    resolve(Part);
    expect((await screen.findByRole('region', { name: 'Settings' })).textContent).toBe('inside');
    expect(screen.queryByRole('status')).toBeNull();
    cleanup();
    // Once loaded, it renders at once, and the code is not asked for again.
    render(<Lazy name="Again" />);
    expect(screen.getByRole('region', { name: 'Again' })).toBeTruthy();
    expect(load).toHaveBeenCalledOnce();
  });

  it('asks again after a failed load', async () => {
    const load = vi.fn<() => Promise<typeof Part>>().mockRejectedValueOnce(new Error('chunk gone')).mockResolvedValueOnce(Part);
    const Lazy = lazyComponent(load);
    render(<Lazy name="First" />);
    await vi.waitFor(() => expect(load).toHaveBeenCalledOnce());
    await Promise.resolve();
    expect(screen.getByRole('status')).toBeTruthy();
    cleanup();
    render(<Lazy name="Second" />);
    expect(await screen.findByRole('region', { name: 'Second' })).toBeTruthy();
    expect(load).toHaveBeenCalledTimes(2);
  });
});
