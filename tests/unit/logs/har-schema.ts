/**
 * HAR 1.2 JSON-schema validation with the `har-schema` package. Its schemas are draft-06 and refer
 * to each other by file name (`$id: "entry.json#"`, `$ref: "entry.json#"`), so all of them go into
 * one Ajv instance. `strict: false` because they use non-standard keywords (`optional`, `min`,
 * `unique`). None sets `additionalProperties: false`, so Chrome's and our `_` fields are allowed,
 * as HAR 1.2 says custom fields starting with `_` are.
 */
import { createRequire } from 'node:module';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';

const require = createRequire(import.meta.url);
const schemas = require('har-schema') as Record<string, { $id: string }>;

export function createHarValidator(): (har: unknown) => ErrorObject[] {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  addFormats(ajv);
  for (const schema of Object.values(schemas)) ajv.addSchema(schema);
  const validate = ajv.getSchema('har.json#');
  if (!validate) throw new Error('har.json schema not found');
  return (har) => (validate(har) ? [] : [...(validate.errors ?? [])]);
}
