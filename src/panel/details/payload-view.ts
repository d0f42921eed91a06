/** Turns a captured payload into what the details view shows. */
export { payloadBytes } from '../../lib/bytes';

export type TextView = { kind: 'json'; text: string; value: unknown } | { kind: 'text'; text: string };

/** JSON payloads pretty-printed (two spaces), anything else as it came. */
export function textView(text: string): TextView {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const value: unknown = JSON.parse(text);
      return { kind: 'json', text: JSON.stringify(value, null, 2), value };
    } catch {
      /* not JSON after all */
    }
  }
  return { kind: 'text', text };
}
