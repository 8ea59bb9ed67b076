// Small TCP servers that misbehave on purpose, for tests of `ajar publish` under faults. All listen on
// 127.0.0.1 only, on a free port, and are closed by the test that started them (see PROVENANCE.md).
//   closer    — accepts each connection and closes it at once (a dead backend behind a balancer or tunnel);
//   blackhole — accepts, reads everything, never answers (a stalled server);
//   proxy     — forwards to an upstream, counting bytes each way; can stop forwarding (a link that stalls).

import net from 'node:net';

export interface FaultServer {
  readonly port: number;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Bytes received from clients. */
  readonly bytesIn: number;
  close(): Promise<void>;
}

function listen(handler: (socket: net.Socket, stats: { connections: number; bytesIn: number }) => void): Promise<FaultServer> {
  const stats = { connections: 0, bytesIn: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    stats.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    handler(socket, stats);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        port,
        get connections() {
          return stats.connections;
        },
        get bytesIn() {
          return stats.bytesIn;
        },
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Accepts TCP connections and closes them at once. */
export function startCloser(): Promise<FaultServer> {
  return listen((socket) => socket.destroy());
}

/** Accepts TCP connections, reads everything, never answers. */
export function startBlackhole(): Promise<FaultServer> {
  return listen((socket, stats) => socket.on('data', (d) => (stats.bytesIn += d.length)));
}

/**
 * Forwards to 127.0.0.1:upstream and counts bytes; `stall()` stops forwarding in both directions;
 * `cutAfter(n)` forwards n more bytes upstream, then cuts every connection once (a link dropping mid-request).
 */
export async function startProxy(upstream: number): Promise<FaultServer & { stall(): void; bytesUp: () => number; cutAfter(bytes: number): void }> {
  let stalled = false;
  let up = 0;
  let cutAt: number | undefined;
  const live = new Set<() => void>();
  const server = await listen((client, stats) => {
    const server = net.connect(upstream, '127.0.0.1');
    const end = () => {
      live.delete(end);
      client.destroy();
      server.destroy();
    };
    live.add(end);
    server.on('error', end);
    client.on('close', end);
    server.on('close', end);
    client.on('data', (chunk: Buffer) => {
      stats.bytesIn += chunk.length;
      if (stalled) return;
      if (cutAt !== undefined && up + chunk.length >= cutAt) {
        server.write(chunk.subarray(0, cutAt - up), () => {
          // Let the upstream read what got through, then drop every connection.
          setTimeout(() => {
            for (const stop of [...live]) stop();
          }, 100);
        });
        up = cutAt;
        cutAt = undefined;
        stalled = true;
        setTimeout(() => (stalled = false), 150);
        return;
      }
      up += chunk.length;
      server.write(chunk);
    });
    server.on('data', (chunk) => {
      if (!stalled) client.write(chunk);
    });
  });
  return Object.assign(server, {
    stall: () => {
      stalled = true;
    },
    bytesUp: () => up,
    cutAfter: (bytes: number) => {
      cutAt = up + bytes;
    },
  });
}
