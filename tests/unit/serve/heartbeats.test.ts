import { describe, expect, it } from 'vitest';
import { buffer, page, pageBytes, play, script, server, serverBytes } from './fixtures';

function started(...args: Parameters<typeof script>) {
  const run = play(script(...args));
  run.player.start();
  run.fake.advance(0);
  return run;
}

const handshake = '0{"sid":"s","upgrades":[],"pingInterval":1000,"pingTimeout":500,"maxPayload":1000000}';

describe('heartbeats', () => {
  it('engine.io v4: the server pings every pingInterval of the handshake; recorded pings are not replayed in conversational mode; pongs are taken silently', () => {
    const run = started([server(0, handshake), page(1, '40'), server(2, '40{"sid":"x"}'), server(1000, '2'), page(1001, '3'), server(2000, '2')]);
    expect(run.delivered()).toEqual([handshake]);
    run.fake.advance(1000);
    expect(run.delivered()).toEqual([handshake, '2']);
    run.send('3');
    run.fake.advance(1000);
    expect(run.delivered()).toEqual([handshake, '2', '2']);
    expect(run.unmatched()).toEqual([]);
    run.player.stop();
    expect(run.fake.pending).toBe(0);
  });

  it('engine.io v3: the page pings, the player pongs; recorded pongs are not replayed', () => {
    const run = started([server(0, handshake), page(1, '2'), server(2, '3'), page(3, '42["a"]'), server(4, '42["b"]')]);
    run.send('2');
    run.send('2probe');
    expect(run.delivered()).toEqual([handshake, '3', '3probe']);
    run.send('42["a"]');
    expect(run.delivered()).toEqual([handshake, '3', '3probe', '42["b"]']);
  });

  it('engine.io timed mode: recorded pings play as recorded, then the player keeps pinging', () => {
    const run = play(script([server(0, handshake), server(1000, '2'), server(2000, '2')], { mode: 'timed' }));
    run.player.start();
    run.fake.advance(2000);
    expect(run.events.filter((e) => e.kind === 'deliver').map((e) => e.t)).toEqual([0, 1000, 2000]);
    run.fake.advance(1000);
    expect(run.delivered()).toEqual([handshake, '2', '2', '2']);
  });

  it('a plain app that sends "2" is not taken for engine.io', () => {
    const run = started([page(0, '1'), server(1, 'one')]);
    run.send('2');
    expect(run.unmatched()).toEqual(['2']);
    expect(run.delivered()).toEqual([]);
  });

  it('graphql-transport-ws: ping → pong, pong taken silently', () => {
    const run = started([page(0, '{"type":"ping"}'), server(1, '{"type":"pong"}')], { protocol: 'graphql-transport-ws' });
    run.send('{"type":"ping"}');
    run.send('{"type":"ping","payload":{}}');
    run.send('{"type":"pong"}');
    expect(run.delivered()).toEqual(['{"type":"pong"}', '{"type":"pong"}']);
    expect(run.unmatched()).toEqual([]);
  });

  it('subscriptions-transport-ws: keepalives at the recorded spacing', () => {
    const run = started([server(0, '{"type":"connection_ack"}'), server(1, '{"type":"ka"}'), server(3001, '{"type":"ka"}')], { protocol: 'graphql-ws' });
    expect(run.delivered()).toEqual(['{"type":"connection_ack"}']);
    run.fake.advance(3000);
    expect(run.delivered()).toEqual(['{"type":"connection_ack"}', '{"type":"ka"}']);
  });

  it('SignalR: page pings are taken silently, the server pings every 15 s', () => {
    const RS = '\x1e';
    const run = started([page(0, `{"protocol":"json","version":1}${RS}`), server(1, `{}${RS}`), server(2, `{"type":6}${RS}`)]);
    run.send(`{"protocol":"json","version":1}${RS}`);
    run.send(`{"type":6}${RS}`);
    expect(run.delivered()).toEqual([`{}${RS}`]);
    run.fake.advance(15_000);
    expect(run.delivered()).toEqual([`{}${RS}`, `{"type":6}${RS}`]);
    expect(run.unmatched()).toEqual([]);
  });

  it('MQTT: PINGREQ → PINGRESP, recorded PINGRESPs not replayed', () => {
    const run = started([pageBytes(0, [0xc0, 0]), serverBytes(1, [0xd0, 0]), serverBytes(2, [0x30, 3, 0, 1, 0x74])], { protocol: 'mqtt' });
    expect(run.delivered()).toEqual([[0x30, 3, 0, 1, 0x74]]);
    run.send(buffer([0xc0, 0]));
    run.send(buffer([0xc0, 0]));
    expect(run.delivered()).toEqual([[0x30, 3, 0, 1, 0x74], [0xd0, 0], [0xd0, 0]]);
  });
});
