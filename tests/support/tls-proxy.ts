import net from 'node:net';
import tls from 'node:tls';

export interface TlsProxy {
  port: number;
  /** Handshakes that presented a client certificate signed by the CA. */
  authorized: () => number;
  /** Handshakes refused (no or untrusted client certificate). */
  refused: () => number;
  stop: () => Promise<void>;
}

/**
 * Terminates mTLS (HTTP/2 by ALPN) in front of a plain-text Temporal frontend, the way a self-hosted cluster with
 * `tls.frontend.requireClientAuth` behaves: the dev server has no TLS of its own.
 */
export async function startTlsProxy(options: {
  targetPort: number;
  cert: string;
  key: string;
  ca: string;
}): Promise<TlsProxy> {
  let authorized = 0;
  let refused = 0;
  const sockets = new Set<net.Socket>();
  const server = tls.createServer(
    {
      cert: options.cert,
      key: options.key,
      ca: options.ca,
      requestCert: true,
      rejectUnauthorized: true,
      ALPNProtocols: ['h2'],
    },
    (client) => {
      authorized += 1;
      const upstream = net.connect(options.targetPort, '127.0.0.1');
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    },
  );
  server.on('tlsClientError', () => {
    refused += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    authorized: () => authorized,
    refused: () => refused,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
