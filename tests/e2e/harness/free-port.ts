/**
 * A loopback port with nothing listening on it: bind port 0, note the port, close.
 * Used to make WebSocket URLs that fail to connect (connection refused) without ever
 * touching an address outside 127.0.0.1.
 */
import { createServer } from 'node:net';

export function closedPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
