/** "Logs that travel": save a session as HAR or NDJSON, and open saved logs. Pure: no browser APIs. */
export type * from './types';
export { FRAMELINE_FORMAT_VERSION } from './types';
export { createHarExport, createHarExportPlan, isFailedConnection, isOpenedConnection, type HarExportOptions } from './export-har';
export { createHarExportStream, createHarBlob } from './export-stream';
export { createNdjsonExport, createNdjsonExportStream, createNdjsonBlob, isNdjsonLog, NDJSON_TYPE } from './ndjson';
export type { ExportOptions } from './export-context';
export type { ExportScope } from './scope';
export type { StreamOptions } from './chunked';
export { importLog, checkImportSize, DEFAULT_MAX_IMPORT_BYTES, type ImportInput, type ImportOptions, type ImportResult } from './import';
export {
  createRedactor,
  redactText,
  InvalidRedactionRulesError,
  REDACTED,
  type RedactionRule,
  type RedactionRuleError,
  type Redactor,
} from './redact';
export { isSensitiveName, sanitizeHeaders, sanitizeText, sanitizeUrl, REMOVED_HEADERS } from './sanitize';
export { parseJsonPath } from '../lib/json-path';
