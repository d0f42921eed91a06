/**
 * Takes Preact's `dangerouslySetInnerHTML` path out of the build: the one place in the bundle
 * that assigns a non-constant string to `innerHTML`.
 *
 * Why: captured payloads are untrusted and Frameline never renders data as HTML (no component
 * uses `dangerouslySetInnerHTML`); addons-linter (`web-ext lint`, and AMO's review) flags the
 * assignment as UNSAFE_VAR_ASSIGNMENT all the same. With this plugin the panel cannot set HTML
 * from a value at all: a component that tried would throw instead of rendering markup.
 * If a Preact update changes that code, the build fails here rather than silently keeping it.
 */
import type { Plugin } from 'vite';

const PREACT_BUILD = /[\\/]node_modules[\\/]preact[\\/]dist[\\/]preact\.(module\.js|mjs)$/;
/** Preact's minified `dom.innerHTML = newHtml.__html` (10.x: `u.innerHTML=h.__html`). */
const HTML_ASSIGNMENT = /\b[A-Za-z_$][\w$]*\.innerHTML=[A-Za-z_$][\w$]*\.__html\b/g;
const REFUSAL = '(()=>{throw new Error("Frameline renders no HTML: dangerouslySetInnerHTML is not supported")})()';

export function noHtmlRendering(): Plugin {
  return {
    name: 'frameline:no-html-rendering',
    enforce: 'pre',
    transform(code, id) {
      if (!PREACT_BUILD.test(id)) return null;
      const found = code.match(HTML_ASSIGNMENT)?.length ?? 0;
      if (found !== 1) this.error(`expected one dangerouslySetInnerHTML assignment in ${id}, found ${found}: update scripts/no-html-rendering.ts for this Preact version`);
      return { code: code.replace(HTML_ASSIGNMENT, REFUSAL), map: null };
    },
  };
}
