// A TCP proxy on 127.0.0.1 that a test can cut: every open connection is destroyed on demand (the
// client sees the server vanish mid-command), new connections are passed through again afterwards.
import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** Destroys every connection now. */
  cut(): void;
  /** Destroys every connection once this many bytes have come back from the server on one of them. */
  cutAfterServerBytes(n: number): void;
  connections: number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  let cutAt: number | null = null;
  const proxy = {
    port: 0,
    connections: 0,
    cut() {
      for (const s of open) s.destroy();
      open.clear();
    },
    cutAfterServerBytes(n: number) {
      cutAt = n;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  const server = net.createServer((client) => {
    proxy.connections++;
    const upstream = net.connect(targetPort, '127.0.0.1');
    open.add(client);
    open.add(upstream);
    let fromServer = 0;
    upstream.on('data', (d) => {
      fromServer += d.length;
      if (cutAt !== null && fromServer >= cutAt) {
        cutAt = null;
        proxy.cut();
        return;
      }
      client.write(d);
    });
    client.on('data', (d) => upstream.write(d));
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  proxy.port = (server.address() as net.AddressInfo).port;
  return proxy;
}
