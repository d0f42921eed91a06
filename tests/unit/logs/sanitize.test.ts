import { describe, expect, it } from 'vitest';
import { createHarExport } from '../../../src/logs/export-har';
import { createNdjsonExport } from '../../../src/logs/ndjson';
import { isSensitiveName, sanitizeHeaders, sanitizeText, sanitizeUrl } from '../../../src/logs/sanitize';
import { createSampleSession, JWT } from './sample-session';

const SECRETS = ['cookie-secret', 'new-cookie-secret', 'abc123', 'xyz', 'frag-secret', 's-1', 'key-secret', 'tok-123', 'sig-secret', JWT, 'dGhlIHNhbXBsZSBub25jZQ==', 's3pPLMBiTxaQ9kYGzzhZRbK+xOo='];

describe('sanitized export (the default)', () => {
  const text = JSON.stringify(createHarExport(createSampleSession()));
  const har = JSON.parse(text);
  const chat = har.log.entries[0];

  it('contains none of the secrets anywhere in the file', () => {
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  });

  it('removes cookies and credential headers, case-insensitively', () => {
    expect(chat.request.cookies).toEqual([]);
    expect(chat.response.cookies).toEqual([]);
    const names = [...chat.request.headers, ...chat.response.headers].map((h: { name: string }) => h.name.toLowerCase());
    for (const removed of ['cookie', 'authorization', 'set-cookie', 'sec-websocket-key', 'sec-websocket-accept']) expect(names).not.toContain(removed);
    expect(names).toContain('origin');
    expect(chat.request.headers.find((h: { name: string }) => h.name === 'X-Api-Key').value).toBe('REDACTED');
  });

  it('redacts token-like query parameters in the URL, queryString and frame URL, keeping the structure', () => {
    expect(chat.request.url).toBe('wss://chat.example.com/socket?room=42&token=REDACTED&access_token=REDACTED');
    expect(chat.request.queryString).toEqual([
      { name: 'room', value: '42' },
      { name: 'token', value: 'REDACTED' },
      { name: 'access_token', value: 'REDACTED' },
    ]);
    expect(chat._frameline.frameUrl).toBe('https://app.example.com/chat?session=REDACTED&tab=2#access_token=REDACTED&state=ok');
  });

  it('redacts tokens inside JSON payloads and bearer tokens / JWTs in text payloads', () => {
    const data = chat._webSocketMessages.map((m: { data: string }) => m.data);
    expect(data[0]).toBe('{"type":"auth","token":"REDACTED","user":"bob"}');
    expect(data[1]).toBe('{"type":"welcome","session":{"id":7,"sig":"REDACTED"}}');
    expect(data[5]).toBe('auth Bearer REDACTED');
  });

  it('NDJSON is sanitized the same way', () => {
    const ndjson = createNdjsonExport(createSampleSession());
    for (const secret of SECRETS) expect(ndjson).not.toContain(secret);
  });
});

describe('export with sanitize: false', () => {
  const text = JSON.stringify(createHarExport(createSampleSession(), { sanitize: false }));
  const chat = JSON.parse(text).log.entries[0];

  it('keeps every secret', () => {
    for (const secret of SECRETS) expect(text).toContain(secret);
  });

  it('keeps cookies (parsed from the headers) and credential headers', () => {
    expect(chat.request.cookies).toEqual([
      { name: 'sid', value: 'cookie-secret' },
      { name: 'theme', value: 'dark' },
    ]);
    expect(chat.response.cookies).toEqual([{ name: 'sid', value: 'new-cookie-secret', path: '/', httpOnly: true, secure: true, sameSite: 'Lax' }]);
    expect(chat.request.headers.map((h: { name: string }) => h.name)).toContain('Authorization');
    expect(chat.request.queryString[1]).toEqual({ name: 'token', value: 'abc123' });
    expect(chat._webSocketMessages[0].data).toBe('{"type":"auth","token":"tok-123","user":"bob"}');
  });

  it('still applies explicit redaction rules', () => {
    const har = createHarExport(createSampleSession(), { sanitize: false, redactions: [{ kind: 'jsonPath', path: '$.token' }] });
    expect(har.log.entries[0]._webSocketMessages![0].data).toBe('{"type":"auth","token":"REDACTED","user":"bob"}');
  });
});

describe('sanitize helpers', () => {
  it('knows token-like names, not ordinary ones', () => {
    for (const name of ['token', 'Access_Token', 'apikey', 'api-key', 'authToken', 'X-CSRF-Token', 'client_secret', 'password', 'sid', 'sig', 'jwt', 'X-Amz-Signature', 'private_key'])
      expect(isSensitiveName(name), name).toBe(true);
    for (const name of ['room', 'user', 'type', 'monkey', 'session_count', 'v', 'id', 'lang'])
      expect(isSensitiveName(name), name).toBe(false);
    expect(isSensitiveName('key')).toBe(true);
    expect(isSensitiveName('key', 'payload')).toBe(false);
  });

  it('sanitizeUrl keeps everything but the values, including encoded names and passwords', () => {
    expect(sanitizeUrl('wss://h/p?a=1&Token=x&api%5Fkey=y&b')).toBe('wss://h/p?a=1&Token=REDACTED&api%5Fkey=REDACTED&b');
    expect(sanitizeUrl('wss://user:hunter2@h/p')).toBe('wss://user:REDACTED@h/p');
    expect(sanitizeUrl('https://h/#/route?x=1&id_token=t')).toBe('https://h/#/route?x=1&id_token=REDACTED');
    expect(sanitizeUrl('ws://h/plain')).toBe('ws://h/plain');
  });

  it('sanitizeHeaders drops credential headers and blanks token-like ones', () => {
    expect(sanitizeHeaders([
      { name: 'COOKIE', value: 'a' },
      { name: 'proxy-authorization', value: 'b' },
      { name: 'X-Auth-Token', value: 'c' },
      { name: 'Accept', value: 'd' },
    ])).toEqual([
      { name: 'X-Auth-Token', value: 'REDACTED' },
      { name: 'Accept', value: 'd' },
    ]);
  });

  it('sanitizeText keeps formatting and non-secret values', () => {
    expect(sanitizeText('{ "password" : "p4ss",\n  "n": 1 }')).toBe('{ "password" : "REDACTED",\n  "n": 1 }');
    expect(sanitizeText('42["auth",{"accessToken":"t0k"}]')).toBe('42["auth",{"accessToken":"REDACTED"}]');
    expect(sanitizeText('{"key":"Enter","apiKey":12345}')).toBe('{"key":"Enter","apiKey":"REDACTED"}');
    expect(sanitizeText('CONNECT\nlogin=u&passcode=1&token=abc\n')).toBe('CONNECT\nlogin=u&passcode=1&token=REDACTED\n');
    expect(sanitizeText('the bearer of bad news')).toBe('the bearer of bad news');
    expect(sanitizeText(`jwt ${JWT}!`)).toBe('jwt REDACTED!');
    expect(sanitizeText('{"url":"wss://h/?sig=abc&x=1"}')).toBe('{"url":"wss://h/?sig=REDACTED&x=1"}');
  });
});
