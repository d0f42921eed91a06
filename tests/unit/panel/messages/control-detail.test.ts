/** Connection event rows in the panel's words, their data apart (src/panel/messages/control-detail.ts). */
import { describe, expect, it } from 'vitest';
import { controlText, readControlDetail } from '../../../../src/panel/messages/control-detail';
import type { ControlEvent } from '../../../../src/query/types';

const row = (event: ControlEvent['event'], detail: string): ControlEvent => ({ kind: 'control', connId: 'c', event, time: 0, detail });

describe('connection event rows', () => {
  it('reads back what the store wrote: the sub-protocol, the close code and reason, a close that was not clean, the error', () => {
    expect(readControlDetail(row('open', ''))).toEqual({});
    expect(readControlDetail(row('open', 'protocol v12.stomp'))).toEqual({ protocol: 'v12.stomp' });
    expect(readControlDetail(row('close', '1000 bye'))).toEqual({ data: '1000 bye' });
    expect(readControlDetail(row('close', '1006 (not clean)'))).toEqual({ data: '1006', notClean: true });
    expect(readControlDetail(row('close', ' (not clean)'))).toEqual({ notClean: true });
    expect(readControlDetail(row('error', 'net::ERR_CONNECTION_REFUSED'))).toEqual({ data: 'net::ERR_CONNECTION_REFUSED' });
  });

  it('says the row in one line', () => {
    expect(controlText(row('open', 'protocol chat'))).toBe('open protocol chat');
    expect(controlText(row('close', '4000 done (not clean)'))).toBe('close 4000 done (not clean)');
    expect(controlText(row('error', ''))).toBe('error');
  });
});
