/**
 * The UI text files (public/_locales/<locale>/messages.json): complete in every locale, a
 * translator's description on each message, the same substitutions in each translation, nothing
 * the browsers would refuse to load, and a message for every code the engines say
 * (src/panel/common/coded-text.ts) and every key the panel asks for.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templateParams } from '../../../../src/lib/coded-text';
import { ENGINE_TEXTS, messageKeyOf, say } from '../../../../src/panel/common/coded-text';
import { setTranslator, t } from '../../../../src/panel/common/i18n';

type Messages = Record<string, { message: string; description?: string }>;
const ROOT = resolve(__dirname, '../../../..');
const read = (locale: string) => JSON.parse(readFileSync(join(ROOT, 'public/_locales', locale, 'messages.json'), 'utf8')) as Messages;
const en = read('en');
const zh = read('zh_CN');
const locales = { en, zh_CN: zh };

/** `$1`..`$9` of a message (`$$` is a literal dollar). */
const substitutions = (message: string) => [...message.replace(/\$\$/g, '').matchAll(/\$(\d)/g)].map((m) => m[1]).sort();

describe('locale files', () => {
  it('have the same keys in English and Simplified Chinese', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  it('give every message a translator description', () => {
    for (const [locale, messages] of Object.entries(locales)) {
      const without = Object.entries(messages).filter(([, m]) => !m.description?.trim()).map(([key]) => key);
      expect(without, locale).toEqual([]);
    }
  });

  it('use the same substitutions in every translation', () => {
    for (const [key, message] of Object.entries(en)) expect(substitutions(zh[key].message), key).toEqual(substitutions(message.message));
  });

  it('hold nothing Chrome reads as an undefined placeholder ($name$ makes the whole file fail to load)', () => {
    for (const [locale, messages] of Object.entries(locales)) {
      for (const [key, { message }] of Object.entries(messages)) expect(/\$[A-Za-z0-9_@]+\$/.test(message.replace(/\$\$/g, '')), `${locale} ${key}: ${message}`).toBe(false);
    }
  });
});

describe('engine texts', () => {
  it('have a message for every code, in English exactly as the engine says it', () => {
    for (const [code, template] of Object.entries(ENGINE_TEXTS)) {
      const key = messageKeyOf(code);
      const order = templateParams(template);
      const expected = template.replace(/\$/g, '$$$$').replace(/\{(\w+)\}/g, (_, name: string) => `$${order.indexOf(name) + 1}`);
      expect(en[key]?.message, code).toBe(expected);
      expect(order.length, code).toBeLessThanOrEqual(9);
    }
  });

  it('are said in the panel language, nested texts too, and in English where a key is missing', () => {
    const zhTranslator = (key: string, subs: string[] = []) =>
      zh[key]?.message.replace(/\$(\d|\$)/g, (_, i: string) => (i === '$' ? '$' : (subs[Number(i) - 1] ?? ''))) ?? '';
    setTranslator(zhTranslator);
    try {
      const problem = { code: 'query.atHint', params: { problem: { code: 'query.badSize', params: { value: '1x' } }, at: 5, hint: { code: 'query.badSizeHint' } } };
      expect(say(problem)).toBe('无效的大小 "1x"（位置 5；请使用数字，可带单位 b、k、kb、m、mb、g、gb、kib、mib 或 gib）');
      expect(say({ code: 'raw', params: { text: 'Unterminated group' } })).toBe('Unterminated group');
      expect(say({ code: 'no.such.code', params: {} })).toBe('no.such.code');
    } finally {
      setTranslator(() => '');
    }
    expect(say({ code: 'query.at', params: { problem: { code: 'query.unclosedGroup' }, at: 0 } })).toBe('Unclosed "(" at 0');
  });
});

describe('texts once looked up', () => {
  it('are looked up again when the translator changes', () => {
    expect(t('dismiss')).toBe('Dismiss');
    setTranslator((key) => (key === 'dismiss' ? zh.dismiss.message : ''));
    try {
      expect(t('dismiss')).toBe('关闭');
    } finally {
      setTranslator(() => '');
    }
    expect(t('dismiss')).toBe('Dismiss');
  });
});

describe('panel keys', () => {
  /** Keys the panel asks for by name: `t('key'` anywhere in src/panel and extension/. */
  function literalKeys(dir: string): string[] {
    const keys: string[] = [];
    for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile() || !/\.(ts|tsx)$/.test(entry.name)) continue;
      const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
      for (const m of text.matchAll(/\bt\('([A-Za-z0-9_]+)'/g)) keys.push(m[1]);
    }
    return keys;
  }

  it('exist for every key the panel names', () => {
    const keys = [...literalKeys(join(ROOT, 'src/panel')), ...literalKeys(join(ROOT, 'extension'))];
    expect(keys.length).toBeGreaterThan(100);
    expect([...new Set(keys.filter((key) => !(key in en)))]).toEqual([]);
  });

  it('exist for every value of the keys the panel builds', () => {
    const built = [
      ...['connecting', 'open', 'closing', 'closed', 'error'].map((s) => `state_${s}`),
      ...['open', 'close', 'error'].map((e) => `event_${e}`),
      ...['text', 'json', 'hex', 'base64', 'utf8', 'decoded'].map((v) => `view_${v}`),
      ...['text', 'json', 'hex', 'base64'].map((m) => `mode_${m}`),
      ...['block', 'replace', 'setJson', 'replaceHex', 'delay', 'autoReply'].map((a) => `action_${a}`),
      ...['paused', 'waiting', 'delayed'].map((h) => `hold_${h}`),
      ...['all', 'selected', 'shown'].map((s) => `exportScope_${s}`),
      ...['url', 'frame', 'state', 'protocol', 'extensions', 'opened', 'closed', 'close', 'sent', 'received', 'rate', 'duration'].map((c) => `col_${c}`),
    ];
    expect(built.filter((key) => !(key in en))).toEqual([]);
  });
});
