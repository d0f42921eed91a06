/**
 * What a regex filter certainly needs, read from its pattern, so that binary rows can be ruled
 * out before their costly derived forms are built. A regex is tested against a binary row's
 * UTF-8 text (TextDecoder, slow on arbitrary bytes) and its hex dump (`de ad be ef`, three
 * characters per byte):
 * - `canMatchHexDump` is false when the regex needs a character a dump never holds:
 *   `/"sym":"ETH"/` needs `"`, so it can only match the text;
 * - `requiredAscii` is a run of ASCII characters every match contains. The UTF-8 text of a
 *   payload holds an ASCII run only where the bytes hold the same run (decoding never makes
 *   ASCII from other bytes, nor drops bytes between two ASCII characters), so rows whose bytes
 *   lack it cannot match the text.
 *
 * Conservative: only the top level of the pattern is read (none of it when `|` is there); a
 * literal counts when no quantifier makes it optional, and a run is broken by anything that is
 * not a plain literal. Groups, classes and escapes other than escaped punctuation are skipped.
 */
export interface RegexFacts {
  canMatchHexDump: boolean;
  requiredAscii?: string;
}

const HEX_DUMP_CHARS = '0123456789abcdef ';
const NOTHING_KNOWN: RegexFacts = { canMatchHexDump: true };

interface Atom {
  /** The one character this atom matches, when it is a plain literal. */
  literal?: string;
  /** Quantified (even `{1}`): ends a run of consecutive literals. */
  quantified: boolean;
  /** May match nothing at all (`x?`, `x*`, `x{0,3}`). */
  optional: boolean;
}

export function regexFacts(source: string, flags: string): RegexFacts {
  // The v flag nests classes ([[a-z]--[aeiou]]); not worth reading.
  const atoms = flags.includes('v') ? undefined : topLevelAtoms(source);
  if (!atoms) return NOTHING_KNOWN;
  const ignoreCase = flags.includes('i');
  const required = atoms.filter((a) => a.literal !== undefined && !a.optional).map((a) => a.literal!);
  const inDump = (ch: string) => HEX_DUMP_CHARS.includes(ignoreCase ? ch.toLowerCase() : ch);

  let best = '';
  let run = '';
  for (const atom of atoms) {
    const usable = atom.literal !== undefined && !atom.quantified && atom.literal.charCodeAt(0) < 0x80 && !(ignoreCase && /[a-z]/i.test(atom.literal));
    run = usable ? run + atom.literal : '';
    if (run.length > best.length) best = run;
  }
  return { canMatchHexDump: required.every(inDump), ...(best ? { requiredAscii: best } : {}) };
}

/** The pattern's top-level atoms, or undefined when it has a top-level alternative. */
function topLevelAtoms(source: string): Atom[] | undefined {
  const atoms: Atom[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    let literal: string | undefined;
    if (ch === '|') return undefined; // an alternative may avoid every literal
    if (ch === '\\') {
      const next = source[i + 1] ?? '';
      // Escaped punctuation is that character; letters and digits are classes, code points, backreferences.
      if (next && !/[0-9A-Za-z]/.test(next)) literal = next;
      i = 'uxpPkc'.includes(next) && next ? skipEscape(source, i) : i + 2;
    } else if (ch === '[') {
      i = skipClass(source, i);
    } else if (ch === '(') {
      i = skipGroup(source, i);
      if (i < 0) return undefined;
    } else if ('.^$*+?'.includes(ch)) {
      i++; // `.` and anchors match no one character; a quantifier cannot start an atom in a valid pattern
    } else {
      literal = ch;
      i++;
    }
    const quantifier = /^(\*|\?|\+|\{(\d+)(,\d*)?\})\??/.exec(source.slice(i));
    let optional = false;
    if (quantifier) {
      i += quantifier[0].length;
      optional = (quantifier[1] === '+' ? 1 : quantifier[2] !== undefined ? Number(quantifier[2]) : 0) === 0;
    }
    atoms.push({ literal, quantified: quantifier !== null, optional });
  }
  return atoms;
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

/** Index after a character class starting at `i` (JavaScript: `[]` is empty, `]` first closes it). */
function skipClass(source: string, i: number): number {
  let j = i + 1;
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
