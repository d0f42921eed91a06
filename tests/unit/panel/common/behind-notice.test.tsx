// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/preact';
import { BehindNotice } from '../../../../src/panel/common/BehindNotice';

describe('BehindNotice', () => {
  it('says nothing while the panel keeps up, and how many seconds behind it is when it does not', () => {
    const kept = render(<BehindNotice behindMs={400} />);
    expect(kept.container.textContent).toBe('');
    kept.unmount();
    const behind = render(<BehindNotice behindMs={2_340} />);
    expect(behind.getByRole('status').textContent).toBe('The panel is 2.3 s behind the page: it receives messages faster than it can take them in.');
  });
});
