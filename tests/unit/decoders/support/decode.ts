/** Test helpers: decode a recorded connection, find decoded messages, assert well-formedness. */
import { expect } from 'vitest';
import { STANDARD_FIELD_KEYS, type DecodeResult, type Decoder, type DecodedMessage, type DecoderConnection, type DecoderMessage } from '../../../../src/decoders/types';

export function decodeConnection(decoder: Decoder, connection: DecoderConnection, messages: readonly DecoderMessage[]): DecodeResult[] {
  const session = decoder.createSession(connection);
  return messages.map((m) => session.decode(m));
}

/** All ok results, failing the test on any failure (with its error). */
export function allOk(results: DecodeResult[]): DecodedMessage[] {
  const failures = results.filter((r) => !r.ok);
  expect(failures).toEqual([]);
  return results as DecodedMessage[];
}

/** The shape every result must have, whatever the input. */
export function expectWellFormed(result: DecodeResult, protocol: string): void {
  expect(typeof result).toBe('object');
  expect(result.protocol).toBe(protocol);
  if (!result.ok) {
    expect(typeof result.error).toBe('string');
    expect(result.error.length).toBeGreaterThan(0);
    return;
  }
  expect(typeof result.summary).toBe('string');
  expect(result.summary).not.toMatch(/\n/);
  expect(typeof result.type).toBe('string');
  expect(result.type.length).toBeGreaterThan(0);
  for (const [key, value] of Object.entries(result.fields)) {
    expect(typeof key).toBe('string');
    expect(['string', 'number']).toContain(typeof value);
  }
  for (const key of STANDARD_FIELD_KEYS) if (key in result.fields) expect(['string', 'number']).toContain(typeof result.fields[key]);
  if (result.correlation) {
    expect(typeof result.correlation.key).toBe('string');
    expect(['request', 'response', 'stream', 'complete']).toContain(result.correlation.role);
  }
  // The payload is for a JSON tree view: it must survive JSON.stringify.
  expect(() => JSON.stringify(result.payload)).not.toThrow();
}

/** With PRINT_DECODED=1 in the environment, prints each frame and what it decoded to (for debugging). */
export function printDecoded(messages: readonly DecoderMessage[], results: readonly DecodeResult[]): void {
  if (!process.env.PRINT_DECODED) return;
  results.forEach((r, i) => {
    const m = messages[i];
    const raw = m.opcode === 1 ? JSON.stringify(m.text) : `<${m.base64}>`;
    console.log(`${m.dir} ${raw.slice(0, 120)}\n   => ${r.ok ? `${r.type} | ${r.summary} | ${JSON.stringify(r.fields)} | ${JSON.stringify(r.correlation ?? null)}` : `FAIL ${r.error}`}`);
  });
}
