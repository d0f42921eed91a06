import { describe, expect, it } from 'vitest';
import { createLease, LEASE_CHECK_MS } from '../../../src/page/lease';

/** Timers the test runs by hand: `advance(ms)` fires what is due, in order. */
function fakeTimers() {
  let now = 0;
  let nextId = 1;
  const pending = new Map<number, { at: number; callback: () => void }>();
  return {
    setTimeout(callback: () => void, ms: number) {
      const id = nextId++;
      pending.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout(handle: unknown) {
      pending.delete(handle as number);
    },
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = until;
    },
    get pending() {
      return pending.size;
    },
  };
}

function setup() {
  const timers = fakeTimers();
  const events: string[] = [];
  const lease = createLease({ timers, ask: () => events.push('ask'), expire: () => events.push('expire') });
  return { timers, events, lease };
}

describe('the hook\'s lease on the bridge', () => {
  it('sets no timer until something needs the bridge, and leaves none when nothing does', () => {
    const { timers, events, lease } = setup();
    timers.advance(10 * LEASE_CHECK_MS);
    expect(timers.pending).toBe(0);
    lease.start();
    lease.start();
    expect(timers.pending).toBe(1);
    lease.stop();
    expect(timers.pending).toBe(0);
    expect(lease.running).toBe(false);
    timers.advance(10 * LEASE_CHECK_MS);
    expect(events).toEqual([]);
  });

  it('holds as long as the bridge answers each question', () => {
    const { timers, events, lease } = setup();
    lease.start();
    for (let i = 0; i < 50; i++) {
      timers.advance(LEASE_CHECK_MS);
      lease.renewed();
    }
    expect(events).toEqual(Array(50).fill('ask'));
    expect(lease.running).toBe(true);
    expect(timers.pending).toBe(1);
  });

  it('expires after two unanswered questions in a row, once, with no timer left', () => {
    const { timers, events, lease } = setup();
    lease.start();
    timers.advance(LEASE_CHECK_MS);
    lease.renewed();
    // The bridge is gone from here on: the question asked at the next check is the first unanswered.
    timers.advance(2 * LEASE_CHECK_MS);
    expect(events).toEqual(['ask', 'ask', 'ask']);
    timers.advance(LEASE_CHECK_MS - 1);
    expect(events).toEqual(['ask', 'ask', 'ask']);
    timers.advance(1);
    expect(events).toEqual(['ask', 'ask', 'ask', 'expire']);
    expect(lease.running).toBe(false);
    expect(timers.pending).toBe(0);
    timers.advance(10 * LEASE_CHECK_MS);
    expect(events).toEqual(['ask', 'ask', 'ask', 'expire']);
  });

  it('forgives one late answer (a busy page can delay it past the next check)', () => {
    const { timers, events, lease } = setup();
    lease.start();
    timers.advance(LEASE_CHECK_MS); // ask
    timers.advance(LEASE_CHECK_MS); // no answer yet: one miss, ask again
    lease.renewed(); // the late answer
    timers.advance(LEASE_CHECK_MS);
    timers.advance(LEASE_CHECK_MS); // one miss again
    lease.renewed();
    timers.advance(LEASE_CHECK_MS);
    expect(events).not.toContain('expire');
  });

  it('counts whatever starts it as an answer, and starts afresh after stopping or expiring', () => {
    const { timers, events, lease } = setup();
    lease.start();
    timers.advance(3 * LEASE_CHECK_MS);
    expect(events).toEqual(['ask', 'ask', 'expire']);
    events.length = 0;
    // Interception comes back on (a command from a live bridge): two periods before it can expire again.
    lease.start();
    timers.advance(2 * LEASE_CHECK_MS);
    expect(events).toEqual(['ask', 'ask']);
    lease.stop();
    lease.start();
    timers.advance(2 * LEASE_CHECK_MS);
    expect(events).toEqual(['ask', 'ask', 'ask', 'ask']);
  });

  it('lets the hook stop it from inside expire and start it again while releasing', () => {
    const timers = fakeTimers();
    const events: string[] = [];
    const lease = createLease({
      timers,
      ask: () => events.push('ask'),
      expire: () => {
        events.push('expire');
        // Releasing a held message re-checks whether the lease is needed, then interception ends.
        lease.start();
        lease.stop();
      },
    });
    lease.start();
    timers.advance(3 * LEASE_CHECK_MS);
    expect(events).toEqual(['ask', 'ask', 'expire']);
    expect(lease.running).toBe(false);
    expect(timers.pending).toBe(0);
  });
});
