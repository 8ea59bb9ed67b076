// Scale-out on BullMQ (Redis). The producer (`ajar media --queue`) copies each source whose entry is
// missing into the shared folder and enqueues it under its cache key as the job id, so the same work is
// never queued twice; workers (`ajar worker --queue`) make the entry with the same executeJob as a local
// run. A worker that dies stops renewing its lock; BullMQ's stalled check hands the job to another.

import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue, UnrecoverableError, Worker, type Job as BullJob } from 'bullmq';
import { Redis } from 'ioredis';
import { AjarError } from '../diagnostics/errors.js';
import { tempPathFor } from '../fs/atomic.js';
import { ENTRY_FILE, entryDir, readEntry } from './cache.js';
import { S3Store } from './s3-store.js';
import { executeJob, type JobOutcome, type StepProgress } from './execute.js';
import { detectToolchain } from './ffmpeg.js';
import type { Job } from './plan.js';
import { rules } from './rules.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { JobExecutor } from './execute.js';
import { redactUrl } from '../util/redact.js';

export const QUEUE_NAME = 'ajar-media';

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

import { toleranceFrom } from './tolerance.js';
export { DEFAULT_QUEUE_TOLERANCE_SECONDS, toleranceFrom } from './tolerance.js';
/** A command without an answer after this long counts as an outage (a stalled link, a paused server). */
const COMMAND_TIMEOUT_MS = 3000;
/** How often a waiting job is looked at (its state in Redis, its entry in the shared folder). */
const POLL_MS = 500;

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

export type QueueLinkEvent =
  | { readonly type: 'queue-unreachable'; readonly queue: string; readonly detail: string; readonly toleranceSeconds: number }
  | { readonly type: 'queue-back'; readonly queue: string; readonly seconds: number };

const abortError = () => Object.assign(new Error('stopped'), { name: 'AbortError' });

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
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

/** `work`, or a rejection after `ms` (the work itself may go on in the background) or on abort. */
function bounded<T>(work: Promise<T>, ms: number, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => finish(() => reject(Object.assign(new Error(`no answer within ${ms / 1000} s`), { name: 'TimeoutError' }))), ms);
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
function isOutage(error: unknown): boolean {
  const e = error as { name?: string; message?: string; code?: string } | undefined;
  if (!e || e.name === 'AbortError') return false;
  if (e.name === 'TimeoutError' || e.name === 'MaxRetriesPerRequestError') return true;
  const message = e.message ?? '';
  // Replies Redis gives while it starts, fails over or is busy: wait for it like for a dead link.
  if (e.name === 'ReplyError') return /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|READONLY)\b/.test(message);
  return /Connection is closed|Stream isn't writeable|Command timed out|max retries|connect|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|Socket closed|socket hang up/i.test(message);
}

/** ioredis's words for a lost link, made plain for the outage line. */
function describe(error: Error): string {
  if (/Stream isn't writeable|Connection is closed/i.test(error.message)) return 'connection lost';
  if (error.name === 'TimeoutError' || /Command timed out/i.test(error.message)) return `no answer within ${COMMAND_TIMEOUT_MS / 1000} s`;
  return error.message;
}

/** The run gave up on Redis: it stayed unreachable for the whole tolerance. */
class QueueLost extends Error {
  constructor(readonly seconds: number) {
    super(`Redis did not answer for ${seconds} s`);
  }
}

/**
 * Redis as one run sees it: every operation goes through here, so one outage is reported once (and its end
 * once), however many jobs are waiting, and the tolerance is measured from its first failure for all of them.
 */
class RedisLink {
  private since: number | undefined;
  private lost: QueueLost | undefined;
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
    const detail = this.lastError || describe(error);
    this.report({ type: 'queue-unreachable', queue: this.where, detail, toleranceSeconds: this.toleranceSeconds });
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
function failFastClient(url: string): Redis {
  const client = new Redis({ ...connectionFromUrl(url), maxRetriesPerRequest: 0, enableOfflineQueue: false, commandTimeout: COMMAND_TIMEOUT_MS, lazyConnect: true });
  // Errors surface through the operations (and as the outage line), not as ioredis's log spam.
  client.on('error', () => {});
  return client;
}

/** The first connection: a wrong address or a Redis that is not there stops the command (exit 2) within seconds. */
async function connect(url: string, client: Redis, signal?: AbortSignal): Promise<void> {
  let lastError = '';
  const onError = (e: Error) => (lastError = e.message);
  client.on('error', onError);
  try {
    await bounded(client.connect(), 5000, signal);
  } catch (error) {
    client.disconnect();
    if ((error as Error).name === 'AbortError') throw error;
    const detail = lastError || (error as Error).message;
    throw new AjarError(rules['media-queue-unreachable']({ data: { url: redactUrl(url), detail } }));
  } finally {
    client.off('error', onError);
  }
}

export interface QueueExecutorOptions {
  readonly url: string;
  /** The shared folder (or this machine's cache, with a store). */
  readonly cacheDir: string;
  /** s3://bucket/prefix instead of a shared folder. */
  readonly store?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Seconds Redis may stay unreachable before the files waiting on it fail (media-queue-lost). */
  readonly toleranceSeconds?: number;
  /** Stops every wait at once (Ctrl-C): execute rejects with an AbortError. */
  readonly signal?: AbortSignal;
  /** The outage line and its end. */
  readonly onLink?: (e: QueueLinkEvent) => void;
}

export async function queueExecutor(options: QueueExecutorOptions): Promise<JobExecutor> {
  const { url, cacheDir, signal } = options;
  const storeUrl = options.store;
  const env = options.env ?? process.env;
  const tolerance = options.toleranceSeconds ?? toleranceFrom(undefined, env);
  const client = failFastClient(url);
  await connect(url, client, signal);
  const link = new RedisLink(whereOf(url), tolerance, signal, options.onLink ?? (() => {}));
  client.on('error', (e: Error) => (link.lastError = e.message));
  // A connection of our own, shared with BullMQ: closing it is ours to do, at once, whatever state it is in.
  const queue = new Queue(QUEUE_NAME, { connection: client });
  queue.on('error', () => {});
  try {
    await bounded(queue.waitUntilReady(), 5000, signal);
  } catch (error) {
    client.disconnect();
    if ((error as Error).name === 'AbortError') throw error;
    throw new AjarError(rules['media-queue-unreachable']({ data: { url: redactUrl(url), detail: (error as Error).message } }));
  }
  const store = storeUrl ? new S3Store(storeUrl, env) : undefined;

  return {
    async execute(job, sourcePath, key, onProgress): Promise<JobOutcome> {
      try {
        return await enqueueAndWait(job, sourcePath, key, onProgress);
      } catch (error) {
        if (error instanceof QueueLost) {
          return { diagnostics: [rules['media-queue-lost']({ file: job.source, data: { queue: whereOf(url), seconds: error.seconds } })] };
        }
        if ((error as Error).name === 'AbortError' || error instanceof AjarError) throw error;
        // A bucket that refuses us (wrong secret, no such bucket) is reported on each file, not as a crash.
        if (!store) throw error;
        const detail = `store ${redactUrl(storeUrl!)}: ${(error as Error).name} ${(error as Error).message}`.trim();
        return { diagnostics: [rules['media-transcode-failed']({ file: job.source, data: { detail } })] };
      }
    },
    async close() {
      // Nothing waits on Redis at close: a dead or stalled server must not hold the command.
      if (!link.down) await bounded(queue.close(), 500).catch(() => {});
      client.disconnect();
      store?.close();
    },
  };

  async function enqueueAndWait(job: Job, sourcePath: string, key: string, onProgress: (p: StepProgress) => void): Promise<JobOutcome> {
    link.check();
    // Another machine may have made it already.
    if (store && (await store.pullEntry(key, cacheDir))) {
      const pulled = await readEntry(cacheDir, key, { verifyContent: true });
      if (pulled) return { entry: pulled, diagnostics: pulled.notes };
    }
    // Content-addressed copy of the source in the shared folder or bucket, for workers on other machines.
    // The extension helps ffmpeg guess the container; anything unusual is dropped (the worker checks the name).
    const ext = path.extname(sourcePath).toLowerCase();
    const sharedSource = path.posix.join('sources', key + (/^\.[a-z0-9]{1,8}$/.test(ext) ? ext : ''));
    const sharedAbs = path.join(cacheDir, ...sharedSource.split('/'));
    const share = async () => {
      if (store) {
        if (!(await store.exists(sharedSource))) await store.upload(sharedSource, sourcePath);
      } else if (!(await stat(sharedAbs).catch(() => undefined))) {
        await mkdir(path.dirname(sharedAbs), { recursive: true });
        const temp = tempPathFor(sharedAbs);
        await copyFile(sourcePath, temp);
        await rename(temp, sharedAbs);
      }
    };
    const data: QueuedJob = { job, key, source: sharedSource, cacheDir, ...(storeUrl ? { store: storeUrl } : {}) };
    const add = () =>
      queue.add('transcode', data, {
        jobId: key,
        attempts: 3,
        backoff: { type: 'fixed', delay: 1000 },
        removeOnComplete: { age: 3600 },
        removeOnFail: { age: 24 * 3600 },
      });
    let stopped = false;
    try {
      await share();
      // The job id is the cache key, so producers asking for the same entry share one job. A finished job
      // kept from an earlier run (completed jobs stay an hour) would answer at once for an entry that has
      // since been deleted: this producer only gets here when the entry is missing, so make it again.
      await link.call(async () => {
        const previous = await queue.getJob(key);
        if (previous && ((await previous.isCompleted()) || (await previous.isFailed()))) await previous.remove().catch(() => {});
        await add();
      });
      return await waitFor(key, job, onProgress, async () => {
        // Redis lost the job (restarted without persistence, flushed): put it back, source copy included.
        await share();
        await add();
      });
    } catch (error) {
      stopped = (error as Error).name === 'AbortError';
      throw error;
    } finally {
      // Stopped: nobody waits for this job any more; take it off the queue if Redis answers right away.
      if (stopped && !link.down) await bounded(queue.remove(key), 300).catch(() => {});
      if (store) await store.remove(sharedSource).catch(() => {});
      else await rm(sharedAbs, { force: true });
    }
  }

  /**
   * Waits for a job by looking, every POLL_MS, at its result in the shared folder (which needs no Redis: a
   * worker that finished during an outage is noticed at once) and at its state in Redis (progress, failure,
   * a job Redis lost). Pub/sub events (QueueEvents) are not used: they are missed while the link is down.
   */
  async function waitFor(key: string, job: Job, onProgress: (p: StepProgress) => void, requeue: () => Promise<void>): Promise<JobOutcome> {
    let lastPercent = -1;
    let storeCheckedAt = 0;
    for (;;) {
      link.check();
      const made = await finished(key, storeCheckedAt);
      if (made === 'checked') storeCheckedAt = Date.now();
      else if (made) return made;
      const seen = await link.attempt(async () => {
        const state = await queue.getJobState(key);
        const bull = state === 'unknown' ? undefined : await queue.getJob(key);
        return { state, bull };
      });
      if (seen) {
        const { state, bull } = seen;
        if (!bull) {
          // Gone from Redis: a worker may have finished it before; else queue it again.
          const again = await finished(key, 0);
          if (again && again !== 'checked') return again;
          await link.attempt(requeue);
        } else if (state === 'completed') {
          const outcome = (bull.returnvalue ?? { diagnostics: [] }) as JobOutcome;
          if (store && outcome.entry) await store.pullEntry(key, cacheDir);
          return outcome;
        } else if (state === 'failed') {
          return { diagnostics: [rules['media-transcode-failed']({ file: job.source, data: { detail: `worker: ${bull.failedReason}` } })] };
        } else {
          const p = bull.progress as StepProgress | undefined;
          if (p && typeof p === 'object' && 'percent' in p && p.percent !== lastPercent) {
            lastPercent = p.percent;
            onProgress(p);
          }
        }
      }
      await sleep(POLL_MS, signal);
    }
  }

  /** The entry, if a worker has made it: in the shared folder (entry.json is written last), or in the bucket. */
  async function finished(key: string, storeCheckedAt: number): Promise<JobOutcome | 'checked' | undefined> {
    if (store) {
      // A bucket is asked less often than a folder is looked at.
      if (Date.now() - storeCheckedAt < 5000) return undefined;
      if (!(await store.pullEntry(key, cacheDir).catch(() => false))) return 'checked';
    } else if (!(await stat(path.join(entryDir(cacheDir, key), ENTRY_FILE)).catch(() => undefined))) {
      return undefined;
    }
    const entry = await readEntry(cacheDir, key, { verifyContent: true });
    return entry ? { entry, diagnostics: entry.notes } : undefined;
  }
}

export type WorkerEvent =
  | { type: 'ready'; queue: string }
  | { type: 'active'; source: string; key: string; attempt: number }
  | { type: 'completed'; source: string; key: string; cached: boolean; ok: boolean }
  | { type: 'failed'; source: string; key: string; reason: string }
  | QueueLinkEvent;

export interface WorkerOptions {
  readonly url: string;
  /** The shared folder as this machine mounts it; default: the producer's path. */
  readonly cacheDir?: string;
  readonly concurrency?: number;
  /** How long a job stays locked without renewal before another worker may take it over (worker death). */
  readonly lockSeconds?: number;
  readonly onEvent?: (e: WorkerEvent) => void;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Seconds Redis may stay unreachable before the worker gives up and closes (default 60). */
  readonly toleranceSeconds?: number;
}

export type WorkerEnd = { readonly reason: 'stopped' } | { readonly reason: 'lost'; readonly diagnostic: Diagnostic };

export interface RunningWorker {
  /** Stops taking jobs and aborts running ffmpeg processes (their jobs go back to the queue); within a second, Redis or not. */
  close(): Promise<void>;
  /** Resolves when the worker has closed: stopped, or lost (Redis unreachable for longer than the tolerance). */
  readonly closed: Promise<WorkerEnd>;
}

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const tool = await detectToolchain(options.env ?? process.env);
  const connection = connectionFromUrl(options.url);
  // The worker's own connections wait for Redis forever (BullMQ's blocking commands need that), so they
  // cannot say Redis is gone: a fail-fast connection of its own pings it every second instead.
  const health = failFastClient(options.url);
  await connect(options.url, health);
  const emit = options.onEvent ?? (() => {});
  const tolerance = options.toleranceSeconds ?? toleranceFrom(undefined, options.env ?? process.env);
  const link = new RedisLink(whereOf(options.url), tolerance, undefined, emit);
  health.on('error', (e: Error) => (link.lastError = e.message));
  const abort = new AbortController();
  const lockDuration = Math.max(2, options.lockSeconds ?? 30) * 1000;

  const stores = new Map<string, S3Store>();
  const storeFor = (url: string) => {
    let store = stores.get(url);
    if (!store) stores.set(url, (store = new S3Store(url, options.env ?? process.env)));
    return store;
  };
  const progressOf = (bull: BullJob<QueuedJob, JobOutcome>) => {
    let last = 0;
    return (p: StepProgress) => {
      // Progress goes through Redis: a few updates a second are plenty.
      const now = Date.now();
      if (now - last < 500 && p.percent < 100) return;
      last = now;
      void bull.updateProgress(p as unknown as object).catch(() => {});
    };
  };
  // With a bucket: fetch the source, make the entry in this machine's own cache, upload it (entry.json last).
  const localDir = options.cacheDir ?? path.join(tmpdir(), 'ajar-worker-cache');
  const viaBucket = async (bull: BullJob<QueuedJob, JobOutcome>, store: S3Store): Promise<JobOutcome> => {
    const { job, key } = bull.data;
    if (await store.pullEntry(key, localDir)) {
      const hit = await readEntry(localDir, key, { verifyContent: true });
      if (hit) {
        emit({ type: 'completed', source: job.source, key, cached: true, ok: true });
        return { entry: hit, diagnostics: hit.notes };
      }
    }
    const local = path.join(localDir, 'sources', `${process.pid}-${path.posix.basename(bull.data.source)}`);
    try {
      await store.download(bull.data.source, local);
      const made = (await readEntry(localDir, key, { verifyContent: true })) ? { entry: (await readEntry(localDir, key, { verifyContent: true }))!, diagnostics: [] } : await executeJob(job, local, localDir, key, { tool, signal: abort.signal, onProgress: progressOf(bull) });
      if (made.entry) await store.pushEntry(key, entryDir(localDir, key));
      emit({ type: 'completed', source: job.source, key, cached: false, ok: Boolean(made.entry) });
      return made;
    } finally {
      await rm(local, { force: true });
    }
  };

  const worker = new Worker<QueuedJob, JobOutcome>(
    QUEUE_NAME,
    async (bull: BullJob<QueuedJob, JobOutcome>) => {
      const { job, key } = bull.data;
      // Whoever can write to Redis could send any job: keep it to a key-named folder and a source copy in the shared folder.
      if (!/^[0-9a-f]{40}$/.test(key) || !/^sources\/[0-9a-f]{40}(\.[a-z0-9]{1,8})?$/.test(bull.data.source)) {
        throw new UnrecoverableError(`refusing a job with an unexpected key or source path (${String(key).slice(0, 60)})`);
      }
      emit({ type: 'active', source: job.source, key, attempt: bull.attemptsMade + 1 });
      if (bull.data.store) return viaBucket(bull, storeFor(bull.data.store));
      const dir = options.cacheDir ?? bull.data.cacheDir;
      const hit = await readEntry(dir, key, { verifyContent: true });
      if (hit) {
        emit({ type: 'completed', source: job.source, key, cached: true, ok: true });
        return { entry: hit, diagnostics: hit.notes };
      }
      const outcome = await executeJob(job, path.join(dir, ...bull.data.source.split('/')), dir, key, { tool, signal: abort.signal, onProgress: progressOf(bull) });
      emit({ type: 'completed', source: job.source, key, cached: false, ok: Boolean(outcome.entry) });
      return outcome;
    },
    { connection, concurrency: Math.max(1, options.concurrency ?? 1), lockDuration, stalledInterval: lockDuration, maxStalledCount: 2 },
  );
  worker.on('failed', (bull, error) => {
    if (bull) emit({ type: 'failed', source: bull.data.job.source, key: bull.data.key, reason: error.message });
  });
  worker.on('error', () => {
    // Connection hiccups are retried by ioredis; BullMQ re-emits them here and would crash the process if unhandled.
  });
  let resolveClosed!: (end: WorkerEnd) => void;
  const closed = new Promise<WorkerEnd>((r) => (resolveClosed = r));
  let closing: Promise<void> | undefined;
  const shutdown = (end: WorkerEnd): Promise<void> =>
    (closing ??= (async () => {
      clearInterval(beat);
      abort.abort();
      // A graceful close waits for Redis; a dead or stalled one must not hold the worker: then cut the connections.
      await bounded(worker.close(true), 1000).catch(() => {});
      await bounded(worker.disconnect(), 500).catch(() => {});
      health.disconnect();
      for (const store of stores.values()) store.close();
      resolveClosed(end);
    })());
  let pinging = false;
  const beat = setInterval(() => {
    if (pinging || closing) return;
    pinging = true;
    link
      .attempt(() => health.ping())
      .catch((error: unknown) => {
        if (error instanceof QueueLost) void shutdown({ reason: 'lost', diagnostic: rules['media-queue-lost']({ data: { queue: whereOf(options.url), seconds: error.seconds } }) });
      })
      .finally(() => (pinging = false));
  }, 1000);
  try {
    await bounded(worker.waitUntilReady(), 5000);
  } catch (error) {
    await shutdown({ reason: 'stopped' });
    throw new AjarError(rules['media-queue-unreachable']({ data: { url: redactUrl(options.url), detail: (error as Error).message } }));
  }
  emit({ type: 'ready', queue: QUEUE_NAME });
  return {
    closed,
    close: () => shutdown({ reason: 'stopped' }),
  };
}
