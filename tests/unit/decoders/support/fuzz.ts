/**
 * Seeded fuzzing for decoders: random strings and bytes, and valid frames truncated and mutated.
 * The seed makes any failure reproducible; each session is fed messages in order, as in the panel,
 * so stateful decoders also meet garbage in the middle of a valid conversation.
 */
import { expect } from 'vitest';
import type { Decoder, DecoderConnection, DecoderMessage } from '../../../../src/decoders/types';
import { expectWellFormed } from './decode';

/** mulberry32: tiny, fast, good enough for test inputs. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = '{}[]":,0123456789abcdefxyzABCDEF \n\r\t\u0000\u001e\\/#+-_.ÿé€😀42[]{"type":"id":nullSEND\nCONNECT\n';

function randomText(random: () => number, max: number): string {
  const length = Math.floor(random() * max);
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return text;
}

function randomBytes(random: () => number, max: number): Uint8Array {
  return Uint8Array.from({ length: Math.floor(random() * max) }, () => Math.floor(random() * 256));
}

function bytesOf(message: DecoderMessage): Uint8Array {
  return message.opcode === 2 ? Buffer.from(message.base64 ?? '', 'base64') : Buffer.from(message.text ?? '', 'utf8');
}

function asMessage(dir: DecoderMessage['dir'], opcode: 1 | 2, bytes: Uint8Array): DecoderMessage {
  return opcode === 2 ? { dir, opcode, base64: Buffer.from(bytes).toString('base64') } : { dir, opcode, text: Buffer.from(bytes).toString('utf8') };
}

/** Malformed variants of valid messages: cut short, bytes flipped, bytes inserted, duplicated. */
function mutate(random: () => number, message: DecoderMessage): DecoderMessage {
  const bytes = bytesOf(message);
  const choice = Math.floor(random() * 4);
  let out: Uint8Array;
  if (choice === 0) out = bytes.subarray(0, Math.floor(random() * bytes.length));
  else if (choice === 1) {
    out = Uint8Array.from(bytes);
    for (let i = 0; i < 1 + random() * 4 && out.length; i++) out[Math.floor(random() * out.length)] = Math.floor(random() * 256);
  } else if (choice === 2) {
    const at = Math.floor(random() * (bytes.length + 1));
    out = Uint8Array.from([...bytes.subarray(0, at), ...randomBytes(random, 8), ...bytes.subarray(at)]);
  } else out = Uint8Array.from([...bytes, ...bytes]);
  return asMessage(random() < 0.5 ? 'send' : 'receive', message.opcode, out);
}

export interface FuzzOptions {
  seed: number;
  rounds?: number;
  /** Valid messages of the protocol, from a real capture: mutated and interleaved with noise. */
  valid?: readonly DecoderMessage[];
}

/** Feeds a session garbage and mangled frames; every result must be well-formed, nothing may throw. */
export function fuzzDecoder(decoder: Decoder, connection: DecoderConnection, { seed, rounds = 400, valid = [] }: FuzzOptions): { ok: number; failed: number } {
  const random = prng(seed);
  const session = decoder.createSession(connection);
  let ok = 0;
  let failed = 0;
  for (let i = 0; i < rounds; i++) {
    const dir = random() < 0.5 ? 'send' : 'receive';
    const pick = random();
    let message: DecoderMessage;
    if (valid.length && pick < 0.35) message = valid[Math.floor(random() * valid.length)];
    else if (valid.length && pick < 0.7) message = mutate(random, valid[Math.floor(random() * valid.length)]);
    else if (pick < 0.85) message = { dir, opcode: 1, text: randomText(random, 64) };
    else message = asMessage(dir, 2, randomBytes(random, 64));
    if (random() < 0.03) message = { ...message, truncated: true };
    if (random() < 0.01) message = { dir, opcode: 2, base64: '!!not base64!!' };
    let result;
    expect(() => (result = session.decode(message)), `seed ${seed} round ${i}`).not.toThrow();
    expectWellFormed(result!, decoder.id);
    if (result!.ok) ok++;
    else failed++;
  }
  return { ok, failed };
}
