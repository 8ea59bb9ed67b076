// The producer side of the queue (`ajar media --queue`): for each source whose entry is missing it copies
// the source into the shared folder (or bucket), enqueues it under its cache key and destination as the job
// id, so the same work is never queued twice, and waits for the entry a worker makes. Every wait goes through RedisLink:
// an outage is reported, a Redis that comes back lets the run go on, one that does not fails the waiting
// files after the tolerance, and a stop (Ctrl-C) ends every wait at once.

import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Queue, type Job as BullJob } from 'bullmq';
import type { Redis } from 'ioredis';
import { AjarError } from '../diagnostics/errors.js';
import { tempPathFor } from '../fs/atomic.js';
import { redactUrl } from '../util/redact.js';
import { ENTRY_FILE, entryDir, readEntry } from './cache.js';
import type { JobExecutor, JobOutcome, StepProgress } from './execute.js';
import { sha256, type Job } from './plan.js';
import { POLL_MS, QUEUE_NAME, QueueLost, SHARED_SOURCE_MISSING, RedisLink, bounded, connect, failFastClient, readyOrUnreachable, sleep, whereOf, type QueueLinkEvent, type QueuedJob } from './queue-link.js';
import { rules } from './rules.js';
import { S3Store } from './s3-store.js';
import { toleranceFrom } from './tolerance.js';

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

/** What every step of one producer run shares. */
interface Producer {
  readonly url: string;
  /** Where this producer's entries land (the bucket, else the shared folder): part of every job id. */
  readonly destination: string;
  readonly cacheDir: string;
  readonly storeUrl: string | undefined;
  readonly store: S3Store | undefined;
  readonly queue: Queue;
  readonly link: RedisLink;
  readonly signal: AbortSignal | undefined;
}

/** How a job is kept in Redis: retried on worker failures, finished ones kept a while for other producers. */
const JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'fixed', delay: 1000 },
  removeOnComplete: { age: 3600 },
  removeOnFail: { age: 24 * 3600 },
} as const;

/** A bucket is asked less often than a folder is looked at. */
const STORE_POLL_MS = 5000;

export async function queueExecutor(options: QueueExecutorOptions): Promise<JobExecutor> {
  const { url, signal } = options;
  const env = options.env ?? process.env;
  const { client, queue } = await openQueue(url, signal);
  const link = new RedisLink(whereOf(url), options.toleranceSeconds ?? toleranceFrom(undefined, env), signal, options.onLink ?? (() => {}));
  client.on('error', (e: Error) => (link.lastError = e.message));
  const store = options.store ? new S3Store(options.store, env) : undefined;
  const destination = options.store ?? path.resolve(options.cacheDir);
  const producer: Producer = { url, destination, cacheDir: options.cacheDir, storeUrl: options.store, store, queue, link, signal };
  return {
    execute: (job, sourcePath, key, onProgress) => enqueueAndWait(producer, job, sourcePath, key, onProgress).catch((error: unknown) => failureOutcome(producer, job, error)),
    async close() {
      // Nothing waits on Redis at close: a dead or stalled server must not hold the command.
      if (!link.down) await bounded(queue.close(), 500).catch(() => {});
      client.disconnect();
      store?.close();
    },
  };
}

/** A fail-fast connection of our own, shared with BullMQ: closing it is ours to do, at once, whatever state it is in. */
async function openQueue(url: string, signal: AbortSignal | undefined): Promise<{ client: Redis; queue: Queue }> {
  const client = failFastClient(url);
  await connect(url, client, signal);
  const queue = new Queue(QUEUE_NAME, { connection: client });
  queue.on('error', () => {});
  await readyOrUnreachable(url, queue.waitUntilReady(), 5000, signal, () => client.disconnect());
  return { client, queue };
}

/** A wait that ended in an error: Redis lost for good and a refusing bucket are per-file outcomes; a stop or a bug is thrown. */
function failureOutcome(p: Producer, job: Job, error: unknown): JobOutcome {
  if (error instanceof QueueLost) {
    return { diagnostics: [rules['media-queue-lost']({ file: job.source, data: { queue: whereOf(p.url), seconds: error.seconds } })] };
  }
  if ((error as Error).name === 'AbortError' || error instanceof AjarError || !p.storeUrl) throw error;
  // A bucket that refuses us (wrong secret, no such bucket) is reported on each file, not as a crash.
  const detail = `${(error as Error).name} ${(error as Error).message}`.trim();
  return { diagnostics: [rules['media-transcode-failed']({ file: job.source, data: { problem: 'store-failed', store: redactUrl(p.storeUrl), detail } })] };
}

/** Where the source copy goes in the shared folder or bucket: content-addressed, with a plain extension that helps ffmpeg guess the container. */
export function sharedSourceName(key: string, sourcePath: string): string {
  const ext = path.extname(sourcePath).toLowerCase();
  return path.posix.join('sources', key + (/^\.[a-z0-9]{1,8}$/.test(ext) ? ext : ''));
}

async function enqueueAndWait(p: Producer, job: Job, sourcePath: string, key: string, onProgress: (s: StepProgress) => void): Promise<JobOutcome> {
  p.link.check();
  // Another machine may have made it already.
  const pulled = await fromStore(p, key);
  if (pulled) return pulled;
  const shared = sharedSourceName(key, sourcePath);
  const data: QueuedJob = { job, key, source: shared, cacheDir: p.cacheDir, ...(p.storeUrl ? { store: p.storeUrl } : {}) };
  let stopped = false;
  try {
    await shareSource(p, sourcePath, shared);
    await submit(p, data);
    return await waitFor(p, key, job, onProgress, async () => {
      // Redis lost the job (restarted without persistence, flushed): put it back, source copy included.
      await shareSource(p, sourcePath, shared);
      await addJob(p, data);
    });
  } catch (error) {
    stopped = (error as Error).name === 'AbortError';
    throw error;
  } finally {
    // Stopped: nobody waits for this job any more; take it off the queue if Redis answers right away.
    if (stopped && !p.link.down) await bounded(p.queue.remove(jobIdOf(key, p.destination)), 300).catch(() => {});
    await unshareSource(p, shared);
  }
}

/** The entry from the bucket, checked by content, when another machine has made it already. */
async function fromStore(p: Producer, key: string): Promise<JobOutcome | undefined> {
  if (!p.store || !(await p.store.pullEntry(key, p.cacheDir))) return undefined;
  const pulled = await readEntry(p.cacheDir, key, { verifyContent: true });
  return pulled ? { entry: pulled, diagnostics: pulled.notes } : undefined;
}

/** Copies the source where workers on other machines can read it, unless it is there already. */
async function shareSource(p: Producer, sourcePath: string, shared: string): Promise<void> {
  if (p.store) {
    if (!(await p.store.exists(shared))) await p.store.upload(shared, sourcePath);
    return;
  }
  const target = path.join(p.cacheDir, ...shared.split('/'));
  if (await stat(target).catch(() => undefined)) return;
  await mkdir(path.dirname(target), { recursive: true });
  const temp = tempPathFor(target);
  await copyFile(sourcePath, temp);
  await rename(temp, target);
}

async function unshareSource(p: Producer, shared: string): Promise<void> {
  if (p.store) await p.store.remove(shared).catch(() => {});
  else await rm(path.join(p.cacheDir, ...shared.split('/')), { force: true });
}

/**
 * The job id: the cache key and where the entry must land. Producers sharing a folder or bucket share one
 * job for the same work; a producer with another folder gets its own (a job of another folder would make
 * the entry where this producer cannot see it).
 */
export function jobIdOf(key: string, destination: string): string {
  return `${key}-${sha256(destination).slice(0, 12)}`;
}

function addJob(p: Producer, data: QueuedJob): Promise<BullJob> {
  return p.queue.add('transcode', data, { jobId: jobIdOf(data.key, p.destination), ...JOB_OPTIONS });
}

/**
 * Puts the job on the queue. The job id is the cache key, so producers asking for the same entry share one
 * job. A finished job kept from an earlier run (completed jobs stay an hour) would answer at once for an
 * entry that has since been deleted: this producer only gets here when the entry is missing, so make it again.
 */
async function submit(p: Producer, data: QueuedJob): Promise<void> {
  await p.link.call(async () => {
    const previous = await p.queue.getJob(jobIdOf(data.key, p.destination));
    if (previous && ((await previous.isCompleted()) || (await previous.isFailed()))) await previous.remove().catch(() => {});
    await addJob(p, data);
  });
}

/**
 * Waits for a job by looking, every POLL_MS, at its result in the shared folder (which needs no Redis: a
 * worker that finished during an outage is noticed at once) and at its state in Redis (progress, failure,
 * a job Redis lost). Pub/sub events (QueueEvents) are not used: they are missed while the link is down.
 */
async function waitFor(p: Producer, key: string, job: Job, onProgress: (s: StepProgress) => void, requeue: () => Promise<void>): Promise<JobOutcome> {
  let lastPercent = -1;
  let storeCheckedAt = 0;
  for (;;) {
    p.link.check();
    const made = await finished(p, key, storeCheckedAt);
    if (made === 'checked') storeCheckedAt = Date.now();
    else if (made) return made;
    const seen = await p.link.attempt(() => jobState(p, key));
    if (seen) {
      const step = await settle(p, key, job, seen, requeue);
      if (step.outcome) return step.outcome;
      if (step.progress && step.progress.percent !== lastPercent) {
        lastPercent = step.progress.percent;
        onProgress(step.progress);
      }
    }
    await sleep(POLL_MS, p.signal);
  }
}

interface Seen {
  readonly state: string;
  readonly bull: BullJob<QueuedJob, JobOutcome> | undefined;
}

async function jobState(p: Producer, key: string): Promise<Seen> {
  const id = jobIdOf(key, p.destination);
  const state = await p.queue.getJobState(id);
  const bull = state === 'unknown' ? undefined : await p.queue.getJob(id);
  return { state, bull };
}

/** What a look at the job in Redis means: its outcome, its progress, or nothing yet (a lost job is queued again). */
async function settle(p: Producer, key: string, job: Job, { state, bull }: Seen, requeue: () => Promise<void>): Promise<{ outcome?: JobOutcome; progress?: StepProgress }> {
  if (!bull) {
    // Gone from Redis: a worker may have finished it before; else queue it again.
    const again = await finished(p, key, 0);
    if (again && again !== 'checked') return { outcome: again };
    await p.link.attempt(requeue);
    return {};
  }
  if (state === 'completed') {
    const outcome = (bull.returnvalue ?? { diagnostics: [] }) as JobOutcome;
    if (p.store && outcome.entry) await p.store.pullEntry(key, p.cacheDir);
    return { outcome };
  }
  if (state === 'failed') {
    // A worker that cannot see the source copy looks at another folder than this producer: say so, not "the file is damaged".
    const data: Record<string, string> = bull.failedReason === SHARED_SOURCE_MISSING ? { problem: 'not-in-shared-folder', dir: p.cacheDir } : { problem: 'worker-failed', detail: bull.failedReason ?? '' };
    return { outcome: { diagnostics: [rules['media-transcode-failed']({ file: job.source, data })] } };
  }
  const progress = bull.progress as StepProgress | undefined;
  return progress && typeof progress === 'object' && 'percent' in progress ? { progress } : {};
}

/** The entry, if a worker has made it: in the shared folder (entry.json is written last), or in the bucket. */
async function finished(p: Producer, key: string, storeCheckedAt: number): Promise<JobOutcome | 'checked' | undefined> {
  if (p.store) {
    if (Date.now() - storeCheckedAt < STORE_POLL_MS) return undefined;
    if (!(await p.store.pullEntry(key, p.cacheDir).catch(() => false))) return 'checked';
  } else if (!(await stat(path.join(entryDir(p.cacheDir, key), ENTRY_FILE)).catch(() => undefined))) {
    return undefined;
  }
  const entry = await readEntry(p.cacheDir, key, { verifyContent: true });
  if (entry) return { entry, diagnostics: entry.notes };
  // A damaged entry in the bucket (a worker is making it again): ask again after STORE_POLL_MS, not at once.
  return p.store ? 'checked' : undefined;
}
