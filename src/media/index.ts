// The media stage's public face: what the CLI, the build pipeline and the render/package stages use.

export { runMedia, runMediaSources, defaultCacheDir, resolveConcurrency } from './run.js';
export type { MediaEvent, QueueOptions, RunMediaOptions, RunMediaResult } from './run.js';
export { planTranscodes, mediaSourcesOf } from './plan.js';
export type { Job, MediaSource } from './plan.js';
export { mediaConfigSchema, mediaDefaults, mediaSettingsFrom } from './config-schema.js';
export type { MediaSettings, Rung } from './config-schema.js';
export { parseCaptions, toWebVtt } from './captions.js';
export { detectToolchain } from './ffmpeg.js';
export { rules as mediaRules } from './rules.js';
export { createProgressReporter, queueLine, type ProgressMode, type ProgressReporter } from './progress.js';
export type { WorkerEvent, WorkerOptions, RunningWorker, WorkerEnd } from './queue.js';
export { toleranceFrom } from './tolerance.js';

/** `ajar worker`: BullMQ, ioredis and the S3 client load when a worker starts, not with this face (every build reads it). */
export async function startWorker(options: import('./queue.js').WorkerOptions): Promise<import('./queue.js').RunningWorker> {
  return (await import('./queue.js')).startWorker(options);
}
export { detectGhostscript, ghostscriptArgs, type Ghostscript } from './slides.js';
