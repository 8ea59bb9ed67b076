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
    const clock = new RequestClock(req);
    clock.arm('connect', options.timeouts.connectMs);
    abortOn(req, options.signal);
    boundTheRequest(req, clock, target, options.timeouts);
    // Whether the server has started to answer: from then on the answer settles the request, not the body.
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      readAnswer(res, clock, options, resolve, reject);
    });
    // A server (or a balancer) may answer before it has read the whole body — a 502, a 413 — and drop the
    // connection: the body's write then fails (EPIPE, ECONNRESET), but the answer is what happened.
    req.on('error', (error) => {
      if (!answered) clock.finish(() => reject(error));
    });
    req.on('close', () => {
      if (!answered) clock.finish(() => reject(new ConnectionClosed(false)));
    });
    writeBody(req, options.body, options.onBodyProgress);
  });
}

/** A request's one timer (connect, then idle or response) and its one outcome. */
class RequestClock {
  private timer: NodeJS.Timeout | undefined;
  private settled = false;
  constructor(private readonly req: http.ClientRequest) {}

  arm(kind: TimeoutKind, ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.req.destroy(new TimeoutError(kind, ms)), ms);
  }

  /** Settles the request once: later outcomes (a close after the end, an error after an answer) are ignored. */
  finish(settle: () => void): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    settle();
  }
}

function abortOn(req: http.ClientRequest, signal: AbortSignal | undefined): void {
  if (!signal) return;
  if (signal.aborted) req.destroy(new Error('aborted'));
  else signal.addEventListener('abort', () => req.destroy(new Error('aborted')), { once: true });
}

/** The idle bound while the body is written once connected, then the response bound once it is all sent. */
function boundTheRequest(req: http.ClientRequest, clock: RequestClock, target: URL, timeouts: Timeouts): void {
  req.on('socket', (socket) => {
    const connected = () => {
      clock.arm('idle', timeouts.idleMs);
      socket.setTimeout(timeouts.idleMs, () => req.destroy(new TimeoutError('idle', timeouts.idleMs)));
    };
    if ((socket as { connecting?: boolean }).connecting) socket.once(target.protocol === 'https:' ? 'secureConnect' : 'connect', connected);
    else connected();
  });
  req.on('finish', () => {
    // The whole request is on the wire: the server has `response` ms to start answering.
    req.socket?.setTimeout(0);
    clock.arm('response', timeouts.responseMs);
  });
}

/** The answer's body under the idle bound: kept (small answers) or handed to the sink (a download to hash). */
function readAnswer(res: http.IncomingMessage, clock: RequestClock, options: SendOptions, resolve: (r: SimpleResponse) => void, reject: (e: unknown) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  clock.arm('idle', options.timeouts.idleMs);
  res.on('data', (chunk: Buffer) => {
    clock.arm('idle', options.timeouts.idleMs);
    size += chunk.length;
    if (options.sink) options.sink(chunk);
    else if (size <= (options.maxBodyBytes ?? 64 * 1024)) chunks.push(chunk);
  });
  res.on('end', () => clock.finish(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })));
  res.on('error', (error) => clock.finish(() => reject(error)));
  res.on('aborted', () => clock.finish(() => reject(new ConnectionClosed(true))));
  res.on('close', () => clock.finish(() => reject(new ConnectionClosed(true))));
}

/** The request body, if any, counting the bytes handed to the socket. */
function writeBody(req: http.ClientRequest, body: SendOptions['body'], onBodyProgress: SendOptions['onBodyProgress']): void {
  if (body instanceof Readable) {
    let sent = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        sent += chunk.length;
        onBodyProgress?.(sent);
        callback(null, chunk);
      },
    });
    body.on('error', (error) => req.destroy(error));
    body.pipe(counter).pipe(req);
  } else if (body) {
    req.end(Buffer.from(body.buffer, body.byteOffset, body.byteLength), () => onBodyProgress?.(body.byteLength));
  } else {
    req.end();
  }
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
