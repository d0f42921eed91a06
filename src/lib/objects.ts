/** Plain-object helpers for reading untrusted JSON and writing compact records. Pure. */

/** A JSON object: not null, not an array. What readers of stored or imported data check first. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Copies the defined properties only, so optional fields do not appear as `undefined` keys. */
export function withoutUndefined<T extends object>(value: T): T {
  const out = {} as T;
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] !== undefined) out[key] = value[key];
  return out;
}
