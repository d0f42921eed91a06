import { describe, expect, it } from 'vitest';
import { readInterceptMarks, ruleLabel, type InterceptMarks, type MarkedMessage } from '../../../src/protocol/intercept';
import { originStorageKey } from '../../../src/intercept/storage';
import { payloadOf, samePayload, withPayload } from '../../../src/intercept/payload-edit';
import type { MessageRecord } from '../../../src/protocol/records';
import type { SessionMessage } from '../../../src/logs/types';
import { text } from './fixtures';

describe('marks', () => {
  it('are plain JSON that fits a MessageRecord and the export model', () => {
    const marks: InterceptMarks = { injected: true, rules: [{ id: 'r1', name: 'Mock' }], rule: 'Mock', blocked: true, delayedMs: 20, autoReply: true, inReplyTo: 3 };
    const record: MarkedMessage = { ...text('x'), ...marks };
    const asRecord: MessageRecord = record;
    const asSession: SessionMessage = record;
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
    expect(asRecord.rule).toBe(asSession.rule);
  });

  it('read back leniently', () => {
    expect(readInterceptMarks({ injected: true, replayed: 'yes', edited: false, rule: 'A, B', rules: [{ id: 'a', name: 'A' }, { id: 1 }], delayedMs: -5, inReplyTo: 4, dropped: true })).toEqual({
      injected: true,
      rule: 'A, B',
      rules: [{ id: 'a', name: 'A' }],
      inReplyTo: 4,
      dropped: true,
    });
    expect(readInterceptMarks(null)).toEqual({});
  });

  it('label rules by name, or id when unnamed', () => {
    expect(ruleLabel([{ id: 'a', name: 'Block pings' }, { id: 'b', name: '' }])).toBe('Block pings, b');
  });

  it('have per-origin storage keys', () => {
    expect(originStorageKey('rules', 'https://x.example')).toBe('frameline.rules:https://x.example');
  });
});

describe('payloads', () => {
  it('move in and out of records with honest sizes', () => {
    const m = text('abc', { truncated: true, size: 100 });
    expect(payloadOf(m)).toEqual({ opcode: 1, text: 'abc' });
    const next = withPayload(m, { opcode: 2, base64: 'AAECAw==' });
    expect(next).toEqual({ connId: m.connId, seq: m.seq, dir: m.dir, time: m.time, opcode: 2, size: 4, base64: 'AAECAw==' });
    expect(samePayload({ opcode: 1, text: '' }, { opcode: 1 })).toBe(true);
    expect(samePayload({ opcode: 1, text: 'a' }, { opcode: 2, base64: 'a' })).toBe(false);
  });
});
