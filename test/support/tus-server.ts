// A real tus 1.0 server for tests (@tus/server + @tus/file-store) on loopback, standing in for the MOOC
// server's upload endpoint: optional bearer token, a server-side index by the sha256 of the stored bytes
// (HEAD /files/by-sha256/<hex>), a request log, and stop/start on the same port to cut an upload.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import http from 'node:http';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Server } from '@tus/server';
import { FileStore } from '@tus/file-store';

export interface LoggedRequest {
  method: string;
  url: string;
  offset?: number;
}

export interface TusTestServer {
  readonly endpoint: string;
  readonly port: number;
  /** Where the file store keeps uploads (<id> data files and <id>.json info). */
  readonly dir: string;
  readonly requests: LoggedRequest[];
  /** Closes the listener and cuts every open connection (a server going away mid-upload). */
  stop(): Promise<void>;
  /** Stops for good and deletes the stored uploads. */
  dispose(): Promise<void>;
  /** Listens again on the same port, with the same stored uploads. */
  start(): Promise<void>;
  /** The stored bytes of an upload, by its URL. */
  stored(uploadUrl: string): Promise<Buffer>;
  /**
   * Answers the next `count` requests of `method` with `status` (a failing proxy or an overloaded server);
   * with `echo`, the body repeats the request's headers, as some misconfigured proxies' error pages do.
   */
  failNext(method: string, status: number, count: number, echo?: boolean): void;
  /**
   * Goes away when the `n`-th PATCH from now arrives (its connection cut, the listener closed): an upload
   * cut after n-1 chunks, whatever the speed of the machine. Resolves once the server is down.
   */
  cutAtPatch(n: number): Promise<void>;
}

export async function startTusServer(options: { token?: string } = {}): Promise<TusTestServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ajar tus '));
  const tus = new Server({ path: '/files', datastore: new FileStore({ directory: dir }), maxSize: 1024 * 1024 * 1024 });
  const requests: LoggedRequest[] = [];
  const failures: { method: string; status: number; count: number; echo?: boolean }[] = [];
  let cut: { remaining: number; done: () => void } | undefined;
  const handler: http.RequestListener = async (req, res) => {
    if (cut && req.method === 'PATCH' && --cut.remaining === 0) {
      const { done } = cut;
      cut = undefined;
      req.socket.destroy();
      server.closeAllConnections();
      server.close(() => done());
      return;
    }
    const offset = req.headers['upload-offset'];
    requests.push({ method: req.method ?? '', url: req.url ?? '', ...(offset !== undefined ? { offset: Number(offset) } : {}) });
    const failure = failures.find((f) => f.method === req.method && f.count > 0);
    if (failure) {
      failure.count--;
      req.resume();
      const body = failure.echo ? `injected ${failure.status}; request headers: ${JSON.stringify(req.headers)}` : `injected ${failure.status}`;
      res.writeHead(failure.status, { 'Content-Type': 'text/plain', 'Tus-Resumable': '1.0.0' }).end(body);
      return;
    }
    if (options.token && req.headers.authorization !== `Bearer ${options.token}`) {
      res.writeHead(401, { 'Content-Type': 'text/plain' }).end('Unauthorized');
      return;
    }
    const bySha = /^\/files\/by-sha256\/([0-9a-f]{64})$/.exec(req.url ?? '');
    if (bySha) {
      res.writeHead((await findBySha(dir, bySha[1]!)) ? 200 : 404).end();
      return;
    }
    void tus.handle(req, res);
  };
  let server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    endpoint: `http://127.0.0.1:${port}/files`,
    port,
    dir,
    requests,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    async dispose() {
      if (server.listening) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await rm(dir, { recursive: true, force: true });
    },
    async start() {
      server = http.createServer(handler);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', resolve);
      });
    },
    cutAtPatch(n) {
      return new Promise<void>((resolve) => {
        cut = { remaining: n, done: resolve };
      });
    },
    failNext(method, status, count, echo) {
      failures.push({ method, status, count, ...(echo ? { echo } : {}) });
    },
    async stored(uploadUrl) {
      return readFile(path.join(dir, uploadUrl.split('/').pop()!));
    },
  };
}

/**
 * A complete upload whose stored bytes hash to this sha256 (the MOOC server's own index, kept as a server
 * that hashes what it stores would keep it): a copy corrupted on the server, same size or not, is not found,
 * whatever its upload metadata says.
 */
async function findBySha(dir: string, sha256: string): Promise<boolean> {
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.json')) continue;
    const info = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as { size?: number };
    const data = path.join(dir, name.slice(0, -5));
    const size = await stat(data).then((s) => s.size, () => -1);
    if (size !== info.size) continue;
    if ((await hashOf(data)) === sha256) return true;
  }
  return false;
}

function hashOf(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
