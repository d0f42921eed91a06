import { describe, expect, it } from 'vitest';
import { createScriptPrefixer } from '../../../src/background/script-prefixer';

const P = '(()=>{self.h=1})();';

function run(bytes: Uint8Array, cuts: number[], holdLimit?: number): Uint8Array {
  const prefixer = createScriptPrefixer(P, holdLimit);
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    parts.push(...prefixer.push(bytes.subarray(from, cut)));
    from = cut;
  }
  parts.push(...prefixer.end());
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The prefixed text, checked to be the same for every way of cutting the bytes into two or three chunks. */
function prefixed(bytes: Uint8Array, decode: (b: Uint8Array) => string = (b) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b)): string {
  const whole = decode(run(bytes, []));
  for (let a = 0; a <= bytes.length; a++) {
    expect(decode(run(bytes, [a]))).toBe(whole);
    for (let b = a; b <= Math.min(bytes.length, a + 3); b++) expect(decode(run(bytes, [a, b]))).toBe(whole);
  }
  return whole;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('createScriptPrefixer', () => {
  it('puts the prefix first in a plain script, on the same line', () => {
    expect(prefixed(utf8('let a = 1;\nfoo(a);\n'))).toBe(`${P}let a = 1;\nfoo(a);\n`);
  });

  it('keeps a script without directives as it is after the prefix, even when it starts with a comment', () => {
    expect(prefixed(utf8('// hi\n/* x */ go();'))).toBe(`${P}// hi\n/* x */ go();`);
  });

  it('goes after a "use strict" directive so the worker stays strict', () => {
    expect(prefixed(utf8('"use strict";\nx();'))).toBe(`"use strict";${P}\nx();`);
    expect(prefixed(utf8("// c\n'use strict' ; 'other';x()"))).toBe(`// c\n'use strict' ; 'other';${P}x()`);
  });

  it('adds a semicolon after a directive that ends by a line break', () => {
    expect(prefixed(utf8("'use strict'\nx();"))).toBe(`'use strict';${P}\nx();`);
    expect(prefixed(utf8("'use strict' // note\nx();"))).toBe(`'use strict';${P} // note\nx();`);
  });

  it('does not take a string that starts an expression for a directive', () => {
    expect(prefixed(utf8("'a'.length;"))).toBe(`${P}'a'.length;`);
    expect(prefixed(utf8("'a'\n+ b;"))).toBe(`${P}'a'\n+ b;`);
    expect(prefixed(utf8("'a'\n('b');"))).toBe(`${P}'a'\n('b');`);
    expect(prefixed(utf8("'use strict';'a' in o;"))).toBe(`'use strict';${P}'a' in o;`);
  });

  it('keeps a UTF-8 byte order mark first', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('x("é");')]);
    const out = run(bytes, [1]);
    expect([...out.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(out)).toBe(`${P}x("é");`);
    expect(prefixed(bytes)).toBe(`\ufeff${P}x("é");`);
  });

  it('writes the prefix in UTF-16 after a UTF-16 byte order mark, little and big endian', () => {
    const text = '"use strict";\nx("漢");';
    const le = new Uint8Array(2 + text.length * 2);
    const be = new Uint8Array(2 + text.length * 2);
    le.set([0xff, 0xfe]);
    be.set([0xfe, 0xff]);
    for (let k = 0; k < text.length; k++) {
      const u = text.charCodeAt(k);
      le.set([u & 0xff, u >> 8], 2 + 2 * k);
      be.set([u >> 8, u & 0xff], 2 + 2 * k);
    }
    expect(prefixed(le, (b) => new TextDecoder('utf-16le').decode(b))).toBe(`"use strict";${P}\nx("漢");`);
    expect(prefixed(be, (b) => new TextDecoder('utf-16be').decode(b))).toBe(`"use strict";${P}\nx("漢");`);
  });

  it('keeps a hashbang line first and starts the next line with the prefix', () => {
    expect(prefixed(utf8('#!/usr/bin/env node\r\n"use strict";x()'))).toBe(`#!/usr/bin/env node\r\n"use strict";${P}x()`);
  });

  it('handles an empty response and a response made only of a directive', () => {
    expect(prefixed(new Uint8Array(0))).toBe(P);
    expect(prefixed(utf8("'use strict'"))).toBe(`'use strict';${P}`);
  });

  it('stops holding bytes back at the limit and puts the prefix at the best point found', () => {
    const long = `"use strict";/*${'x'.repeat(100)}`;
    const out = new TextDecoder().decode(run(utf8(`${long}*/go()`), [long.length], 50));
    expect(out).toBe(`"use strict";${P}/*${'x'.repeat(100)}*/go()`);
  });

  it('passes every byte after the start through unchanged', () => {
    const big = utf8(`go();${'y'.repeat(10_000)}`);
    const prefixer = createScriptPrefixer(P);
    const first = prefixer.push(big.subarray(0, 100));
    const second = prefixer.push(big.subarray(100));
    expect(second).toHaveLength(1);
    expect(second[0]).toEqual(big.subarray(100));
    expect(new TextDecoder().decode(first[0])).toBe(P);
    expect(prefixer.end()).toEqual([]);
  });
});
