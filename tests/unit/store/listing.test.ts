/**
 * The store listing texts (docs/store/listing.<locale>.md) say what the package says: the name
 * and summary are the extension's own `extName` / `extDescription`, which the stores read from
 * the package, and the summary fits the Chrome Web Store's 132 characters. The screenshots are
 * at the two sizes the Chrome Web Store takes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url).pathname;
const STORE = join(ROOT, 'docs/store');

/** The text under `## heading` up to the next heading, trimmed. */
function section(markdown: string, heading: string): string {
  const match = markdown.match(new RegExp(`^## ${heading}\\n([\\s\\S]*?)(?=^## |$(?![\\s\\S]))`, 'm'));
  if (!match) throw new Error(`no "## ${heading}" section`);
  return match[1].trim();
}

describe.each(['en', 'zh_CN'])('store listing (%s)', (locale) => {
  const listing = readFileSync(join(STORE, `listing.${locale}.md`), 'utf8');
  const messages = JSON.parse(readFileSync(join(ROOT, `public/_locales/${locale}/messages.json`), 'utf8')) as Record<string, { message: string }>;

  it('names the extension as its package does', () => {
    expect(section(listing, 'Name')).toBe(messages.extName.message);
  });

  it('has the package description as its summary, within 132 characters', () => {
    const summary = section(listing, 'Summary');
    expect(summary).toBe(messages.extDescription.message);
    expect([...summary].length).toBeLessThanOrEqual(132);
  });

  it('has a description and points to the permission justifications', () => {
    expect(section(listing, 'Description').length).toBeGreaterThan(200);
    expect(section(listing, 'Permissions')).toContain('docs/PERMISSIONS.md');
  });
});

describe('store screenshots', () => {
  const dir = join(STORE, 'screenshots');
  const files = readdirSync(dir).filter((f) => f.endsWith('.png'));
  const size = (file: string) => {
    const png = readFileSync(join(dir, file));
    return `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`;
  };

  it('come in both Chrome Web Store sizes, named after their size', () => {
    const views = new Set(files.map((f) => f.replace(/-\d+x\d+\.png$/, '')));
    expect(views.size).toBeGreaterThanOrEqual(1);
    for (const view of views) {
      expect(size(`${view}-1280x800.png`)).toBe('1280x800');
      expect(size(`${view}-640x400.png`)).toBe('640x400');
    }
    expect(files).toHaveLength(views.size * 2);
  });

  it('are the ones the English listing lists', () => {
    const listed = [...section(readFileSync(join(STORE, 'listing.en.md'), 'utf8'), 'Screenshots').matchAll(/`(\d-[a-z-]+)`/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual([...new Set(files.map((f) => f.replace(/-\d+x\d+\.png$/, '')))].sort());
  });
});
