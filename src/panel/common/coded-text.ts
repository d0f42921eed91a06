/**
 * What the engines say (coded texts: src/lib/coded-text.ts), in the panel's language. A code
 * `query.unknownField` is the message key `query_unknownField`; its params fill `$1`, `$2`...
 * in the order they first appear in the engine's English template, so a translation may put
 * them in any order. A code without a translation (or a message key the locale lacks) is said in
 * English; params that are data (quoted values, paths, a browser's own words) are shown as they
 * are.
 */
import { CodedError, isCodedText, renderText, templateParams, type CodedText } from '../../lib/coded-text';
import { INTERCEPT_TEXTS } from '../../intercept/texts';
import { LOGS_TEXTS } from '../../logs/texts';
import { t } from './i18n';

/** Every engine's English, which also fixes the order of each code's params. */
export const ENGINE_TEXTS: Readonly<Record<string, string>> = { ...INTERCEPT_TEXTS, ...LOGS_TEXTS };

/** The panel's message key of a code (`extension` i18n keys take letters, digits and `_`). */
export function messageKeyOf(code: string): string {
  return code.replace(/\./g, '_');
}

export function say(text: CodedText): string {
  const template = ENGINE_TEXTS[text.code];
  if (template === undefined) return renderText(text, ENGINE_TEXTS);
  const values = templateParams(template).map((name) => {
    const value = text.params?.[name];
    if (value === undefined) return `{${name}}`;
    return typeof value === 'object' ? say(value) : String(value);
  });
  const key = messageKeyOf(text.code);
  const said = t(key, values);
  return said === key ? renderText(text, ENGINE_TEXTS) : said;
}

/** Anything thrown, said for the user: an engine's coded error translated, else its message. */
export function sayError(error: unknown): string {
  if (error instanceof CodedError) return say(error.text);
  const text = (error as { text?: unknown } | null)?.text;
  if (isCodedText(text)) return say(text);
  return error instanceof Error ? error.message : String(error);
}
