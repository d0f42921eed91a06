import { describe, expect, it } from 'vitest';
import { buffer, page, play, script, server, serverBytes } from './fixtures';

describe('timed serving', () => {
  const frames = [server(0, 'hello'), page(50, 'ask'), server(100, 'answer'), server(1000, 'push')];
  const closed = { at: 1500, code: 4000, reason: 'bye', wasClean: true };

  it('opens on a later tick, never inside start()', () => {
    const run = play(script([], { mode: 'timed', protocol: 'chat', extensions: 'permessage-deflate' }));
    run.player.start();
    expect(run.events).toEqual([]);
    run.fake.advance(0);
    expect(run.events).toEqual([{ t: 0, kind: 'open', protocol: 'chat', extensions: 'permessage-deflate' }]);
  });

  it('delivers server messages at their recorded offsets from open, then closes at its offset', () => {
    const run = play(script(frames, { mode: 'timed', close: closed }));
    run.player.start();
    run.fake.advance(5000);
    expect(run.events.map((e) => [e.kind, e.t, 'data' in e ? e.data : undefined])).toEqual([
      ['open', 0, undefined],
      ['deliver', 0, 'hello'],
      ['deliver', 100, 'answer'],
      ['deliver', 1000, 'push'],
      ['close', 1500, undefined],
    ]);
    expect(run.events.at(-1)).toMatchObject({ code: 4000, reason: 'bye', wasClean: true });
  });

  it('does not wait for the page in timed mode', () => {
    const run = play(script(frames, { mode: 'timed' }));
    run.player.start();
    run.fake.advance(200);
    expect(run.delivered()).toEqual(['hello', 'answer']);
  });

  it.each([
    [2, [0, 50, 500, 750]],
    [0.5, [0, 200, 2000, 3000]],
  ])('speed %s scales every offset', (speed, times) => {
    const run = play(script(frames, { mode: 'timed', speed, close: closed }));
    run.player.start();
    run.fake.advance(10_000);
    expect(run.events.filter((e) => e.kind !== 'open').map((e) => e.t)).toEqual(times);
  });

  it('speed 0 plays everything as fast as possible, the close last', () => {
    const run = play(script(frames, { mode: 'timed', speed: 0, close: closed }));
    run.player.start();
    run.fake.advance(0);
    expect(run.kinds()).toEqual(['open', 'deliver', 'deliver', 'deliver', 'close']);
    expect(run.events.every((e) => e.t === 0)).toBe(true);
  });

  it('hands a long log over a few dozen messages per tick, in order', () => {
    const many = Array.from({ length: 1000 }, (_, i) => server(0, `m${i}`));
    const run = play(script(many, { mode: 'timed', speed: 0 }));
    run.player.start();
    run.fake.advance(0);
    expect(run.delivered()).toEqual(many.map((f) => f.text));
  });

  it('delivers binary frames as ArrayBuffers with their bytes', () => {
    const run = play(script([serverBytes(10, [0, 1, 254, 255])], { mode: 'timed' }));
    run.player.start();
    run.fake.advance(10);
    expect(run.delivered()).toEqual([[0, 1, 254, 255]]);
  });

  it('reports page messages the log does not expect, and not the expected ones', () => {
    const run = play(script(frames, { mode: 'timed' }));
    run.player.start();
    run.fake.advance(0);
    run.send('ask');
    run.send('something else');
    run.send(buffer([1, 2]));
    expect(run.unmatched()).toEqual(['something else', [1, 2]]);
  });

  it('stays open after the last message when the recording did not close', () => {
    const run = play(script(frames, { mode: 'timed' }));
    run.player.start();
    run.fake.advance(100_000);
    expect(run.kinds()).not.toContain('close');
    expect(run.fake.pending).toBe(0);
  });

  it('stop() ends everything: no further calls, no timers left', () => {
    const run = play(script(frames, { mode: 'timed', close: closed }));
    run.player.start();
    run.fake.advance(60);
    run.player.stop();
    run.fake.advance(10_000);
    expect(run.delivered()).toEqual(['hello']);
    expect(run.fake.pending).toBe(0);
  });

  it('answers the page closing like a server: the same code, clean, and plays nothing more', () => {
    const run = play(script(frames, { mode: 'timed', close: closed }));
    run.player.start();
    run.fake.advance(60);
    run.player.pageClosed(1000, 'done');
    expect(run.kinds()).not.toContain('close');
    run.fake.advance(10_000);
    expect(run.events.at(-1)).toMatchObject({ kind: 'close', code: 1000, reason: 'done', wasClean: true });
    expect(run.kinds().filter((k) => k === 'close')).toHaveLength(1);
    expect(run.delivered()).toEqual(['hello']);
  });

  it('a page close without a code reads 1005', () => {
    const run = play(script(frames, { mode: 'timed' }));
    run.player.start();
    run.fake.advance(0);
    run.player.pageClosed();
    run.fake.advance(0);
    expect(run.events.at(-1)).toMatchObject({ kind: 'close', code: 1005, reason: '', wasClean: true });
  });

  it('a page closing while connecting fails the connection (1006, not clean)', () => {
    const run = play(script(frames, { mode: 'timed' }));
    run.player.start();
    run.player.pageClosed(1000);
    run.fake.advance(0);
    expect(run.events).toEqual([{ t: 0, kind: 'close', code: 1006, reason: '', wasClean: false }]);
  });

  it('an empty script opens and stays open', () => {
    const run = play(script([], { mode: 'timed' }));
    run.player.start();
    run.fake.advance(10_000);
    expect(run.kinds()).toEqual(['open']);
  });

  it('an empty script with a close opens and closes', () => {
    const run = play(script([], { mode: 'timed', close: { at: 20, code: 1001, reason: '', wasClean: true } }));
    run.player.start();
    run.fake.advance(10_000);
    expect(run.events.map((e) => [e.kind, e.t])).toEqual([
      ['open', 0],
      ['close', 20],
    ]);
  });

  it('a recording that never opened fails the same way, without opening, at its recorded time', () => {
    const run = play(script([], { mode: 'timed', neverOpened: true, close: { at: 30, code: 1006, reason: '', wasClean: false } }));
    run.player.start();
    run.fake.advance(1000);
    expect(run.events).toEqual([{ t: 30, kind: 'close', code: 1006, reason: '', wasClean: false }]);
    run.send('late');
    expect(run.unmatched()).toEqual([]);
  });

  it('serves a huge message whole', () => {
    const huge = 'x'.repeat(8 * 1024 * 1024);
    const run = play(script([page(0, huge), server(1, huge + 'y')], { mode: 'timed' }));
    run.player.start();
    run.fake.advance(0);
    run.send(huge);
    run.fake.advance(10);
    expect(run.unmatched()).toEqual([]);
    expect((run.delivered()[0] as string).length).toBe(huge.length + 1);
  });
});

describe('timed serving of answers by id', () => {
  it('holds an answer (and what follows) until the page message it answers, then carries its id', () => {
    const run = play(
      script([page(10, '{"id":1,"method":"get"}'), server(20, '{"id":1,"result":"x"}'), server(30, '{"push":true}')], { mode: 'timed' }),
    );
    run.player.start();
    run.fake.advance(100);
    expect(run.delivered()).toEqual([]);
    run.send('{"id":"live","method":"get"}');
    expect(run.delivered()).toEqual(['{"id":"live","result":"x"}', '{"push":true}']);
  });

  it('an answer whose request came in time goes at its recorded time', () => {
    const run = play(script([page(10, '{"id":1,"method":"get"}'), server(20, '{"id":1,"result":"x"}')], { mode: 'timed' }));
    run.player.start();
    run.fake.advance(5);
    run.send('{"id":9,"method":"get"}');
    run.fake.advance(14);
    expect(run.delivered()).toEqual([]);
    run.fake.advance(1);
    expect(run.events.at(-1)).toMatchObject({ t: 20, data: '{"id":9,"result":"x"}' });
  });
});
