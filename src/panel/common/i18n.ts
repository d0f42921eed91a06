/**
 * UI text. Strings live in `public/_locales/<locale>/messages.json` (the extension i18n mechanism);
 * the entry point installs `browser.i18n.getMessage` as the translator, which falls back to the
 * English file (the manifest's default_locale) by itself. The English file is therefore not part
 * of the panel's bundle (it weighs 90 KB with its translator notes); anything without
 * browser.i18n (unit tests: tests/unit/setup-english.ts) installs it with `setEnglishMessages`.
 * Without either, a text is its key.
 */
type Messages = Record<string, { message: string }>;
export type Translator = (key: string, substitutions?: string[]) => string;

function fromMessages(messages: Messages): Translator {
  return (key, substitutions = []) => {
    const entry = messages[key];
    if (!entry) return key;
    // As browser.i18n does: $1..$9 are substitutions, $$ is a literal dollar.
    return entry.message.replace(/\$(\d|\$)/g, (_, i: string) => (i === '$' ? '$' : (substitutions[Number(i) - 1] ?? '')));
  };
}

let english: Translator = (key) => key;
let translate: Translator = (key, substitutions) => english(key, substitutions);
/**
 * Texts without substitutions, once looked up: every rendered message row asks for a few (its
 * direction, "Text"), and `browser.i18n.getMessage` is a call into the extension's bindings each
 * time (issue 13: rows rendered in every frame of a fast scroll).
 */
const plain = new Map<string, string>();

/** The English catalogue, where there is no browser.i18n to fall back to it. */
export function setEnglishMessages(messages: Messages): void {
  english = fromMessages(messages);
  plain.clear();
}

export function setTranslator(translator: Translator): void {
  translate = (key, substitutions) => translator(key, substitutions) || english(key, substitutions);
  plain.clear();
}

export function t(key: string, substitutions?: string[]): string {
  if (substitutions) return translate(key, substitutions);
  let text = plain.get(key);
  if (text === undefined) plain.set(key, (text = translate(key)));
  return text;
}
