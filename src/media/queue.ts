// Scale-out on BullMQ (Redis). The producer (`ajar media --queue`) copies each source whose entry is
// missing into the shared folder and enqueues it under its cache key as the job id, so the same work is
// never queued twice; workers (`ajar worker --queue`) make the entry with the same executeJob as a local
// run. A worker that dies stops renewing its lock; BullMQ's stalled check hands the job to another.

import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue, QueueEvents, UnrecoverableError, Worker, type Job as BullJob } from 'bullmq';
import { AjarError } from '../diagnostics/errors.js';
import { tempPathFor } from '../fs/atomic.js';
import { entryDir, readEntry } from './cache.js';
import { S3Store } from './s3-store.js';
import { executeJob, type JobOutcome, type StepProgress } from './execute.js';
import { detectToolchain } from './ffmpeg.js';
import type { Job } from './plan.js';
import { rules } from './rules.js';
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
}

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
  };
}

async function reachable(url: string, queue: Queue): Promise<void> {
  // Connection errors surface once, as the diagnostic below, not as ioredis's log spam.
  queue.on('error', () => {});
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 5 s')), 5000).unref());
  try {
    await Promise.race([queue.waitUntilReady(), timeout]);
  } catch (error) {
    await queue.close().catch(() => {});
    throw new AjarError(rules['media-queue-unreachable']({ data: { url: redactUrl(url), detail: (error as Error).message } }));
  }
}

export async function queueExecutor(url: string, cacheDir: string, storeUrl?: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<JobExecutor> {
  const store = storeUrl ? new S3Store(storeUrl, env) : undefined;
  const connection = connectionFromUrl(url);
  const queue = new Queue(QUEUE_NAME, { connection });
  await reachable(url, queue);
  const events = new QueueEvents(QUEUE_NAME, { connection });
  events.on('error', () => {});
  await events.waitUntilReady();
  const listeners = new Map<string, (p: StepProgress) => void>();
  events.on('progress', ({ jobId, data }) => {
    const p = data as StepProgress | undefined;
    if (p && typeof p === 'object' && 'percent' in p) listeners.get(jobId)?.(p);
  });

  return {
    async execute(job, sourcePath, key, onProgress): Promise<JobOutcome> {
      try {
        return await enqueueAndWait(job, sourcePath, key, onProgress);
      } catch (error) {
        // A bucket that refuses us (wrong secret, no such bucket) is reported on each file, not as a crash.
        if (!store) throw error;
        const detail = `store ${redactUrl(storeUrl!)}: ${(error as Error).name} ${(error as Error).message}`.trim();
        return { diagnostics: [rules['media-transcode-failed']({ file: job.source, data: { detail } })] };
      }
    },
    async close() {
      await events.close();
      await queue.close();
      store?.close();
    },
  };

  async function enqueueAndWait(job: Job, sourcePath: string, key: string, onProgress: (p: StepProgress) => void): Promise<JobOutcome> {
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
    if (store) {
      if (!(await store.exists(sharedSource))) await store.upload(sharedSource, sourcePath);
    } else if (!(await stat(sharedAbs).catch(() => undefined))) {
      await mkdir(path.dirname(sharedAbs), { recursive: true });
      const temp = tempPathFor(sharedAbs);
      await copyFile(sourcePath, temp);
      await rename(temp, sharedAbs);
    }
    listeners.set(key, onProgress);
    try {
      const data: QueuedJob = { job, key, source: sharedSource, cacheDir, ...(storeUrl ? { store: storeUrl } : {}) };
      // The job id is the cache key, so producers asking for the same entry share one job. A finished job
      // kept from an earlier run (completed jobs stay an hour) would answer at once for an entry that has
      // since been deleted: this producer only gets here when the entry is missing, so make it again.
      const previous = await queue.getJob(key);
      if (previous && ((await previous.isCompleted()) || (await previous.isFailed()))) await previous.remove().catch(() => {});
      const queued = await queue.add('transcode', data, {
        jobId: key,
        attempts: 3,
        backoff: { type: 'fixed', delay: 1000 },
        removeOnComplete: { age: 3600 },
        removeOnFail: { age: 24 * 3600 },
      });
      let outcome: JobOutcome;
      try {
        outcome = (await queued.waitUntilFinished(events)) as JobOutcome;
      } catch (error) {
        return { diagnostics: [rules['media-transcode-failed']({ file: job.source, data: { detail: `worker: ${(error as Error).message}` } })] };
      }
      if (store && outcome.entry) await store.pullEntry(key, cacheDir);
      return outcome;
    } finally {
      listeners.delete(key);
      if (store) await store.remove(sharedSource).catch(() => {});
      else await rm(sharedAbs, { force: true });
    }
  }
}

export type WorkerEvent =
  | { type: 'ready'; queue: string }
  | { type: 'active'; source: string; key: string; attempt: number }
  | { type: 'completed'; source: string; key: string; cached: boolean; ok: boolean }
  | { type: 'failed'; source: string; key: string; reason: string };

export interface WorkerOptions {
  readonly url: string;
  /** The shared folder as this machine mounts it; default: the producer's path. */
  readonly cacheDir?: string;
  readonly concurrency?: number;
  /** How long a job stays locked without renewal before another worker may take it over (worker death). */
  readonly lockSeconds?: number;
  readonly onEvent?: (e: WorkerEvent) => void;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface RunningWorker {
  /** Stops taking jobs; aborts running ffmpeg processes (their jobs go back to the queue). */
  close(): Promise<void>;
  /** Resolves when the worker has closed. */
  readonly closed: Promise<void>;
}

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const tool = await detectToolchain(options.env ?? process.env);
  const connection = connectionFromUrl(options.url);
  const probeQueue = new Queue(QUEUE_NAME, { connection });
  await reachable(options.url, probeQueue);
  await probeQueue.close();
  const emit = options.onEvent ?? (() => {});
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
  await worker.waitUntilReady();
  emit({ type: 'ready', queue: QUEUE_NAME });
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  return {
    closed,
    async close() {
      abort.abort();
      await worker.close(true).catch(() => {});
      for (const store of stores.values()) store.close();
      resolveClosed();
    },
  };
}
