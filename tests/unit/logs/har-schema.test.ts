import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createHarExport } from '../../../src/logs/export-har';
import { createHarValidator } from './har-schema';
import { createSampleSession } from './sample-session';

const validate = createHarValidator();

describe('exported HAR against the HAR 1.2 JSON schema (har-schema)', () => {
  it('the validator does reject what is not HAR 1.2', () => {
    expect(validate({ log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [{ time: 'soon' }] } })).not.toEqual([]);
  });

  it.each([
    ['sanitized (default)', {}],
    ['with sensitive data', { sanitize: false }],
    ['with redaction rules', { redactions: [{ kind: 'jsonPath' as const, path: '$..user' }, { kind: 'regex' as const, pattern: 'h.llo' }] }],
    ['one connection', { scope: { connectionIds: ['d1:2'] } }],
  ])('%s validates', (_name, options) => {
    // Through JSON: the file is what gets validated, not the in-memory object.
    const har = JSON.parse(JSON.stringify(createHarExport(createSampleSession(), options)));
    expect(validate(har)).toEqual([]);
  });

  it('an empty session validates', () => {
    expect(validate(createHarExport({ connections: [], messages: [] }))).toEqual([]);
  });

  it('keeps Chrome and Frameline `_` fields (the schema allows them)', () => {
    const har = createHarExport(createSampleSession());
    expect(validate(har)).toEqual([]);
    expect(har.log.entries[0]._resourceType).toBe('websocket');
    expect(har.log.entries[0]._frameline).toBeDefined();
  });

  it('the Playwright fixture validates too (a sanity check of the fixture)', () => {
    const har = JSON.parse(readFileSync(new URL('../../fixtures/har/playwright-websocket.har', import.meta.url), 'utf8'));
    expect(validate(har)).toEqual([]);
  });
});
