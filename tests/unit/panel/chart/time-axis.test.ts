/** Timeline chart dates in the UI's locale (src/panel/chart/time-axis.ts), on uPlot's own templates. */
import { describe, expect, it } from 'vitest';
import { createLocaleDateTemplate } from '../../../../src/panel/chart/time-axis';

// 5 January 2024, 14:05:09.123 local time.
const date = new Date(2024, 0, 5, 14, 5, 9, 123);

describe('timeline dates follow the UI locale', () => {
  it('Simplified Chinese: 24-hour clock, month and day in Chinese', () => {
    const zh = createLocaleDateTemplate('zh-CN');
    expect(zh('{h}:{mm}{aa}')(date)).toBe('14:05');
    expect(zh('{M}/{D}')(date)).toBe('1月5日');
    expect(zh('{M}/{D}\n{YYYY}')(date)).toBe('1月5日\n2024年');
    expect(zh('{YYYY}-{MM}-{DD} {h}:{mm}:{ss}{aa}')(date)).toMatch(/^2024年1月5日.*14:05:09$/);
  });

  it('US English as uPlot would print it, through Intl', () => {
    const en = createLocaleDateTemplate('en-US');
    expect(en('{h}:{mm}{aa}')(date)).toBe('2:05 PM');
    expect(en('{M}/{D}')(date)).toBe('Jan 5');
    expect(en('{MMM}')(date)).toBe('Jan');
  });

  it('seconds and milliseconds alone stay digits', () => {
    const zh = createLocaleDateTemplate('zh-CN');
    expect(zh(':{ss}')(date)).toBe(':09');
    expect(zh(':{ss}.{fff}')(date)).toBe(':09.123');
    expect(zh('{h}:{mm}:{ss}.{fff}')(date)).toBe('14:05:09.123');
  });
});
