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
import { detectGhostscript } from './slides.js';
import { loadImageTool } from './images.js';
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

  // ffmpeg only when something needs it; a missing or old ffmpeg stops the command (AjarError).
  let tool: Toolchain | undefined;
  if (jobs.some((j) => j.kind === 'video' || j.kind === 'audio')) tool = await detectToolchain(options.env ?? process.env);
  // Ghostscript and sharp are optional: without them slides and images are shipped as authored, with a warning.
  const gs = jobs.some((j) => j.kind === 'slides') ? await detectGhostscript(options.env ?? process.env) : undefined;
  const loadedImages = jobs.some((j) => j.kind === 'image') ? await loadImageTool() : undefined;
  const images = loadedImages && 'sharp' in loadedImages ? loadedImages : undefined;
  const toolVersion = (job: Job): string | undefined =>
    job.kind === 'captions' ? 'none' : job.kind === 'slides' ? gs && `gs ${gs.version}` : job.kind === 'image' ? images?.version : tool!.version;

  let executor: JobExecutor | undefined;
  const local: JobExecutor = {
    execute: (job, sourcePath, key, onProgress) =>
      executeJob(job, sourcePath, cacheDir, key, { ...(tool ? { tool } : {}), ...(gs ? { gs } : {}), ...(images ? { images } : {}), onProgress, ...(options.signal ? { signal: options.signal } : {}) }),
  };
  if (options.queue) {
    const { queueExecutor } = await import('./queue.js');
    const { url, store, toleranceSeconds } = options.queue;
    executor = await queueExecutor({
      url,
      cacheDir,
      ...(store ? { store } : {}),
      ...(toleranceSeconds ? { toleranceSeconds } : {}),
      env: options.env ?? process.env,
      ...(options.signal ? { signal: options.signal } : {}),
      onLink: emit,
    });
  }

  const diagnostics: Diagnostic[] = [];
  const index = new Map<string, MediaEntry>();
  const stored = new Map<string, StoredEntry>();
  // Two paths with the same bytes share a key: make it once.
  const inFlight = new Map<string, Promise<JobOutcome & { cached: boolean }>>();
  let made = 0;
  let cached = 0;

  const runOne = async (job: Job): Promise<void> => {
    // Stopped (Ctrl-C): jobs not started yet do not start.
    if (options.signal?.aborted) throw Object.assign(new Error('stopped'), { name: 'AbortError' });
    const sourcePath = await locate(courseDir, job.source);
    if (!sourcePath) {
      diagnostics.push(rules['media-unreadable']({ file: job.source, data: { problem: 'not-in-course' } }));
      emit({ type: 'failed', source: job.source, rules: ['media-unreadable'] });
      return;
    }
    const version = toolVersion(job);
    if (version === undefined) {
      // No Ghostscript / no sharp: the file is shipped as authored (the render stage copies the source).
      const d =
        job.kind === 'slides'
          ? rules['slides-gs-missing']({ file: job.source, data: { command: (options.env ?? process.env).GS_PATH || 'gs' } })
          : rules['image-not-optimised']({ file: job.source, data: loadedImages && 'error' in loadedImages ? { detail: loadedImages.error } : { problem: 'sharp-missing' } });
      diagnostics.push(d);
      emit({ type: 'failed', source: job.source, rules: [d.ruleId] });
      return;
    }
    const key = cacheKey(await hashSource(sourcePath, cacheDir), job.settingsDigest, version);
    let pending = inFlight.get(key);
    if (!pending) {
      pending = (async () => {
        // With a queue the cache folder is shared by other machines: check content, not only sizes.
        const shared = { verifyContent: Boolean(options.queue) };
        const hit = await readEntry(cacheDir, key, shared);
        if (hit) return { entry: hit, diagnostics: hit.notes, cached: true };
        emit({ type: 'start', source: job.source, kind: job.kind, key });
        // Captions, slides and images are quick and need no ffmpeg: always made here, never queued.
        const runner = job.kind === 'video' || job.kind === 'audio' ? (executor ?? local) : local;
        const outcome = await runner.execute(job, sourcePath, key, (p) => emit({ type: 'progress', source: job.source, ...p }));
        // A worker elsewhere wrote the folder: read it back as this machine sees it.
        const entry = outcome.entry ? await readEntry(cacheDir, key, shared) : undefined;
        if (outcome.entry && !entry) {
          return { diagnostics: [...outcome.diagnostics, rules['media-transcode-failed']({ file: job.source, data: { problem: 'not-in-shared-folder', dir: cacheDir } })], cached: false };
        }
        return { ...(entry ? { entry } : {}), diagnostics: outcome.diagnostics, cached: false };
      })();
      inFlight.set(key, pending);
    }
    const started = Date.now();
    const outcome = await pending;
    // Notes are about the file: report them under this source's path.
    diagnostics.push(...outcome.diagnostics.map((d) => ({ ...d, file: job.source })));
    if (!outcome.entry) {
      emit({ type: 'failed', source: job.source, rules: [...new Set(outcome.diagnostics.map((d) => d.ruleId))] });
      return;
    }
    stored.set(job.source, outcome.entry);
    index.set(job.source, {
      source: job.source,
      key,
      dir: entryDir(cacheDir, key),
      ...(outcome.entry.durationSeconds !== undefined ? { durationSeconds: outcome.entry.durationSeconds } : {}),
      renditions: outcome.entry.renditions,
      ...(outcome.entry.optimised ? { optimised: outcome.entry.optimised } : {}),
    });
    if (outcome.cached) {
      cached++;
      emit({ type: 'cached', source: job.source, key });
    } else {
      made++;
      emit({ type: 'done', source: job.source, key, seconds: (Date.now() - started) / 1000, bytes: outcome.entry.optimised?.bytes ?? outcome.entry.renditions.reduce((s, r) => s + r.bytes, 0) });
    }
  };

  try {
    // With a queue every job is submitted at once: the workers bound the work, so a fifth worker on another
    // machine has something to do instead of waiting for this machine's core count.
    await forEachLimited(jobs, options.queue && options.concurrency === undefined ? Math.max(1, jobs.length) : resolveConcurrency(options.concurrency ?? settings.concurrency), runOne);
  } finally {
    await executor?.close?.();
  }

  // Captions that run past the end of their video were probably paired with the wrong one.
  for (const job of jobs) {
    if (job.kind !== 'captions' || !job.video) continue;
    const video = index.get(job.video);
    const end = stored.get(job.source)?.lastCueEnd;
    if (video?.durationSeconds !== undefined && end !== undefined && end > video.durationSeconds + 1) {
      diagnostics.push(
        rules['caption-beyond-video']({ file: job.source, data: { end: formatTimestamp(end), video: job.video, duration: formatTimestamp(video.durationSeconds) } }),
      );
    }
  }
  // Index in plan order, so every consumer sees the same order.
  const ordered = new Map<string, MediaEntry>();
  for (const job of jobs) {
    const e = index.get(job.source);
    if (e) ordered.set(job.source, e);
  }
  return { index: ordered, diagnostics, made, cached };
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
