/**
 * Whether a regex could match inside a hex dump (`de ad be ef`). A regex filter tests binary
 * rows against their UTF-8 text and their hex dump; building the dump is the costly part (three
 * characters per byte), so it is skipped when the regex needs a character a dump never holds:
 * `/"sym":"ETH"/` needs `"`, so it can only match the text.
 *
 * Conservative: true unless a character outside the dump's alphabet is certainly required. Only
 * the top level of the pattern is read (no `|` there); a literal counts when no quantifier makes
 * it optional. Groups, classes and escapes other than escaped punctuation are skipped.
 */
const HEX_DUMP_CHARS = '0123456789abcdef ';

export function regexCanMatchHexDump(source: string, flags: string): boolean {
  const ignoreCase = flags.includes('i');
  const inDump = (ch: string) => HEX_DUMP_CHARS.includes(ignoreCase ? ch.toLowerCase() : ch);
  let i = 0;
  const required: string[] = [];
  while (i < source.length) {
    const ch = source[i];
    let literal: string | undefined;
    if (ch === '|') return true; // an alternative may avoid every literal
    if (ch === '\\') {
      const next = source[i + 1] ?? '';
      // Escaped punctuation is that character; letters and digits are classes, code points, backreferences.
      if (next && !/[0-9A-Za-z]/.test(next)) literal = next;
      i += next === 'u' || next === 'x' || next === 'p' || next === 'P' || next === 'k' || next === 'c' ? skipEscape(source, i) : 2;
    } else if (ch === '[') {
      i = skipClass(source, i);
    } else if (ch === '(') {
      i = skipGroup(source, i);
      if (i < 0) return true;
    } else if ('.^$'.includes(ch)) {
      i++;
    } else if ('*+?'.includes(ch)) {
      i++; // cannot start an atom in a valid pattern; quantifiers after atoms are read below
    } else {
      literal = ch;
      i++;
    }
    // A following quantifier that allows zero repetitions makes the atom optional.
    const rest = source.slice(i);
    const quantifier = /^(\*|\?|\+|\{(\d+)(,\d*)?\})\??/.exec(rest);
    if (quantifier) {
      i += quantifier[0].length;
      const min = quantifier[1] === '+' ? 1 : quantifier[2] !== undefined ? Number(quantifier[2]) : 0;
      if (min === 0) literal = undefined;
    }
    if (literal !== undefined) required.push(literal);
  }
  return required.every(inDump);
}

/** Index after an escape with a payload: \uXXXX, \u{...}, \xXX, \p{...}, \k<name>, \cX. */
function skipEscape(source: string, i: number): number {
  const kind = source[i + 1];
  const rest = source.slice(i + 2);
  const match =
    kind === 'u' ? /^(\{[0-9A-Fa-f]+\}|[0-9A-Fa-f]{4})?/.exec(rest)
    : kind === 'x' ? /^([0-9A-Fa-f]{2})?/.exec(rest)
    : kind === 'k' ? /^(<[^>]*>)?/.exec(rest)
    : kind === 'c' ? /^[A-Za-z]?/.exec(rest)
    : /^(\{[^}]*\})?/.exec(rest);
  return i + 2 + (match?.[0].length ?? 0);
}

/** Index after a character class starting at `i` (`[...]`, escapes and `]` first included). */
function skipClass(source: string, i: number): number {
  let j = i + 1;
  if (source[j] === '^') j++;
  if (source[j] === ']') j++;
  while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** Index after the group starting at `i`, or -1 when it does not close. */
function skipGroup(source: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < source.length) {
    const ch = source[j];
    if (ch === '\\') j += 2;
    else if (ch === '[') j = skipClass(source, j);
    else {
      if (ch === '(') depth++;
      else if (ch === ')' && --depth === 0) return j + 1;
      j++;
    }
  }
  return -1;
}
