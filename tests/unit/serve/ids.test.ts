import { describe, expect, it } from 'vitest';
import { buffer, page, pageBytes, play, script, server, serverBytes } from './fixtures';

function started(...args: Parameters<typeof script>) {
  const run = play(script(...args));
  run.player.start();
  run.fake.advance(0);
  return run;
}

describe('carrying ids from the live page message into the reply', () => {
  it('JSON-RPC: the reply gets the live request id, other replies keep theirs', () => {
    const run = started([
      page(0, '{"jsonrpc":"2.0","id":1,"method":"sum","params":[1,2]}'),
      server(1, '{"jsonrpc":"2.0","id":1,"result":3}'),
      server(2, '{"jsonrpc":"2.0","method":"tick","params":{"id":1}}'),
    ]);
    run.send('{"jsonrpc":"2.0","id":"req-77","method":"sum","params":[1,2]}');
    expect(run.delivered()).toEqual(['{"jsonrpc":"2.0","id":"req-77","result":3}', '{"jsonrpc":"2.0","method":"tick","params":{"id":1}}']);
  });

  it('JSON-RPC batches: each reply of the batch gets its request id', () => {
    const run = started([
      page(0, '[{"jsonrpc":"2.0","id":1,"method":"a"},{"jsonrpc":"2.0","id":2,"method":"b"}]'),
      server(1, '[{"jsonrpc":"2.0","id":2,"result":"B"},{"jsonrpc":"2.0","id":1,"result":"A"}]'),
    ]);
    run.send('[{"jsonrpc":"2.0","id":10,"method":"a"},{"jsonrpc":"2.0","id":20,"method":"b"}]');
    expect(JSON.parse(run.delivered()[0] as string)).toEqual([
      { jsonrpc: '2.0', id: 20, result: 'B' },
      { jsonrpc: '2.0', id: 10, result: 'A' },
    ]);
  });

  it('graphql-ws: subscribe → next … complete carry the live subscription id, also later pushes', () => {
    const run = started(
      [
        page(0, '{"type":"connection_init"}'),
        server(1, '{"type":"connection_ack"}'),
        page(2, '{"id":"aaaa","type":"subscribe","payload":{"query":"subscription { ticks }"}}'),
        server(3, '{"id":"aaaa","type":"next","payload":{"data":{"ticks":1}}}'),
        server(4, '{"id":"aaaa","type":"next","payload":{"data":{"ticks":2}}}'),
        server(5, '{"id":"aaaa","type":"complete"}'),
      ],
      { protocol: 'graphql-transport-ws' },
    );
    run.send('{"type":"connection_init"}');
    run.send('{"id":"5f0c-live","type":"subscribe","payload":{"query":"subscription { ticks }"}}');
    expect(run.delivered().map((d) => JSON.parse(d as string).id)).toEqual([undefined, '5f0c-live', '5f0c-live', '5f0c-live']);
    expect(run.unmatched()).toEqual([]);
  });

  it('subscriptions-transport-ws: start → data carry the live id', () => {
    const run = started(
      [page(0, '{"id":"1","type":"start","payload":{"query":"subscription { a }"}}'), server(1, '{"id":"1","type":"data","payload":{"data":{"a":1}}}')],
      { protocol: 'graphql-ws' },
    );
    run.send('{"id":"9","type":"start","payload":{"query":"subscription { a }"}}');
    expect(run.delivered()).toEqual(['{"id":"9","type":"data","payload":{"data":{"a":1}}}']);
  });

  it('SignalR: invocationId in 0x1E-separated records, record by record', () => {
    const RS = '\x1e';
    const run = started([
      page(0, `{"protocol":"json","version":1}${RS}`),
      server(1, `{}${RS}`),
      page(2, `{"type":1,"invocationId":"0","target":"Send","arguments":["hi"]}${RS}`),
      server(3, `{"type":1,"target":"Receive","arguments":["hi"]}${RS}{"type":3,"invocationId":"0","result":null}${RS}`),
    ]);
    run.send(`{"protocol":"json","version":1}${RS}`);
    run.send(`{"type":1,"invocationId":"12","target":"Send","arguments":["hi"]}${RS}`);
    expect(run.delivered()).toEqual([`{}${RS}`, `{"type":1,"target":"Receive","arguments":["hi"]}${RS}{"type":3,"invocationId":"12","result":null}${RS}`]);
  });

  it('Socket.IO: 42<ack>[...] is answered by 43<live ack>[...], namespaces kept', () => {
    const run = started([
      server(0, '0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000}'),
      page(1, '40'),
      server(2, '40{"sid":"def"}'),
      page(3, '42/chat,7["join","room"]'),
      server(4, '43/chat,7[{"ok":true}]'),
      page(5, '428["msg","hi"]'),
      server(6, '438["stored"]'),
      server(7, '42["msg","hi"]'),
    ]);
    run.send('40');
    run.send('42/chat,3["join","room"]');
    run.send('4251["msg","hi"]');
    expect(run.delivered()).toEqual([
      '0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000}',
      '40{"sid":"def"}',
      '43/chat,3[{"ok":true}]',
      '4351["stored"]',
      '42["msg","hi"]',
    ]);
  });

  it('Socket.IO: another event name is unmatched, in every mode', () => {
    for (const match of [{ kind: 'exact' }, { kind: 'shape' }] as const) {
      const run = started([server(0, '0{"sid":"a"}'), page(1, '42["join","x"]'), server(2, '42["joined"]')], { match });
      run.send('42["leave","x"]');
      expect(run.unmatched()).toEqual(['42["leave","x"]']);
    }
  });

  describe('MQTT packet identifiers', () => {
    const connect = (clientId: string) => {
      const id = [...Buffer.from(clientId)];
      const body = [0, 4, ...Buffer.from('MQTT'), 4, 2, 0, 60, 0, id.length, ...id];
      return [0x10, body.length, ...body];
    };
    const subscribe = (packetId: number) => [0x82, 6, packetId >> 8, packetId & 0xff, 0, 1, 0x74, 1];
    const suback = (packetId: number) => [0x90, 3, packetId >> 8, packetId & 0xff, 1];
    const publish = (packetId: number, payload: string) => [0x32, 5 + payload.length, 0, 1, 0x74, packetId >> 8, packetId & 0xff, ...Buffer.from(payload)];
    const puback = (packetId: number) => [0x40, 2, packetId >> 8, packetId & 0xff];
    const recorded = [
      pageBytes(0, connect('mqttjs_1111')),
      serverBytes(1, [0x20, 2, 0, 0]),
      pageBytes(2, subscribe(0x1234)),
      serverBytes(3, suback(0x1234)),
      serverBytes(4, [0x30, 5, 0, 1, 0x74, 0x68, 0x69]),
      pageBytes(5, publish(0x1235, 'yo')),
      serverBytes(6, puback(0x1235)),
    ];

    it('CONNECT with another client id matches; SUBACK and PUBACK carry the live ids', () => {
      const run = started(recorded, { protocol: 'mqtt' });
      run.send(buffer(connect('mqttjs_9999')));
      run.send(buffer(subscribe(0x0042)));
      run.send(buffer(publish(0x0043, 'yo')));
      expect(run.unmatched()).toEqual([]);
      expect(run.delivered()).toEqual([[0x20, 2, 0, 0], suback(0x0042), [0x30, 5, 0, 1, 0x74, 0x68, 0x69], puback(0x0043)]);
    });

    it('is detected without the sub-protocol, from the CONNECT packet', () => {
      const run = started(recorded);
      run.send(buffer(connect('x')));
      run.send(buffer(subscribe(7)));
      expect(run.delivered()).toEqual([[0x20, 2, 0, 0], suback(7), [0x30, 5, 0, 1, 0x74, 0x68, 0x69]]);
    });

    it('exact: a PUBLISH with another payload is unmatched; shape: it matches by topic', () => {
      const exact = started(recorded, { protocol: 'mqtt' });
      exact.send(buffer(publish(9, 'no')));
      expect(exact.unmatched()).toHaveLength(1);
      const shape = started(recorded, { protocol: 'mqtt', match: { kind: 'shape' } });
      shape.send(buffer(publish(9, 'no')));
      expect(shape.delivered()).toEqual([puback(9)]);
    });
  });
});

describe('MQTT written in pieces (aedes writes header, length, packet id and payload as separate messages)', () => {
  it('joins the pieces into whole packets so the live packet id is carried, at the time of the last piece', () => {
    const body = [0x82, 6, 0x59, 0x7d, 0, 1, 0x74, 1];
    const run = play(
      script(
        [
          pageBytes(0, [0x10, 13, 0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 2, 0, 60, 0, 1, 0x61]),
          serverBytes(1, [0x20]),
          serverBytes(2, [2]),
          serverBytes(3, [0, 0]),
          pageBytes(4, body),
          serverBytes(5, [0x90]),
          serverBytes(6, [3]),
          serverBytes(7, [0x59, 0x7d]),
          serverBytes(8, [1]),
          serverBytes(9, [0xd0]),
          serverBytes(10, [0]),
        ],
        { protocol: 'mqtt' },
      ),
    );
    run.player.start();
    run.fake.advance(0);
    run.send(buffer([0x10, 13, 0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 2, 0, 60, 0, 1, 0x62]));
    run.send(buffer([0x82, 6, 0x00, 0x07, 0, 1, 0x74, 1]));
    // The recorded PINGRESP (in two pieces) is left out like any: live PINGREQs are answered.
    expect(run.delivered()).toEqual([
      [0x20, 2, 0, 0],
      [0x90, 3, 0x00, 0x07, 1],
    ]);
  });
});
