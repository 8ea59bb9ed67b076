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
export { startWorker, type WorkerEvent, type WorkerOptions, type RunningWorker, type WorkerEnd, toleranceFrom } from './queue.js';
export { detectGhostscript, ghostscriptArgs, type Ghostscript } from './slides.js';
