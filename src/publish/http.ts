// Every HTTP request publish makes has three bounds, so a run always ends with a report:
//   connect  — the TCP (and TLS) connection is up within `connect` ms;
//   response — once a request is sent, the answer's headers arrive within `response` ms;
//   idle     — while a body moves either way, no more than `idle` ms pass without a byte.
// Node's fetch (undici) has none of these by default and, against a server that accepts a connection and
// closes it, a HEAD never settles at all: the event loop empties and Node exits 0 with no output. So
// publish uses node:http directly, here, for its own requests and as tus-js-client's HTTP stack.

import http from 'node:http';
import https from 'node:https';
import { Readable, Transform } from 'node:stream';

export interface Timeouts {
  connectMs: number;
  responseMs: number;
  idleMs: number;
}

export type TimeoutKind = 'connect' | 'response' | 'idle';

/** A bound above was passed. `setting` is the ajar.yaml key that controls it. */
export class TimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(
    readonly kind: TimeoutKind,
    readonly ms: number,
  ) {
    // For --debug traces only: reports word the kind and the seconds per language (retry.ts `noAnswer`).
    super(`${kind}_timeout ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/** The server closed the connection without an answer, or in the middle of one. */
export class ConnectionClosed extends Error {
  constructor(readonly midAnswer: boolean) {
    super(midAnswer ? 'closed mid-answer' : 'closed without an answer');
    this.name = 'ConnectionClosed';
  }
}

export interface SimpleResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface SendOptions {
  headers?: Record<string, string | number>;
  timeouts: Timeouts;
  /** A stream or bytes to send; absent: no body. */
  body?: Readable | Uint8Array;
  /** Bytes of the body handed to the socket so far. */
  onBodyProgress?: (sent: number) => void;
  /** The response body is read fully (small answers only). */
  maxBodyBytes?: number;
  /** Large answers (a download to hash): each chunk goes here and is not kept. */
  sink?: (chunk: Buffer) => void;
  signal?: AbortSignal;
}

/**
 * One request with the three bounds. Rejects with a TimeoutError, or with the socket's error
 * (ECONNREFUSED, ECONNRESET, "socket hang up" when a server closes without answering).
 */
export function send(method: string, url: string, options: SendOptions): Promise<SimpleResponse> {
  const { timeouts } = options;
  return new Promise<SimpleResponse>((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch (error) {
      // Node's own ERR_INVALID_URL: reported as its code and words, never as an ajar sentence.
      reject(error);
      return;
    }
    const module = target.protocol === 'https:' ? https : http;
    // No keep-alive agent: each request has its own socket, so a stalled one never blocks the next.
    const req = module.request(target, { method, headers: options.headers ?? {}, agent: false });
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const arm = (kind: TimeoutKind, ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => req.destroy(new TimeoutError(kind, ms)), ms);
    };
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    arm('connect', timeouts.connectMs);
    if (options.signal) {
      if (options.signal.aborted) req.destroy(new Error('aborted'));
      else options.signal.addEventListener('abort', () => req.destroy(new Error('aborted')), { once: true });
    }
    req.on('socket', (socket) => {
      const connected = () => {
        // While the body is written, the idle bound applies; once it is all written, the response bound.
        arm('idle', timeouts.idleMs);
        socket.setTimeout(timeouts.idleMs, () => req.destroy(new TimeoutError('idle', timeouts.idleMs)));
      };
      if ((socket as { connecting?: boolean }).connecting) socket.once(target.protocol === 'https:' ? 'secureConnect' : 'connect', connected);
      else connected();
    });
    req.on('finish', () => {
      // The whole request is on the wire: the server has `response` ms to start answering.
      req.socket?.setTimeout(0);
      arm('response', timeouts.responseMs);
    });
    // Whether the server has started to answer: from then on the answer settles the request, not the body.
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      let size = 0;
      arm('idle', timeouts.idleMs);
      res.on('data', (chunk: Buffer) => {
        arm('idle', timeouts.idleMs);
        size += chunk.length;
        if (options.sink) options.sink(chunk);
        else if (size <= (options.maxBodyBytes ?? 64 * 1024)) chunks.push(chunk);
      });
      res.on('end', () => finish(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })));
      res.on('error', (error) => finish(() => reject(error)));
      res.on('aborted', () => finish(() => reject(new ConnectionClosed(true))));
      res.on('close', () => finish(() => reject(new ConnectionClosed(true))));
    });
    // A server (or a balancer) may answer before it has read the whole body — a 502, a 413 — and drop the
    // connection: the body's write then fails (EPIPE, ECONNRESET), but the answer is what happened.
    req.on('error', (error) => {
      if (!answered) finish(() => reject(error));
    });
    req.on('close', () => {
      if (!answered) finish(() => reject(new ConnectionClosed(false)));
    });
    const body = options.body;
    if (body instanceof Readable) {
      let sent = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          sent += chunk.length;
          options.onBodyProgress?.(sent);
          callback(null, chunk);
        },
      });
      body.on('error', (error) => req.destroy(error));
      body.pipe(counter).pipe(req);
    } else if (body) {
      req.end(Buffer.from(body.buffer, body.byteOffset, body.byteLength), () => options.onBodyProgress?.(body.byteLength));
    } else {
      req.end();
    }
  });
}

// ---- tus-js-client's HttpStack interface, on `send` -------------------------------------------------

interface TusResponse {
  getStatus(): number;
  getHeader(header: string): string | undefined;
  getBody(): string;
  getUnderlyingObject(): unknown;
}

class TimedTusRequest {
  private readonly headers: Record<string, string> = {};
  private progress: (bytes: number) => void = () => {};
  private readonly controller = new AbortController();

  constructor(
    private readonly method: string,
    private readonly url: string,
    private readonly timeouts: Timeouts,
  ) {}

  getMethod(): string {
    return this.method;
  }
  getURL(): string {
    return this.url;
  }
  setHeader(header: string, value: string): void {
    this.headers[header] = value;
  }
  getHeader(header: string): string | undefined {
    return this.headers[header];
  }
  setProgressHandler(handler: (bytes: number) => void): void {
    this.progress = handler;
  }
  send(body: unknown = null): Promise<TusResponse> {
    const headers: Record<string, string | number> = { ...this.headers };
    let payload: Readable | Uint8Array | undefined;
    if (body instanceof Readable) {
      payload = body;
      const size = (body as { size?: number }).size;
      if (size !== undefined) headers['Content-Length'] = size;
    } else if (body instanceof Uint8Array) {
      payload = body;
      headers['Content-Length'] = body.byteLength;
    } else if (typeof body === 'string') {
      payload = Buffer.from(body);
    }
    const done = send(this.method, this.url, { headers, timeouts: this.timeouts, ...(payload ? { body: payload } : {}), onBodyProgress: (n) => this.progress(n), signal: this.controller.signal });
    return done.then(
      (response) => ({
        getStatus: () => response.status,
        getHeader: (name: string) => {
          const value = response.headers[name.toLowerCase()];
          return Array.isArray(value) ? value.join(', ') : value;
        },
        getBody: () => response.body.toString('utf8'),
        getUnderlyingObject: () => response,
      }),
    );
  }
  abort(): Promise<void> {
    this.controller.abort();
    return Promise.resolve();
  }
  getUnderlyingObject(): unknown {
    return undefined;
  }
}

/** tus-js-client `httpStack` whose requests carry the three bounds. */
export class TimedHttpStack {
  constructor(private readonly timeouts: Timeouts) {}
  createRequest(method: string, url: string): TimedTusRequest {
    return new TimedTusRequest(method, url, this.timeouts);
  }
  getName(): string {
    return 'ajar-timed-node-http';
  }
}
