// @vitest-environment happy-dom
/** The counts screen readers hear change at most once every COUNT_ANNOUNCE_MS, and end on the latest. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render } from '@testing-library/preact';
import { COUNT_ANNOUNCE_MS, CountAnnouncer } from '../../../src/panel/toolbar/CountAnnouncer';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('CountAnnouncer', () => {
  it('announces at most once per interval under a fast stream, then the latest counts', () => {
    vi.useFakeTimers();
    vi.setSystemTime(100_000);
    const { container, rerender } = render(<CountAnnouncer text="0 / 0" />);
    const region = container.querySelector('[aria-live="polite"]')!;
    const heard: string[] = [region.textContent!];
    const observer = () => {
      if (heard[heard.length - 1] !== region.textContent) heard.push(region.textContent!);
    };
    // 20 msg/s for 10 s.
    for (let i = 1; i <= 200; i++) {
      act(() => {
        rerender(<CountAnnouncer text={`${i} / ${i}`} />);
        vi.advanceTimersByTime(50);
      });
      observer();
    }
    act(() => {
      vi.advanceTimersByTime(COUNT_ANNOUNCE_MS);
    });
    observer();
    expect(heard.length).toBeLessThanOrEqual(1 + Math.ceil(10_000 / COUNT_ANNOUNCE_MS) + 1);
    expect(heard[heard.length - 1]).toBe('200 / 200');
  });
});
