import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy a test can cut: `cut()` drops every open connection and refuses new ones (the
 * way a stopped Postgres or a network partition looks to a client), `restore()` accepts again
 * on the same port. Only the connections that go through it are affected, so other tests
 * sharing the real server never notice.
 */
export interface TcpProxy {
  port: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }, port = 0): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let server: net.Server;
  const listen = (p: number) => new Promise<number>((resolve, reject) => {
    server = net.createServer((client) => {
      const upstream = net.connect(target.port, target.host);
      sockets.add(client).add(upstream);
      const drop = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream).pipe(client);
    });
    server.once('error', reject);
    server.listen(p, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  const actual = await listen(port);
  const stop = () => new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    sockets.clear();
    server.close(() => resolve());
  });
  return {
    port: actual,
    cut: stop,
    restore: async () => { await listen(actual); },
    close: stop,
  };
}
