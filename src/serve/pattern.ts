/**
 * Serve patterns: a socket URL, exact or with `*` wildcards standing for any run of characters.
 * The page side applies the same rule (it cannot import this file: the hook imports only
 * src/page and src/protocol); the panel uses it to say which connections a pattern covers.
 */

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function servePatternMatches(pattern: string, url: string): boolean {
  if (!pattern.includes('*')) return pattern === url;
  return new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 's').test(url);
}
