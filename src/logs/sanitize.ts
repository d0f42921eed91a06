/**
 * Sanitizing: what an export removes by default so that a log can be shared (attached to a bug,
 * sent to a colleague) without handing over the user's session.
 *
 * Chrome's "sanitized" HAR removes cookies and the Cookie / Authorization / Set-Cookie headers but
 * leaves payloads alone, although WebSocket apps often send their token in the first message.
 * Frameline goes further:
 *
 * - Headers: `Cookie`, `Set-Cookie`, `Set-Cookie2`, `Authorization`, `Proxy-Authorization`,
 *   `Sec-WebSocket-Key` and `Sec-WebSocket-Accept` are removed (any case). Other headers whose
 *   name is token-like (`X-Api-Key`, `X-Auth-Token`, `X-CSRF-Token`...) keep their name with the
 *   value `REDACTED`.
 * - Cookie arrays are emptied (the exporter does that).
 * - URLs (request.url, queryString, frame URL, URLs inside stacks and texts): the value of every
 *   token-like query or fragment parameter becomes `REDACTED` (name kept, so the structure stays
 *   visible), and so does a password in `user:password@`.
 * - Text payloads: values of token-like JSON keys (`"token":"..."` -> `"token":"REDACTED"`, also
 *   inside non-JSON frames such as Socket.IO's `42["auth",{"token":"..."}]`), JWTs (`eyJ...`),
 *   `Bearer <token>` and token-like `name=value` pairs. Formatting is preserved (no re-parse).
 *   Binary payloads are untouched.
 *
 * Token-like names (case-insensitive), see `isSensitiveName`:
 *   exact:  auth, authorization, key, apikey, api_key, api-key, access_token, refresh_token,
 *           id_token, token, password, passwd, pwd, pass, secret, client_secret, session,
 *           sessionid, session_id, jsessionid, phpsessid, sid, jwt, signature, sig, credential,
 *           credentials, x-amz-signature, x-amz-credential, x-amz-security-token, x-goog-signature
 *   suffix: ...token, ...secret, ...password, ...passwd, ...signature, ...apikey, ...api_key,
 *           ...api-key, ...credential(s), ...private_key, ...secret_key, ...access_key, ...auth_key
 *           (so authToken, csrf_token, clientSecret, X-Auth-Token all count)
 *   `key` counts in URLs and headers but not as a JSON key: payloads use "key" for keyboard keys,
 *   cache keys and routing keys far more often than for secrets. Add a rule for such cases.
 */
import { REDACTED } from './redact';
import type { HarHeader } from './types';

export const REMOVED_HEADERS: readonly string[] = [
  'cookie',
  'set-cookie',
  'set-cookie2',
  'authorization',
  'proxy-authorization',
  'sec-websocket-key',
  'sec-websocket-accept',
];

const SENSITIVE_EXACT = new Set([
  'auth', 'authorization', 'key', 'apikey', 'api_key', 'api-key', 'access_token', 'refresh_token', 'id_token',
  'token', 'password', 'passwd', 'pwd', 'pass', 'secret', 'client_secret', 'session', 'sessionid',
  'session_id', 'jsessionid', 'phpsessid', 'sid', 'jwt', 'signature', 'sig', 'credential', 'credentials',
  'x-amz-signature', 'x-amz-credential', 'x-amz-security-token', 'x-goog-signature',
]);

const SENSITIVE_SUFFIX = /(?:token|secret|password|passwd|signature|api[_-]?key|credentials?|(?:private|secret|access|auth)[_-]?key)$/;

// Payloads repeat the same few keys millions of times in a large log: remember the answers.
const nameCache = new Map<string, boolean>();

/**
 * Whether a parameter, header or JSON key name holds a credential.
 * `where: 'payload'` leaves out plain `key` (see the module comment).
 */
export function isSensitiveName(name: string, where: 'url' | 'payload' = 'url'): boolean {
  if (where === 'payload' && name.toLowerCase() === 'key') return false;
  let sensitive = nameCache.get(name);
  if (sensitive === undefined) {
    const lower = name.toLowerCase();
    sensitive = SENSITIVE_EXACT.has(lower) || SENSITIVE_SUFFIX.test(lower);
    if (nameCache.size > 10_000) nameCache.clear();
    nameCache.set(name, sensitive);
  }
  return sensitive;
}

function isRemovedHeader(name: string): boolean {
  return REMOVED_HEADERS.includes(name.toLowerCase());
}

/** Drops credential headers and blanks the value of token-like ones. Returns new objects. */
export function sanitizeHeaders(headers: readonly HarHeader[]): HarHeader[] {
  const out: HarHeader[] = [];
  for (const header of headers) {
    if (isRemovedHeader(header.name)) continue;
    const bare = header.name.toLowerCase().replace(/^x-/, '');
    out.push(isSensitiveName(bare) || isSensitiveName(header.name) ? { ...header, value: REDACTED } : { ...header });
  }
  return out;
}

function decodeParamName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/** `a=1&token=x` -> `a=1&token=REDACTED`; separators and other parameters stay byte for byte. */
function redactParams(params: string): string {
  return params
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      const name = pair.slice(0, eq);
      return isSensitiveName(decodeParamName(name)) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
}

/** Redacts token-like query and fragment parameters and a `user:password@` password. */
export function sanitizeUrl(url: string): string {
  const hashAt = url.indexOf('#');
  let base = hashAt === -1 ? url : url.slice(0, hashAt);
  let fragment = hashAt === -1 ? undefined : url.slice(hashAt + 1);
  const queryAt = base.indexOf('?');
  if (queryAt !== -1) base = base.slice(0, queryAt + 1) + redactParams(base.slice(queryAt + 1));
  base = base.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*):[^/?#@]*@/i, `$1:${REDACTED}@`);
  // OAuth's implicit flow puts `access_token=...` in the fragment of the page URL, and hash
  // routers put a query after the route (`#/callback?token=...`).
  if (fragment !== undefined && fragment.includes('=')) {
    const routeQuery = fragment.indexOf('?');
    fragment = routeQuery === -1 ? redactParams(fragment) : fragment.slice(0, routeQuery + 1) + redactParams(fragment.slice(routeQuery + 1));
  }
  return fragment === undefined ? base : `${base}#${fragment}`;
}

// `"name": "value"` or `"name": 123` where the name contains a sensitive word (then checked with
// isSensitiveName). Bounded name length and an unambiguous string body keep it linear; matching
// only candidate names is about twice as fast as visiting every member.
const JSON_MEMBER =
  /"([^"\\\n]{0,100}?(?:auth|key|token|secret|pass|pwd|session|sid|sig|jwt|credential)[^"\\\n]{0,100}?)"(\s*:\s*)("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*)/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
// Case-sensitive and at least 16 characters so that prose ("the bearer of ...") survives.
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/-]{16,}=*/g;
const PARAM = /(^|[?&#;])([A-Za-z0-9_.%[\]-]{1,64})=([^&#\s"'<>\\]*)/g;

// Every sensitive name contains one of these words: texts without any (most traffic) skip the scans.
const MAYBE_SENSITIVE = /auth|key|token|secret|pass|pwd|session|sid|sig|jwt|credential/i;

/** The built-in payload sanitizer (see the module comment). Cheap checks skip most texts. */
export function sanitizeText(text: string): string {
  let result = text;
  if (!MAYBE_SENSITIVE.test(result)) {
    // Only a JWT or a bearer token could still be in there (they need no name).
    if (result.includes('eyJ')) result = result.replace(JWT, REDACTED);
    return result.includes('Bearer') ? result.replace(BEARER, `Bearer ${REDACTED}`) : result;
  }
  if (result.includes('"')) {
    result = result.replace(JSON_MEMBER, (match, name: string, separator: string) =>
      isSensitiveName(name, 'payload') ? `"${name}"${separator}"${REDACTED}"` : match,
    );
  }
  if (result.includes('eyJ')) result = result.replace(JWT, REDACTED);
  if (result.includes('Bearer')) result = result.replace(BEARER, `Bearer ${REDACTED}`);
  if (result.includes('=')) {
    result = result.replace(PARAM, (match, separator: string, name: string, value: string) =>
      value !== REDACTED && isSensitiveName(decodeParamName(name)) ? `${separator}${name}=${REDACTED}` : match,
    );
  }
  return result;
}
