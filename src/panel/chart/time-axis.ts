/**
 * Dates on the timeline chart in the UI's locale. uPlot formats its time axis and legend from
 * templates of US-style tokens (`{M}/{D}`, `{h}:{mm}{aa}`, lines split by `\n`); it takes the
 * formatter as `fmtDate`. This one reads which parts a template line shows and asks
 * `Intl.DateTimeFormat` for them, so zh-CN reads `1月5日` and `14:05` where en-US reads `Jan 5`
 * and `2:05 PM`. Lines of seconds or milliseconds alone (`:{ss}`, `.{fff}`) are digits in every
 * locale and stay as they are.
 */

export type DateFormatter = (date: Date) => string;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function lineFormatter(locale: string | undefined, line: string): DateFormatter {
  const has = (token: RegExp) => token.test(line);
  const options: Intl.DateTimeFormatOptions = {};
  if (has(/\{YY(YY)?\}/)) options.year = 'numeric';
  const month = has(/\{MMMM\}/) ? 'long' : has(/\{MMM\}/) || has(/\{MM?\}/) ? 'short' : undefined;
  if (month) options.month = month;
  if (has(/\{DD?\}/)) options.day = 'numeric';
  if (has(/\{WWWW?\}/)) options.weekday = 'short';
  if (has(/\{(HH?|hh?)\}/)) options.hour = 'numeric';
  if (has(/\{mm\}/)) options.minute = '2-digit';
  const clock = options.hour !== undefined || options.minute !== undefined;
  if (has(/\{ss\}/) && clock) options.second = '2-digit';
  if (has(/\{fff\}/) && clock) options.fractionalSecondDigits = 3;
  if (Object.keys(options).length > 0) {
    const format = new Intl.DateTimeFormat(locale, options);
    return (date) => format.format(date);
  }
  // Seconds and milliseconds under the previous label: plain digits.
  return (date) => line.replace(/\{ss\}/g, pad(date.getSeconds())).replace(/\{fff\}/g, pad(date.getMilliseconds(), 3));
}

/** uPlot's `fmtDate`: a template to a formatter in `locale` (undefined: the runtime's default). */
export function createLocaleDateTemplate(locale: string | undefined): (template: string) => DateFormatter {
  return (template) => {
    const lines = template.split('\n').map((line) => lineFormatter(locale, line));
    return (date) => lines.map((format) => format(date)).join('\n');
  };
}
