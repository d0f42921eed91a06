import { describe, expect, it } from 'vitest';
import { buffer, page, pageBytes, play, script, server, serverBytes } from './fixtures';

function started(...args: Parameters<typeof script>) {
  const run = play(script(...args));
  run.player.start();
  run.fake.advance(0);
  return run;
}

describe('conversational serving', () => {
  it('sends greetings right after open and waits for the page before each answer', () => {
    const run = started([server(0, 'welcome'), page(10, 'a'), server(500, 'A'), server(600, 'A2'), page(700, 'b'), server(800, 'B')]);
    expect(run.kinds()).toEqual(['open', 'deliver']);
    expect(run.delivered()).toEqual(['welcome']);
    run.fake.advance(10_000);
    expect(run.delivered()).toEqual(['welcome']);
    run.send('a');
    expect(run.delivered()).toEqual(['welcome', 'A', 'A2']);
    run.send('b');
    expect(run.delivered()).toEqual(['welcome', 'A', 'A2', 'B']);
  });

  it('never answers inside the page send()', () => {
    const run = started([page(0, 'a'), server(1, 'A')]);
    run.player.pageSent('a');
    expect(run.delivered()).toEqual([]);
    run.fake.advance(0);
    expect(run.delivered()).toEqual(['A']);
  });

  it('answers page messages sent in another order than recorded', () => {
    const run = started([page(0, 'a'), server(1, 'A'), page(2, 'b'), server(3, 'B')]);
    run.send('b');
    run.send('a');
    expect(run.delivered()).toEqual(['B', 'A']);
    expect(run.unmatched()).toEqual([]);
  });

  it('a page message sent more often than recorded is unmatched the extra times', () => {
    const run = started([page(0, 'a'), server(1, 'A')]);
    run.send('a');
    run.send('a');
    expect(run.delivered()).toEqual(['A']);
    expect(run.unmatched()).toEqual(['a']);
  });

  it('reports unexpected page messages and answers nothing for them', () => {
    const run = started([page(0, 'a'), server(1, 'A')]);
    run.send('zzz');
    expect(run.unmatched()).toEqual(['zzz']);
    expect(run.delivered()).toEqual([]);
  });

  it('closes as recorded once the page message before the close arrived', () => {
    const run = started([page(0, 'bye'), server(1, 'ok')], { close: { at: 5, code: 1000, reason: 'done', wasClean: true } });
    expect(run.kinds()).toEqual(['open']);
    run.send('bye');
    expect(run.kinds()).toEqual(['open', 'deliver', 'close']);
    expect(run.events.at(-1)).toMatchObject({ code: 1000, reason: 'done', wasClean: true });
  });

  it('a recording closed by the server before any page message closes right after the greetings', () => {
    const run = started([server(0, 'go away')], { close: { at: 1, code: 1008, reason: 'policy', wasClean: true } });
    expect(run.kinds()).toEqual(['open', 'deliver', 'close']);
  });

  it('a recording that never opened fails at once, without opening', () => {
    const run = started([], { neverOpened: true, close: { at: 3000, code: 1006, reason: '', wasClean: false } });
    expect(run.events).toEqual([{ t: 0, kind: 'close', code: 1006, reason: '', wasClean: false }]);
  });

  it('an empty script opens, stays open and calls every page message unmatched', () => {
    const run = started([]);
    run.send('hi');
    expect(run.kinds()).toEqual(['open', 'unmatched']);
  });

  it('binary page messages are matched by their bytes', () => {
    const run = started([pageBytes(0, [1, 2, 3]), serverBytes(1, [4, 5])]);
    run.send(buffer([1, 2, 4]));
    expect(run.unmatched()).toEqual([[1, 2, 4]]);
    run.send(buffer([1, 2, 3]));
    expect(run.delivered()).toEqual([[4, 5]]);
  });

  it('a text page message never matches a recorded binary one with the same bytes', () => {
    const run = started([pageBytes(0, [0x61]), serverBytes(1, [4])]);
    run.send('a');
    expect(run.unmatched()).toEqual(['a']);
  });

  it('huge messages are compared whole without parsing, and answered', () => {
    const huge = JSON.stringify({ id: 1, data: 'x'.repeat(2 * 1024 * 1024) });
    const run = started([page(0, huge), server(1, huge)]);
    run.send(huge.replace('"id":1', '"id":2'));
    // Over the parse limit a message is opaque: a changed id is a different message.
    expect(run.unmatched()).toHaveLength(1);
    run.send(huge);
    expect(run.delivered()).toEqual([huge]);
  });

  describe('matching', () => {
    const recorded = [page(0, '{"type":"hello","user":"ann","at":1}'), server(1, '{"type":"welcome"}')];

    it('exact: a different value is unmatched', () => {
      const run = started(recorded);
      run.send('{"type":"hello","user":"ann","at":2}');
      expect(run.unmatched()).toHaveLength(1);
    });

    it('exact: the same JSON in another key order or spacing matches', () => {
      const run = started(recorded);
      run.send('{ "at": 1, "user": "ann", "type": "hello" }');
      expect(run.delivered()).toEqual(['{"type":"welcome"}']);
    });

    it('shape: other values of the same kinds match', () => {
      const run = started(recorded, { match: { kind: 'shape' } });
      run.send('{"type":"hello","user":"bob","at":99}');
      expect(run.delivered()).toEqual(['{"type":"welcome"}']);
    });

    it('shape: another key, kind or message name does not match', () => {
      const run = started(recorded, { match: { kind: 'shape' } });
      run.send('{"type":"hello","user":"bob","at":"99"}');
      run.send('{"type":"hello","user":"bob","at":1,"extra":true}');
      run.send('{"type":"goodbye","user":"ann","at":1}');
      expect(run.unmatched()).toHaveLength(3);
    });

    it('path: only the value at the path counts', () => {
      const run = started(recorded, { match: { kind: 'path', path: '$.user' } });
      run.send('{"type":"other","user":"bob"}');
      run.send('{"user":"ann","anything":[1,2]}');
      expect(run.unmatched()).toHaveLength(1);
      expect(run.delivered()).toEqual(['{"type":"welcome"}']);
    });

    it('path: a recorded message with nothing at the path must match exactly', () => {
      const run = started([page(0, 'PING'), server(1, 'PONG')], { match: { kind: 'path', path: '$.user' } });
      run.send('PONG');
      run.send('PING');
      expect(run.unmatched()).toEqual(['PONG']);
      expect(run.delivered()).toEqual(['PONG']);
    });
  });
});

describe('findUnmatched (the panel\'s unmatched rows)', () => {
  it('agrees with the player: heartbeats and expected messages are not unmatched, extras are', async () => {
    const { findUnmatched } = await import('../../../src/serve/pairing');
    const s = script([server(0, '0{"sid":"a"}'), page(1, '40'), server(2, '40{}'), page(3, '42["a"]'), server(4, '42["b"]')]);
    expect(findUnmatched(s, ['40', '3', '42["a"]', '42["a"]', '42["zzz"]'])).toEqual([false, false, false, true, true]);
  });
});
