/**
 * UI text. Strings live in `public/_locales/<locale>/messages.json` (the extension i18n mechanism);
 * the entry point installs `browser.i18n.getMessage` as the translator, and anything without it
 * (unit tests) reads the English file directly.
 */
import english from '../../../public/_locales/en/messages.json';

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

let translate: Translator = fromMessages(english as Messages);

export function setTranslator(translator: Translator): void {
  const fallback = fromMessages(english as Messages);
  translate = (key, substitutions) => translator(key, substitutions) || fallback(key, substitutions);
}

export function t(key: string, substitutions?: string[]): string {
  return translate(key, substitutions);
}
