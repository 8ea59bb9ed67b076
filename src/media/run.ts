// The thin runner: plan → for each job (bounded in parallel) hash the source, trust a cache entry if there
// is one, else make it here or on the queue's workers → the MediaIndex the render stage reads.

import { realpath } from 'node:fs/promises';
import { availableParallelism, totalmem } from 'node:os';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Course } from '../core/model/course.js';
import type { MediaEntry, MediaIndex } from '../core/model/media.js';
import { staysInside } from '../source/files.js';
import { cacheKey, entryDir, hashSource, readEntry, sweepStale, type StoredEntry } from './cache.js';
import type { MediaSettings } from './config-schema.js';
import { formatTimestamp } from './captions.js';
import { executeJob, type JobExecutor, type JobOutcome, type Step } from './execute.js';

export type { JobExecutor } from './execute.js';
import { detectToolchain, type Toolchain } from './ffmpeg.js';
import { detectGhostscript, type Ghostscript } from './slides.js';
import { loadImageTool, type ImageTool } from './images.js';
import type { Job, MediaSource } from './plan.js';
import { mediaSourcesOf, planTranscodes } from './plan.js';
import { rules } from './rules.js';
import type { QueueLinkEvent } from './queue-link.js';
import { forEachLimited } from '../util/limit.js';

export type MediaEvent =
  | { readonly type: 'plan'; readonly jobs: number }
  | { readonly type: 'start'; readonly source: string; readonly kind: Job['kind']; readonly key: string }
  | { readonly type: 'progress'; readonly source: string; readonly step: Step; readonly percent: number; readonly speed?: number; readonly etaSeconds?: number }
  | { readonly type: 'cached'; readonly source: string; readonly key: string }
  | { readonly type: 'done'; readonly source: string; readonly key: string; readonly seconds: number; readonly bytes: number }
  | { readonly type: 'failed'; readonly source: string; readonly rules: readonly string[] }
  | QueueLinkEvent;

export interface RunMediaOptions {
  /** The course folder: sources are resolved inside it. */
  readonly courseDir: string;
  /** Default `<courseDir>/.ajar/cache/media`. With a queue, a folder every worker shares. */
  readonly cacheDir?: string;
  /** Parallel jobs; default from settings ('auto': one per core). */
  readonly concurrency?: number;
  readonly onProgress?: (event: MediaEvent) => void;
  /** Run cache misses on BullMQ workers instead of here. */
  readonly queue?: QueueOptions;
  readonly signal?: AbortSignal;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface QueueOptions {
  readonly url: string;
  /** s3://bucket/prefix instead of a shared folder. */
  readonly store?: string;
  /** Seconds Redis may stay unreachable before the files waiting on it fail (default 60, or AJAR_QUEUE_TOLERANCE). */
  readonly toleranceSeconds?: number;
}

export interface RunMediaResult {
  readonly index: MediaIndex;
  readonly diagnostics: Diagnostic[];
  /** Jobs that ran ffmpeg (or the caption converter) in this run; 0 when everything came from the cache. */
  readonly made: number;
  readonly cached: number;
}

export function defaultCacheDir(courseDir: string): string {
  return path.join(courseDir, '.ajar', 'cache', 'media');
}

/** What one ladder job may hold: a 1080p decode, the scaled frames of every rung and their encoders. */
const MEMORY_PER_JOB = 512 * 1024 * 1024;

export function resolveConcurrency(setting: number | 'auto' | undefined, cores = availableParallelism(), memory = totalmem()): number {
  if (typeof setting === 'number' && setting >= 1) return Math.floor(setting);
  // One encoder thread per job (deterministic bytes under a VBV cap): sources side by side fill the cores,
  // as many as the memory holds (a 64-core machine with 8 GB runs 16, not 64).
  return Math.max(1, Math.min(Math.floor(cores), Math.floor(memory / MEMORY_PER_JOB)));
}

export async function runMedia(course: Course, settings: MediaSettings, options: RunMediaOptions): Promise<RunMediaResult> {
  return runMediaSources(mediaSourcesOf(course), settings, options);
}

/** The same, for a plain list of sources (tests, tools, anything without a Course). */
export async function runMediaSources(sources: readonly MediaSource[], settings: MediaSettings, options: RunMediaOptions): Promise<RunMediaResult> {
  const courseDir = path.resolve(options.courseDir);
  const cacheDir = path.resolve(options.cacheDir ?? defaultCacheDir(courseDir));
  const emit = options.onProgress ?? (() => {});
  const jobs = planTranscodes(sources, settings);
  emit({ type: 'plan', jobs: jobs.length });
  await sweepStale(cacheDir);
  const tools = await detectTools(jobs, options.env ?? process.env);
  const run: Run = {
    courseDir,
    cacheDir,
    options,
    emit,
    tools,
    local: localExecutor(cacheDir, tools, options.signal),
    queued: options.queue ? await openQueue(options.queue, cacheDir, options, emit) : undefined,
    diagnostics: [],
    index: new Map(),
    stored: new Map(),
    inFlight: new Map(),
    made: 0,
    cached: 0,
  };
  try {
    await forEachLimited(jobs, parallelism(jobs, settings, options), (job) => runOne(run, job));
  } finally {
    await run.queued?.close?.();
  }
  run.diagnostics.push(...captionsBeyondVideo(jobs, run.index, run.stored));
  return { index: inPlanOrder(jobs, run.index), diagnostics: run.diagnostics, made: run.made, cached: run.cached };
}

/** The tools the planned jobs need, found once per run. */
interface Tools {
  readonly ffmpeg?: Toolchain;
  readonly gs?: Ghostscript;
  readonly images?: ImageTool;
  /** Why sharp did not load, when image jobs needed it. */
  readonly imagesError?: string;
}

/** What one run shares between its jobs, and what they add up to. */
interface Run {
  readonly courseDir: string;
  readonly cacheDir: string;
  readonly options: RunMediaOptions;
  readonly emit: (event: MediaEvent) => void;
  readonly tools: Tools;
  readonly local: JobExecutor;
  /** The queue's workers, with --queue: they make video and audio entries. */
  readonly queued: JobExecutor | undefined;
  readonly diagnostics: Diagnostic[];
  readonly index: Map<string, MediaEntry>;
  readonly stored: Map<string, StoredEntry>;
  /** Two paths with the same bytes share a key: make it once. */
  readonly inFlight: Map<string, Promise<Obtained>>;
  made: number;
  cached: number;
}

type Obtained = JobOutcome & { readonly cached: boolean };

/**
 * ffmpeg only when something needs it; a missing or old ffmpeg stops the command (AjarError). Ghostscript
 * and sharp are optional: without them slides and images are shipped as authored, with a warning.
 */
async function detectTools(jobs: readonly Job[], env: Readonly<Record<string, string | undefined>>): Promise<Tools> {
  const needs = (...kinds: Job['kind'][]) => jobs.some((j) => kinds.includes(j.kind));
  const ffmpeg = needs('video', 'audio') ? await detectToolchain(env) : undefined;
  const gs = needs('slides') ? await detectGhostscript(env) : undefined;
  const images = needs('image') ? await loadImageTool() : undefined;
  return {
    ...(ffmpeg ? { ffmpeg } : {}),
    ...(gs ? { gs } : {}),
    ...(images && 'sharp' in images ? { images } : {}),
    ...(images && 'error' in images ? { imagesError: images.error } : {}),
  };
}

/** The tool version that goes into a job's cache key; undefined when its optional tool is missing. */
function toolVersion(job: Job, tools: Tools): string | undefined {
  if (job.kind === 'captions') return 'none';
  if (job.kind === 'slides') return tools.gs && `gs ${tools.gs.version}`;
  if (job.kind === 'image') return tools.images?.version;
  return tools.ffmpeg!.version;
}

function localExecutor(cacheDir: string, tools: Tools, signal: AbortSignal | undefined): JobExecutor {
  const { ffmpeg, gs, images } = tools;
  return {
    execute: (job, sourcePath, key, onProgress) =>
      executeJob(job, sourcePath, cacheDir, key, { ...(ffmpeg ? { tool: ffmpeg } : {}), ...(gs ? { gs } : {}), ...(images ? { images } : {}), onProgress, ...(signal ? { signal } : {}) }),
  };
}

async function openQueue(queue: QueueOptions, cacheDir: string, options: RunMediaOptions, emit: (event: MediaEvent) => void): Promise<JobExecutor> {
  const { queueExecutor } = await import('./queue.js');
  const { url, store, toleranceSeconds } = queue;
  return queueExecutor({
    url,
    cacheDir,
    ...(store ? { store } : {}),
    ...(toleranceSeconds ? { toleranceSeconds } : {}),
    env: options.env ?? process.env,
    ...(options.signal ? { signal: options.signal } : {}),
    onLink: emit,
  });
}

/**
 * Jobs side by side. With a queue every job is submitted at once: the workers bound the work, so a fifth
 * worker on another machine has something to do instead of waiting for this machine's core count.
 */
export function parallelism(jobs: readonly Job[], settings: MediaSettings, options: Pick<RunMediaOptions, 'queue' | 'concurrency'>): number {
  if (options.queue && options.concurrency === undefined) return Math.max(1, jobs.length);
  return resolveConcurrency(options.concurrency ?? settings.concurrency);
}

async function runOne(run: Run, job: Job): Promise<void> {
  // Stopped (Ctrl-C): jobs not started yet do not start.
  if (run.options.signal?.aborted) throw Object.assign(new Error('stopped'), { name: 'AbortError' });
  const sourcePath = await locate(run.courseDir, job.source);
  const version = toolVersion(job, run.tools);
  const skipped = !sourcePath ? rules['media-unreadable']({ file: job.source, data: { problem: 'not-in-course' } }) : version === undefined ? missingTool(job, run) : undefined;
  if (skipped) {
    run.diagnostics.push(skipped);
    run.emit({ type: 'failed', source: job.source, rules: [skipped.ruleId] });
    return;
  }
  const key = cacheKey(await hashSource(sourcePath!, run.cacheDir), job.settingsDigest, version!);
  let pending = run.inFlight.get(key);
  if (!pending) run.inFlight.set(key, (pending = obtain(run, job, sourcePath!, key)));
  const started = Date.now();
  record(run, job, key, await pending, (Date.now() - started) / 1000);
}

/** No Ghostscript / no sharp: the file is shipped as authored (the render stage copies the source). */
function missingTool(job: Job, run: Run): Diagnostic {
  if (job.kind === 'slides') return rules['slides-gs-missing']({ file: job.source, data: { command: (run.options.env ?? process.env).GS_PATH || 'gs' } });
  return rules['image-not-optimised']({ file: job.source, data: run.tools.imagesError !== undefined ? { detail: run.tools.imagesError } : { problem: 'sharp-missing' } });
}

/** The entry for a key: from the cache, else made here or on the queue's workers. */
async function obtain(run: Run, job: Job, sourcePath: string, key: string): Promise<Obtained> {
  // With a queue the cache folder is shared by other machines: check content, not only sizes.
  const shared = { verifyContent: Boolean(run.options.queue) };
  const hit = await readEntry(run.cacheDir, key, shared);
  if (hit) return { entry: hit, diagnostics: hit.notes, cached: true };
  run.emit({ type: 'start', source: job.source, kind: job.kind, key });
  // Captions, slides and images are quick and need no ffmpeg: always made here, never queued.
  const runner = job.kind === 'video' || job.kind === 'audio' ? (run.queued ?? run.local) : run.local;
  const outcome = await runner.execute(job, sourcePath, key, (p) => run.emit({ type: 'progress', source: job.source, ...p }));
  // A worker elsewhere wrote the folder: read it back as this machine sees it.
  const entry = outcome.entry ? await readEntry(run.cacheDir, key, shared) : undefined;
  if (outcome.entry && !entry) {
    return { diagnostics: [...outcome.diagnostics, rules['media-transcode-failed']({ file: job.source, data: { problem: 'not-in-shared-folder', dir: run.cacheDir } })], cached: false };
  }
  return { ...(entry ? { entry } : {}), diagnostics: outcome.diagnostics, cached: false };
}

/** Adds one job's outcome to the run: its diagnostics (under this source's path), its index entry, the counts and the event. */
function record(run: Run, job: Job, key: string, outcome: Obtained, seconds: number): void {
  run.diagnostics.push(...outcome.diagnostics.map((d) => ({ ...d, file: job.source })));
  if (!outcome.entry) {
    run.emit({ type: 'failed', source: job.source, rules: [...new Set(outcome.diagnostics.map((d) => d.ruleId))] });
    return;
  }
  const entry = outcome.entry;
  run.stored.set(job.source, entry);
  run.index.set(job.source, {
    source: job.source,
    key,
    dir: entryDir(run.cacheDir, key),
    ...(entry.durationSeconds !== undefined ? { durationSeconds: entry.durationSeconds } : {}),
    renditions: entry.renditions,
    ...(entry.optimised ? { optimised: entry.optimised } : {}),
  });
  if (outcome.cached) {
    run.cached++;
    run.emit({ type: 'cached', source: job.source, key });
  } else {
    run.made++;
    run.emit({ type: 'done', source: job.source, key, seconds, bytes: entry.optimised?.bytes ?? entry.renditions.reduce((s, r) => s + r.bytes, 0) });
  }
}

/** Captions that run past the end of their video were probably paired with the wrong one. */
function captionsBeyondVideo(jobs: readonly Job[], index: ReadonlyMap<string, MediaEntry>, stored: ReadonlyMap<string, StoredEntry>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const job of jobs) {
    if (job.kind !== 'captions' || !job.video) continue;
    const video = index.get(job.video);
    const end = stored.get(job.source)?.lastCueEnd;
    if (video?.durationSeconds !== undefined && end !== undefined && end > video.durationSeconds + 1) {
      out.push(rules['caption-beyond-video']({ file: job.source, data: { end: formatTimestamp(end), video: job.video, duration: formatTimestamp(video.durationSeconds) } }));
    }
  }
  return out;
}

/** The index in plan order, so every consumer sees the same order. */
function inPlanOrder(jobs: readonly Job[], index: ReadonlyMap<string, MediaEntry>): Map<string, MediaEntry> {
  const ordered = new Map<string, MediaEntry>();
  for (const job of jobs) {
    const e = index.get(job.source);
    if (e) ordered.set(job.source, e);
  }
  return ordered;
}

/** The absolute path of a course-relative source, or undefined if it is missing or escapes the course (symlinks included). */
async function locate(courseDir: string, relative: string): Promise<string | undefined> {
  if (!staysInside(relative)) return undefined;
  try {
    const real = await realpath(path.join(courseDir, ...relative.split('/')));
    const root = await realpath(courseDir);
    return real.startsWith(root + path.sep) ? real : undefined;
  } catch {
    return undefined;
  }
}
