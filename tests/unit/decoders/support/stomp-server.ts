/**
 * A small STOMP 1.2 server for the tests (the protocol has no server library on npm that runs
 * in-process): CONNECTED (then one heart-beat), subscriptions, SEND delivered as MESSAGE to
 * subscribers of the destination, RECEIPT for any frame asking for one, ERROR for unknown
 * commands. Works over anything with a `send`: a ws socket or a SockJS connection.
 */
export interface StompPeer {
  send(data: string | Buffer): void;
  close(): void;
}

interface Incoming {
  command: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** Independent of the decoder under test: just enough parsing for what stompjs sends. */
function parse(data: Buffer): Incoming[] {
  const frames: Incoming[] = [];
  let rest = data;
  while (rest.length) {
    while (rest[0] === 0x0a || rest[0] === 0x0d) rest = rest.subarray(1);
    if (!rest.length) break;
    const split = rest.indexOf('\n\n');
    const head = rest.subarray(0, split).toString('utf8').split('\n');
    const headers: Record<string, string> = {};
    for (const line of head.slice(1)) headers[line.slice(0, line.indexOf(':'))] ??= line.slice(line.indexOf(':') + 1);
    const start = split + 2;
    const end = headers['content-length'] !== undefined ? start + Number(headers['content-length']) : rest.indexOf(0, start);
    frames.push({ command: head[0], headers, body: rest.subarray(start, end) });
    rest = rest.subarray(end + 1);
  }
  return frames;
}

function frame(command: string, headers: Record<string, string>, body: Buffer | string = ''): Buffer {
  const head = [command, ...Object.entries(headers).map(([k, v]) => `${k}:${v}`), '', ''].join('\n');
  return Buffer.concat([Buffer.from(head), Buffer.from(body), Buffer.from([0])]);
}

const subscriptions = new Map<StompPeer, Map<string, string>>();
let messageIds = 0;

export function serveStomp(peer: StompPeer): (data: Buffer | string, binary?: boolean) => void {
  subscriptions.set(peer, new Map());
  return (data, binary = false) => {
    for (const f of parse(Buffer.isBuffer(data) ? data : Buffer.from(data))) {
      const reply = (out: Buffer) => peer.send(binary ? out : out.toString('utf8'));
      const mine = subscriptions.get(peer)!;
      switch (f.command) {
        case 'CONNECT':
        case 'STOMP':
          reply(frame('CONNECTED', { version: '1.2', 'heart-beat': '0,0', server: 'frameline-test/1.0' }));
          peer.send('\n');
          break;
        case 'SUBSCRIBE':
          mine.set(f.headers.id, f.headers.destination);
          break;
        case 'UNSUBSCRIBE':
          mine.delete(f.headers.id);
          break;
        case 'SEND':
          for (const [other, subs] of subscriptions) {
            for (const [id, destination] of subs) {
              if (destination !== f.headers.destination) continue;
              const headers = { subscription: id, 'message-id': `m-${++messageIds}`, destination, 'content-type': f.headers['content-type'] ?? 'text/plain', 'content-length': String(f.body.length) };
              const out = frame('MESSAGE', headers, f.body);
              other.send(binary ? out : out.toString('utf8'));
            }
          }
          break;
        case 'DISCONNECT':
          break;
        default:
          reply(frame('ERROR', { message: `unknown command ${f.command}` }));
      }
      if (f.headers.receipt !== undefined) reply(frame('RECEIPT', { 'receipt-id': f.headers.receipt }));
      if (f.command === 'DISCONNECT') setTimeout(() => peer.close(), 10);
    }
  };
}

export function forgetStompPeer(peer: StompPeer): void {
  subscriptions.delete(peer);
}
