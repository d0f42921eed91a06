/** "Logs that travel": save a session as HAR or NDJSON, and open saved logs. Pure: no browser APIs. */
export type * from '../logs/types';
export { FRAMELINE_FORMAT_VERSION } from '../logs/types';
export { createHarExport, createHarExportPlan, isFailedConnection, isOpenedConnection, type HarExportOptions } from '../logs/export-har';
export { createHarExportStream, createHarBlob } from '../logs/export-stream';
export { createNdjsonExport, createNdjsonExportStream, createNdjsonBlob, isNdjsonLog, NDJSON_TYPE } from '../logs/ndjson';
export type { ExportOptions } from '../logs/export-context';
export type { ExportScope } from '../logs/scope';
export type { StreamOptions } from '../logs/chunked';
export { importLog, checkImportSize, DEFAULT_MAX_IMPORT_BYTES, type ImportInput, type ImportOptions, type ImportResult } from '../logs/import';
export {
  createRedactor,
  redactText,
  InvalidRedactionRulesError,
  REDACTED,
  type RedactionRule,
  type RedactionRuleError,
  type Redactor,
} from '../logs/redact';
export { isSensitiveName, sanitizeHeaders, sanitizeText, sanitizeUrl, REMOVED_HEADERS } from '../logs/sanitize';
export { parseJsonPath } from '../logs/redaction-path';
