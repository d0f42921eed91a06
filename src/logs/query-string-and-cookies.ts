/** The upgrade request's URL query string and its cookies as HAR name/value lists, and header look-up. */
import type { HarCookie, HarHeader, HarQueryParam } from './types';

function decodeComponent(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    // Malformed escapes (`%zz`) are kept as written rather than failing the export.
    return raw;
  }
}

/** HAR `queryString` of a URL: decoded pairs in order, repeats kept, fragment ignored. */
export function createQueryString(url: string): HarQueryParam[] {
  const hashAt = url.indexOf('#');
  const withoutHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const queryAt = withoutHash.indexOf('?');
  if (queryAt === -1) return [];
  const params: HarQueryParam[] = [];
  for (const pair of withoutHash.slice(queryAt + 1).split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    params.push(
      eq === -1
        ? { name: decodeComponent(pair), value: '' }
        : { name: decodeComponent(pair.slice(0, eq)), value: decodeComponent(pair.slice(eq + 1)) },
    );
  }
  return params;
}

/** Header values by name, case-insensitive. Chrome joins repeated headers with "\n". */
export function headerValues(headers: readonly HarHeader[], name: string): string[] {
  const lower = name.toLowerCase();
  const values: string[] = [];
  for (const header of headers) {
    if (header.name.toLowerCase() === lower) values.push(...header.value.split('\n'));
  }
  return values;
}

/** Cookies sent with the request (`Cookie: a=1; b=2`). */
export function createRequestCookies(headers: readonly HarHeader[]): HarCookie[] {
  const cookies: HarCookie[] = [];
  for (const value of headerValues(headers, 'cookie')) {
    for (const part of value.split(';')) {
      const trimmed = part.trim();
      if (trimmed === '') continue;
      const eq = trimmed.indexOf('=');
      cookies.push(eq === -1 ? { name: trimmed, value: '' } : { name: trimmed.slice(0, eq), value: trimmed.slice(eq + 1) });
    }
  }
  return cookies;
}

/** Cookies set by the response (`Set-Cookie: a=1; Path=/; HttpOnly`), one per header line. */
export function createResponseCookies(headers: readonly HarHeader[]): HarCookie[] {
  const cookies: HarCookie[] = [];
  for (const line of headerValues(headers, 'set-cookie')) {
    const [pair, ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    if (pair.trim() === '') continue;
    const cookie: HarCookie =
      eq === -1 ? { name: pair.trim(), value: '' } : { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim() };
    for (const attribute of attributes) {
      const at = attribute.indexOf('=');
      const key = (at === -1 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
      const value = at === -1 ? '' : attribute.slice(at + 1).trim();
      if (key === 'path') cookie.path = value;
      else if (key === 'domain') cookie.domain = value;
      else if (key === 'httponly') cookie.httpOnly = true;
      else if (key === 'secure') cookie.secure = true;
      else if (key === 'samesite') cookie.sameSite = value;
      else if (key === 'expires') {
        const date = new Date(value);
        if (!Number.isNaN(date.getTime())) cookie.expires = date.toISOString();
      }
    }
    cookies.push(cookie);
  }
  return cookies;
}
