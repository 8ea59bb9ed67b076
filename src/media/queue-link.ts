// Redis as a run of the media queue sees it, shared by the producer (`ajar media --queue`, queue-producer.ts)
// and the workers (`ajar worker`, queue-worker.ts): the connection settings, bounded waits, and RedisLink,
// which turns "Redis does not answer" into one outage line, its end, and a give-up after the tolerance.

import { Redis } from 'ioredis';
import { AjarError } from '../diagnostics/errors.js';
import { redactUrl } from '../util/redact.js';
import type { Job } from './plan.js';
import { rules, type QueueProblem } from './rules.js';

export const QUEUE_NAME = 'ajar-media';

export { SHARED_SOURCE_MISSING } from './rules.js';

/** What travels through Redis: the planned job, its key, and where the source copy is in the shared folder. */
export interface QueuedJob {
  readonly job: Job;
  readonly key: string;
  /** Relative to the shared folder. */
  readonly source: string;
  /** The shared folder as the producer sees it (a worker may mount it elsewhere: `--cache-dir`). */
  readonly cacheDir: string;
  /** s3://bucket/prefix when sources and entries travel through a bucket instead of a shared folder. */
  readonly store?: string;
}

export interface RedisConnection {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  tls?: object;
  maxRetriesPerRequest: null;
  retryStrategy: (times: number) => number;
  connectTimeout: number;
  disconnectTimeout: number;
}

/** A command without an answer after this long counts as an outage (a stalled link, a paused server). */
export const COMMAND_TIMEOUT_MS = 3000;
/** How often a waiting job is looked at (its state in Redis, its entry in the shared folder). */
export const POLL_MS = 500;

/** redis://[user:password@]host[:port][/db] or rediss:// (TLS). */
export function connectionFromUrl(url: string): RedisConnection {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new AjarError(rules['media-queue-url']({ data: { url } }));
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new AjarError(rules['media-queue-url']({ data: { url } }));
  const db = u.pathname.replace(/^\//, '');
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db && /^\d+$/.test(db) ? { db: Number(db) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    // BullMQ's blocking commands need this.
    maxRetriesPerRequest: null,
    // Reconnect at most a second apart (BullMQ's default backs off to 20 s), so a Redis that is back is
    // noticed within a second.
    retryStrategy: (times: number) => Math.min(200 * times, 1000),
    connectTimeout: COMMAND_TIMEOUT_MS,
    // A socket that does not close when told to is destroyed after this (ioredis waits 2 s), so a command
    // stopped by Ctrl-C exits within a second.
    disconnectTimeout: 200,
  };
}

/** host:port, what the outage line names (never the password). */
export function whereOf(url: string): string {
  const c = connectionFromUrl(url);
  return `${c.host.includes(':') ? `[${c.host}]` : c.host}:${c.port}`;
}

/**
 * Why Redis is not answering, as data: ioredis's own words (`detail`), or a code worded per language by
 * media/rules.ts (`problem`, with `seconds` for `no-answer`).
 */
export type QueueTrouble = { readonly detail: string } | { readonly problem: QueueProblem; readonly seconds?: number };

export type QueueLinkEvent =
  | ({ readonly type: 'queue-unreachable'; readonly queue: string; readonly toleranceSeconds: number } & QueueTrouble)
  | { readonly type: 'queue-back'; readonly queue: string; readonly seconds: number };

export const abortError = () => Object.assign(new Error('stopped'), { name: 'AbortError' });
const isAbort = (error: unknown) => (error as Error | undefined)?.name === 'AbortError';

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    const stop = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/** Our own "no answer within `seconds`": a TimeoutError that carries the number, not a sentence. */
function timeoutError(ms: number): Error {
  return Object.assign(new Error('timeout'), { name: 'TimeoutError', seconds: ms / 1000 });
}

/** `work`, or a rejection after `ms` (the work itself may go on in the background) or on abort. */
export function bounded<T>(work: Promise<T>, ms: number, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => finish(() => reject(timeoutError(ms))), ms);
    const stop = () => finish(() => reject(abortError()));
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
      settle();
    };
    if (signal?.aborted) return stop();
    signal?.addEventListener('abort', stop, { once: true });
    work.then(
      (value) => finish(() => resolve(value)),
      (error) => finish(() => reject(error)),
    );
  });
}

/** A failure that means "Redis is not answering" (retried within the tolerance), not a bug or a refusal. */
export function isOutage(error: unknown): boolean {
  const e = error as { name?: string; message?: string; code?: string } | undefined;
  if (!e || e.name === 'AbortError') return false;
  if (e.name === 'TimeoutError' || e.name === 'MaxRetriesPerRequestError') return true;
  const message = e.message ?? '';
  // Replies Redis gives while it starts, fails over or is busy: wait for it like for a dead link.
  if (e.name === 'ReplyError') return /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|READONLY)\b/.test(message);
  return /Connection is closed|Stream isn't writeable|Command timed out|max retries|connect|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|Socket closed|socket hang up/i.test(message);
}

/** What a failed Redis call says about the link: ioredis's words for a lost link and our timeouts become codes. */
export function troubleOf(error: Error): QueueTrouble {
  if (/Stream isn't writeable|Connection is closed/i.test(error.message)) return { problem: 'connection-lost' };
  if (error.name === 'TimeoutError') return { problem: 'no-answer', seconds: (error as Error & { seconds?: number }).seconds ?? COMMAND_TIMEOUT_MS / 1000 };
  if (/Command timed out/i.test(error.message)) return { problem: 'no-answer', seconds: COMMAND_TIMEOUT_MS / 1000 };
  return { detail: error.message };
}

/** The run gave up on Redis: it stayed unreachable for the whole tolerance. */
export class QueueLost extends Error {
  constructor(readonly seconds: number) {
    super(`Redis did not answer for ${seconds} s`);
  }
}

/**
 * Redis as one run sees it: every operation goes through here, so one outage is reported once (and its end
 * once), however many jobs are waiting, and the tolerance is measured from its first failure for all of them.
 */
export class RedisLink {
  private since: number | undefined;
  private lost: QueueLost | undefined;
  /** The client's last error message (ioredis's words, e.g. "connect ECONNREFUSED 127.0.0.1:6379"). */
  lastError = '';

  constructor(
    private readonly where: string,
    private readonly toleranceSeconds: number,
    private readonly signal: AbortSignal | undefined,
    private readonly report: (e: QueueLinkEvent) => void,
  ) {}

  get down(): boolean {
    return this.since !== undefined;
  }

  /** Throws AbortError once stopped, QueueLost once the tolerance has run out. */
  check(): void {
    if (this.signal?.aborted) throw abortError();
    if (this.lost) throw this.lost;
    if (this.since !== undefined && Date.now() - this.since >= this.toleranceSeconds * 1000) {
      this.lost = new QueueLost(this.toleranceSeconds);
      throw this.lost;
    }
  }

  /** One try: the answer, or undefined when Redis did not answer (the outage is recorded). */
  async attempt<T>(op: () => Promise<T>): Promise<T | undefined> {
    this.check();
    try {
      const value = await bounded(op(), COMMAND_TIMEOUT_MS + 1000, this.signal);
      this.up();
      return value;
    } catch (error) {
      if (!isOutage(error)) throw error;
      this.fail(error as Error);
      this.check();
      return undefined;
    }
  }

  /** Tries until Redis answers, the tolerance runs out (QueueLost) or the run is stopped (AbortError). */
  async call<T>(op: () => Promise<T>): Promise<T> {
    for (;;) {
      const value = await this.attempt(async () => ({ value: await op() }));
      if (value) return value.value;
      await sleep(POLL_MS, this.signal);
    }
  }

  private fail(error: Error): void {
    if (this.since !== undefined) return;
    this.since = Date.now();
    const trouble = this.lastError ? { detail: this.lastError } : troubleOf(error);
    this.report({ type: 'queue-unreachable', queue: this.where, ...trouble, toleranceSeconds: this.toleranceSeconds });
  }

  private up(): void {
    if (this.since === undefined) return;
    const seconds = Math.round((Date.now() - this.since) / 1000);
    this.since = undefined;
    this.lastError = '';
    this.report({ type: 'queue-back', queue: this.where, seconds });
  }
}

/**
 * A client that fails fast instead of queueing commands while Redis is away (BullMQ's "failing fast when
 * Redis is down" pattern: enableOfflineQueue false); the caller retries within the tolerance and reports.
 * Not for blocking commands (workers): those need maxRetriesPerRequest null.
 */
export function failFastClient(url: string): Redis {
  const client = new Redis({ ...connectionFromUrl(url), maxRetriesPerRequest: 0, enableOfflineQueue: false, commandTimeout: COMMAND_TIMEOUT_MS, lazyConnect: true });
  // Errors surface through the operations (and as the outage line), not as ioredis's log spam.
  client.on('error', () => {});
  return client;
}

/** media-queue-unreachable for a first connection that failed: ioredis's last words, or what our wait saw. */
export function unreachable(url: string, error: unknown, lastError = ''): AjarError {
  const trouble = lastError ? { detail: lastError } : troubleOf(error as Error);
  return new AjarError(rules['media-queue-unreachable']({ data: { url: redactUrl(url), ...trouble } }));
}

/** `ready` within `ms`, else media-queue-unreachable (exit 2); a stop (AbortError) passes through. `onFail` cleans up. */
export async function readyOrUnreachable(url: string, ready: Promise<unknown>, ms: number, signal: AbortSignal | undefined, onFail: () => unknown, lastError = () => ''): Promise<void> {
  try {
    await bounded(ready, ms, signal);
  } catch (error) {
    await onFail();
    if (isAbort(error)) throw error;
    throw unreachable(url, error, lastError());
  }
}

/** The first connection: a wrong address or a Redis that is not there stops the command (exit 2) within seconds. */
export async function connect(url: string, client: Redis, signal?: AbortSignal): Promise<void> {
  let lastError = '';
  const onError = (e: Error) => (lastError = e.message);
  client.on('error', onError);
  try {
    await readyOrUnreachable(url, client.connect(), 5000, signal, () => client.disconnect(), () => lastError);
  } finally {
    client.off('error', onError);
  }
}
