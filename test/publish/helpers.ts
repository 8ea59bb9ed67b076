// Shared by the publish tests: real SCORM packages (written by the package stage, so the verify step
// passes) carrying a multi-megabyte video, and the CLI as a real child process that does not block the
// test's own servers.

import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { PassThrough, Transform } from 'node:stream';
import { writePackage } from '../../src/package/index.js';
import type { ScormFormat } from '../../src/package/index.js';
import { makeCourse, makeSite } from '../package/fixtures.js';
import { bin, repoRoot } from '../support/cli.js';

export const MiB = 1024 * 1024;

/** `moderasi-beragama-<version>-<format>.zip` in `dir`, with `videoBytes` of incompressible video inside. */
export async function makePackage(dir: string, options: { version?: string; format?: ScormFormat; videoBytes?: number } = {}): Promise<string> {
  const base = makeSite();
  const video = { path: 'media/pengantar moderasi 360p.mp4', data: new Uint8Array(randomBytes(options.videoBytes ?? 6 * MiB)) };
  const files = [...base.files, video].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const written = await writePackage(makeCourse({ version: options.version ?? '1.2.0' }), makeSite({ files }), options.format ?? 'scorm12', dir);
  if (!written.result) throw new Error(`package not written: ${JSON.stringify(written.diagnostics)}`);
  return written.result.file;
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(typeof data === 'string' ? readFileSync(data) : data).digest('hex');
}

/**
 * ajar.yaml's `publish:` section with one tus target `mooc` at `endpoint`, its token from MOOC_UPLOAD_TOKEN;
 * `extra` are further keys of the target (`retries: 0`).
 */
export function tusPublishYaml(endpoint: string, extra: readonly string[] = []): string {
  return ['publish:', '  targets:', '    mooc:', '      type: tus', `      endpoint: ${endpoint}`, '      credentials:', '        token: ${MOOC_UPLOAD_TOKEN}', ...extra.map((l) => `      ${l}`), ''].join('\n');
}

export interface Spawned {
  code: number;
  stdout: string;
  stderr: string;
  /** Milliseconds from start to exit. */
  ms: number;
  /** Killed after `timeoutMs` (the command did not end by itself). */
  timedOut: boolean;
}

/** `node bin/ajar.js …` (after `npm run build`), asynchronously so in-process servers keep answering. */
export function spawnCli(args: string[], options: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<Spawned> & { child: ReturnType<typeof spawn> } {
  const started = Date.now();
  let timedOut = false;
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LANG: 'en_US.UTF-8', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c) => (stdout += c));
  child.stderr!.on('data', (c) => (stderr += c));
  const timer = options.timeoutMs
    ? setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, options.timeoutMs)
    : undefined;
  const done = new Promise<Spawned>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - started, timedOut });
    }),
  );
  return Object.assign(done, { child });
}

export { repoRoot };

/**
 * An HTTP proxy in front of a real server (the in-process @tus/server, Ceph RGW) that misbehaves on
 * request: answers the next N requests itself with a 5xx (an overloaded balancer), moves every body at a
 * slow but steady rate (a thin link), or flips bytes of request bodies in transit (a broken middlebox).
 * It works on requests, where test/support/faults works on TCP connections (close, stall, cut mid-chunk).
 * Headers pass unchanged, the Host header too, so S3 signatures and tus upload URLs stay valid through it.
 */
export interface FaultProxy {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Every request that reached the proxy, with the status the client got. */
  readonly requests: { method: string; url: string; status: number; forwarded: boolean }[];
  /**
   * `count` requests (of `method`, when given) get `status` from the proxy and never reach the server;
   * with `after`, that many matching requests pass first (the upload is under way when the failures start).
   */
  failNext(count: number, status: number, method?: string, after?: number): void;
  /** `count` requests (of `method`; `after` such requests passing first) are held: never forwarded, never answered, their body not read (a stalled link). */
  stall(count: number, method?: string, after?: number): void;
  /** Stops every fault: requests pass unchanged at full speed. */
  heal(): void;
  /** Bodies both ways move at `bytesPerSecond`, a slice every 50 ms; undefined: full speed again. */
  throttle(bytesPerSecond: number | undefined): void;
  /** `count` request bodies (of `method`; `after` such requests passing first) reach the server with one byte in every 64 KiB inverted. */
  corrupt(count: number, method?: string, after?: number): void;
  /** Request bodies corrupted so far. */
  readonly corrupted: number;
  close(): Promise<void>;
}

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  const requests: FaultProxy['requests'] = [];
  const failures: { count: number; status: number; method?: string; after: number }[] = [];
  const corruptions: { count: number; method?: string; after: number }[] = [];
  const stalls: { count: number; method?: string; after: number }[] = [];
  let rate: number | undefined;
  let corrupted = 0;
  const takes = <T extends { count: number; method?: string; after: number }>(list: T[], method: string): T | undefined => {
    const found = list.find((f) => f.count > 0 && (f.method === undefined || f.method === method));
    if (!found) return undefined;
    if (found.after > 0) {
      found.after--;
      return undefined;
    }
    found.count--;
    return found;
  };
  const server = http.createServer((req, res) => {
    const method = req.method ?? '';
    const log = { method, url: req.url ?? '', status: 0, forwarded: false };
    requests.push(log);
    if (takes(stalls, method)) return;
    const failure = takes(failures, method);
    if (failure) {
      log.status = failure.status;
      // As a buffering balancer (nginx) does: the request is read whole, then answered by the balancer itself.
      req.resume();
      req.on('end', () => res.writeHead(failure.status, { 'Content-Type': 'text/html' }).end(`<html><body><h1>${failure.status} Bad Gateway</h1>nginx</body></html>`));
      return;
    }
    log.forwarded = true;
    const upstreamReq = http.request({ host: target.hostname, port: target.port, method, path: req.url, headers: req.headers });
    upstreamReq.on('response', (answer) => {
      log.status = answer.statusCode ?? 0;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(throttled()).pipe(res);
    });
    upstreamReq.on('error', () => res.destroy());
    req.on('aborted', () => upstreamReq.destroy());
    const body = takes(corruptions, method) ? flipper(() => corrupted++) : new PassThrough();
    req.pipe(throttled()).pipe(body).pipe(upstreamReq);
  });
  /** Passes bytes on in slices of rate/20 every 50 ms while a rate is set (backpressure holds the sender). */
  const throttled = () =>
    new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        if (rate === undefined) return callback(null, chunk);
        const slice = Math.max(1, Math.floor(rate / 20));
        let at = 0;
        const next = () => {
          if (at >= chunk.length) return callback();
          this.push(chunk.subarray(at, at + slice));
          at += slice;
          setTimeout(next, 50);
        };
        next();
      },
    });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    requests,
    failNext: (count, status, method, after = 0) => void failures.push({ count, status, after, ...(method ? { method } : {}) }),
    stall: (count, method, after = 0) => void stalls.push({ count, after, ...(method ? { method } : {}) }),
    heal: () => {
      stalls.length = 0;
      failures.length = 0;
      corruptions.length = 0;
      rate = undefined;
    },
    throttle: (bytesPerSecond) => {
      rate = bytesPerSecond;
    },
    corrupt: (count, method, after = 0) => void corruptions.push({ count, after, ...(method ? { method } : {}) }),
    get corrupted() {
      return corrupted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Inverts one byte in every 64 KiB of a body (the first at byte 1000), keeping its length. */
function flipper(onFirst: () => void): Transform {
  let seen = 0;
  let counted = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const out = Buffer.from(chunk);
      for (let i = 0; i < out.length; i++) {
        const at = seen + i;
        if (at >= 1000 && (at - 1000) % (64 * 1024) === 0) {
          out[i] = out[i]! ^ 0xff;
          if (!counted) {
            counted = true;
            onFirst();
          }
        }
      }
      seen += out.length;
      callback(null, out);
    },
  });
}
