// The worker side of the queue (`ajar worker --queue`): takes jobs from BullMQ and makes their entries with
// the same executeJob as a local run, in the shared folder or, with a bucket, in its own cache and then
// the bucket. A worker that dies stops renewing its lock; BullMQ's stalled check hands the job to another.
// Its own connections wait for Redis forever (BullMQ's blocking commands need that), so a fail-fast
// connection pings Redis every second to notice an outage, report it, and give up after the tolerance.

import { rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UnrecoverableError, Worker, type Job as BullJob } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { entryDir, readEntry } from './cache.js';
import { executeJob, type JobOutcome, type StepProgress } from './execute.js';
import { detectToolchain, type Toolchain } from './ffmpeg.js';
import { QUEUE_NAME, QueueLost, SHARED_SOURCE_MISSING, RedisLink, bounded, connect, connectionFromUrl, failFastClient, readyOrUnreachable, whereOf, type QueueLinkEvent, type QueuedJob } from './queue-link.js';
import { rules, UNSAFE_JOB } from './rules.js';
import { S3Store } from './s3-store.js';
import { toleranceFrom } from './tolerance.js';

export type WorkerEvent =
  | { type: 'ready'; queue: string }
  | { type: 'active'; source: string; key: string; attempt: number }
  | { type: 'completed'; source: string; key: string; cached: boolean; ok: boolean }
  /** reason: the error's message, or a code of media/rules.ts workerProblems (`dir`: the folder the worker looked in). */
  | { type: 'failed'; source: string; key: string; reason: string; dir?: string }
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

/** What the job handler needs: the toolchain, where entries go, the stop signal for ffmpeg, and the event sink. */
interface WorkerContext {
  readonly tool: Toolchain;
  readonly options: WorkerOptions;
  readonly emit: (e: WorkerEvent) => void;
  readonly abort: AbortController;
  /** With a bucket: this machine's own cache, where entries are made before they are uploaded. */
  readonly localDir: string;
  readonly storeFor: (url: string) => S3Store;
}

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const env = options.env ?? process.env;
  const tool = await detectToolchain(env);
  const health = failFastClient(options.url);
  await connect(options.url, health);
  const emit = options.onEvent ?? (() => {});
  const link = new RedisLink(whereOf(options.url), options.toleranceSeconds ?? toleranceFrom(undefined, env), undefined, emit);
  health.on('error', (e: Error) => (link.lastError = e.message));
  const stores = new Map<string, S3Store>();
  const context: WorkerContext = {
    tool,
    options,
    emit,
    abort: new AbortController(),
    localDir: options.cacheDir ?? path.join(tmpdir(), 'ajar-worker-cache'),
    storeFor: (url) => stores.get(url) ?? stores.set(url, new S3Store(url, env)).get(url)!,
  };
  const worker = bullWorker(context);
  const lifecycle = supervise(worker, health, link, context, () => stores.forEach((s) => s.close()));
  await readyOrUnreachable(options.url, worker.waitUntilReady(), 5000, undefined, () => lifecycle.shutdown({ reason: 'stopped' }));
  emit({ type: 'ready', queue: QUEUE_NAME });
  return { closed: lifecycle.closed, close: () => lifecycle.shutdown({ reason: 'stopped' }) };
}

/** The BullMQ worker: its handler, its lock settings, and its events as WorkerEvents. */
function bullWorker(context: WorkerContext): Worker<QueuedJob, JobOutcome> {
  const lockDuration = Math.max(2, context.options.lockSeconds ?? 30) * 1000;
  const worker = new Worker<QueuedJob, JobOutcome>(QUEUE_NAME, (bull) => processJob(context, bull), {
    connection: connectionFromUrl(context.options.url),
    concurrency: Math.max(1, context.options.concurrency ?? 1),
    lockDuration,
    stalledInterval: lockDuration,
    maxStalledCount: 2,
  });
  worker.on('failed', (bull, error) => {
    if (!bull) return;
    const dir = error.message === SHARED_SOURCE_MISSING ? { dir: context.options.cacheDir ?? bull.data.cacheDir } : {};
    context.emit({ type: 'failed', source: String(bull.data.job?.source ?? ''), key: String(bull.data.key).slice(0, 60), reason: error.message, ...dir });
  });
  worker.on('error', () => {
    // Connection hiccups are retried by ioredis; BullMQ re-emits them here and would crash the process if unhandled.
  });
  return worker;
}

/**
 * Closing and watching: one shutdown (stops ffmpeg, closes the worker within a second, Redis or not) and a
 * once-a-second ping on the fail-fast connection that shuts the worker down once Redis is lost for good.
 */
function supervise(worker: Worker, health: Redis, link: RedisLink, context: WorkerContext, closeStores: () => void) {
  let resolveClosed!: (end: WorkerEnd) => void;
  const closed = new Promise<WorkerEnd>((r) => (resolveClosed = r));
  let closing: Promise<void> | undefined;
  const shutdown = (end: WorkerEnd): Promise<void> =>
    (closing ??= (async () => {
      clearInterval(beat);
      context.abort.abort();
      // A graceful close waits for Redis; a dead or stalled one must not hold the worker: then cut the connections.
      await bounded(worker.close(true), 1000).catch(() => {});
      await bounded(worker.disconnect(), 500).catch(() => {});
      health.disconnect();
      closeStores();
      resolveClosed(end);
    })());
  let pinging = false;
  const beat = setInterval(() => {
    if (pinging || closing) return;
    pinging = true;
    link
      .attempt(() => health.ping())
      .catch((error: unknown) => {
        if (error instanceof QueueLost) void shutdown({ reason: 'lost', diagnostic: rules['media-queue-lost']({ data: { queue: whereOf(context.options.url), seconds: error.seconds } }) });
      })
      .finally(() => (pinging = false));
  }, 1000);
  return { closed, shutdown };
}

/** Whoever can write to Redis could send any job: keep it to a key-named folder and a source copy in the shared folder. */
export function isSafeJob(data: Pick<QueuedJob, 'key' | 'source'>): boolean {
  return /^[0-9a-f]{40}$/.test(data.key) && /^sources\/[0-9a-f]{40}(\.[a-z0-9]{1,8})?$/.test(data.source);
}

async function processJob(context: WorkerContext, bull: BullJob<QueuedJob, JobOutcome>): Promise<JobOutcome> {
  const { job, key } = bull.data;
  if (!isSafeJob(bull.data)) throw new UnrecoverableError(UNSAFE_JOB);
  context.emit({ type: 'active', source: job.source, key, attempt: bull.attemptsMade + 1 });
  const outcome = bull.data.store ? await viaBucket(context, bull, context.storeFor(bull.data.store)) : await viaFolder(context, bull);
  context.emit({ type: 'completed', source: job.source, key, cached: outcome.cached, ok: Boolean(outcome.entry) });
  return { ...(outcome.entry ? { entry: outcome.entry } : {}), diagnostics: outcome.diagnostics };
}

type Made = JobOutcome & { readonly cached: boolean };

/** In the shared folder: an entry another worker made already is taken as it is (checked by content). */
async function viaFolder(context: WorkerContext, bull: BullJob<QueuedJob, JobOutcome>): Promise<Made> {
  const { job, key, source } = bull.data;
  const dir = context.options.cacheDir ?? bull.data.cacheDir;
  const hit = await readEntry(dir, key, { verifyContent: true });
  if (hit) return { entry: hit, diagnostics: hit.notes, cached: true };
  const copy = path.join(dir, ...source.split('/'));
  // Not the author's file being unreadable: this worker looks at another folder (retried, then reported as such).
  if (!(await stat(copy).catch(() => undefined))) throw new Error(SHARED_SOURCE_MISSING);
  const outcome = await executeJob(job, copy, dir, key, { tool: context.tool, signal: context.abort.signal, onProgress: progressOf(bull) });
  return { ...outcome, cached: false };
}

/** With a bucket: fetch the source, make the entry in this machine's own cache, upload it (entry.json last). */
async function viaBucket(context: WorkerContext, bull: BullJob<QueuedJob, JobOutcome>, store: S3Store): Promise<Made> {
  const { job, key } = bull.data;
  const { localDir } = context;
  if (await store.pullEntry(key, localDir)) {
    const hit = await readEntry(localDir, key, { verifyContent: true });
    if (hit) return { entry: hit, diagnostics: hit.notes, cached: true };
  }
  const local = path.join(localDir, 'sources', `${process.pid}-${path.posix.basename(bull.data.source)}`);
  try {
    await store.download(bull.data.source, local);
    // Made here before but not uploaded (the upload was cut): upload it now.
    const kept = await readEntry(localDir, key, { verifyContent: true });
    const made = kept ? { entry: kept, diagnostics: kept.notes } : await executeJob(job, local, localDir, key, { tool: context.tool, signal: context.abort.signal, onProgress: progressOf(bull) });
    if (made.entry) await store.pushEntry(key, entryDir(localDir, key));
    return { ...made, cached: false };
  } finally {
    await rm(local, { force: true });
  }
}

/** Progress goes through Redis: a few updates a second are plenty. */
function progressOf(bull: BullJob<QueuedJob, JobOutcome>): (p: StepProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 500 && p.percent < 100) return;
    last = now;
    void bull.updateProgress(p as unknown as object).catch(() => {});
  };
}
