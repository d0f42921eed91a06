/**
 * What the engines say to people (errors, warnings, a filter in words), in a form a UI can
 * translate. The engines are pure and know no UI language, so they say a thing as a stable
 * `code` and the values that fill it (`params`). Each engine keeps a catalog of English
 * templates, `{name}` marking a param (`texts.ts` beside its code), which renders the same thing
 * in English for tests, exported files and the command line (`renderText`). The panel maps codes
 * to its own message keys and translates (src/panel/common/coded-text.ts).
 *
 * A param may itself be coded text: a rule's "Bad filter: {problem}" holds the filter's own
 * problem, translated along with it. Plain strings are data (a field name, a quoted value, a
 * browser's own message) and are shown as they are.
 */

export type TextParam = string | number | CodedText;

export interface CodedText {
  readonly code: string;
  readonly params?: Readonly<Record<string, TextParam>>;
}

/** Code -> English template. */
export type TextCatalog = Readonly<Record<string, string>>;

const PARAM = /\{(\w+)\}/g;

export function isCodedText(value: unknown): value is CodedText {
  return typeof value === 'object' && value !== null && typeof (value as CodedText).code === 'string';
}

/** The param names of a template, in the order they first appear (the order translations number them). */
export function templateParams(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(PARAM)) if (!names.includes(match[1])) names.push(match[1]);
  return names;
}

/** The text in English; a code the catalog lacks shows as itself, a missing param as `{name}`. */
export function renderText(text: CodedText, catalog: TextCatalog): string {
  const template = catalog[text.code];
  if (template === undefined) return text.code;
  return template.replace(PARAM, (whole, name: string) => {
    const value = text.params?.[name];
    if (value === undefined) return whole;
    return typeof value === 'object' ? renderText(value, catalog) : String(value);
  });
}

/**
 * A maker of one engine's texts: `text(code, params)` checks the code against the catalog at
 * compile time, `english(text)` renders with the catalog (which includes the catalogs whose texts
 * this engine nests).
 */
export function createTexts<C extends TextCatalog>(catalog: C) {
  return {
    catalog,
    text: (code: keyof C & string, params?: Record<string, TextParam>): CodedText => (params ? { code, params } : { code }),
    english: (text: CodedText): string => renderText(text, catalog),
  };
}

/**
 * A text that is data, not words of ours (an engine's or a browser's own message): every UI shows
 * it as it is.
 */
export const RAW_CODE = 'raw';
export const rawText = (text: string): CodedText => ({ code: RAW_CODE, params: { text } });

/** An Error that carries its coded text; its `message` is the English rendering. */
export class CodedError extends Error {
  constructor(
    readonly text: CodedText,
    english: string,
  ) {
    super(english);
  }
}

/** The coded text of anything thrown: a `CodedError`'s own, else its message as data. */
export function textOfError(error: unknown): CodedText {
  if (error instanceof CodedError) return error.text;
  return rawText(error instanceof Error ? error.message : String(error));
}
