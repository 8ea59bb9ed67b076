// Applies one planned job: probe, measure loudness, encode, and land the result in the cache atomically.
// Used by the local runner and by queue workers alike, so both make identical entries under identical keys.

import { readFile, readdir, rm, stat, statfs, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { writeDirAtomic } from '../fs/atomic.js';
import type { Optimised, Rendition } from '../core/model/media.js';
import { fillSlides, type Ghostscript } from './slides.js';
import { fillImage, type ImageTool } from './images.js';
import { ENTRY_FILE, entryDir, type StoredEntry } from './cache.js';
import { sha256File } from '../fs/hash.js';
import { parseCaptions, toWebVtt } from './captions.js';
import type { FfmpegResult, Toolchain } from './ffmpeg.js';
import { parseFfmpegVersion, runFfmpeg } from './ffmpeg.js';
import type { LoudnessMeasurement, PlannedRung, SourceFit, VideoPlan } from './ladder.js';
import { isMeasurable, rungsFor, loudnessMeasureArgs, NO_FIT, parseLoudnorm, planAudio, planVideo, reviseFit, segmentDurations, withCopiedCodecs } from './ladder.js';
import type { Job } from './plan.js';
import { inspectSource, probe, type ProbeInfo } from './probe.js';
import { rules } from './rules.js';

export type Step = 'probe' | 'loudness' | 'encode' | 'remux' | 'poster' | 'captions';

export interface StepProgress {
  readonly step: Step;
  /** 0–100 for the whole job. */
  readonly percent: number;
  readonly speed?: number;
  readonly etaSeconds?: number;
}

/** Something that makes a cache entry for a job whose entry is missing: this process, or a queue of workers. */
export interface JobExecutor {
  execute(job: Job, sourcePath: string, key: string, onProgress: (p: { step: Step; percent: number; speed?: number; etaSeconds?: number }) => void): Promise<JobOutcome>;
  close?(): Promise<void>;
}

export interface ExecuteOptions {
  readonly tool?: Toolchain;
  /** Slides jobs: Ghostscript; image jobs: sharp. */
  readonly gs?: Ghostscript;
  readonly images?: ImageTool;
  readonly onProgress?: (p: StepProgress) => void;
  readonly signal?: AbortSignal;
}

export interface JobOutcome {
  readonly entry?: StoredEntry;
  readonly diagnostics: readonly Diagnostic[];
}

/** Thrown inside writeDirAtomic's fill to discard the temporary folder. */
class Refused extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super('refused');
  }
}

/**
 * Makes the cache entry `<cacheDir>/<key>/` for a job. `sourcePath` is absolute; `job.source` is the
 * course-relative name diagnostics use. Problems with the file come back as diagnostics, never thrown.
 */
export async function executeJob(job: Job, sourcePath: string, cacheDir: string, key: string, options: ExecuteOptions = {}): Promise<JobOutcome> {
  let made: StoredEntry | undefined;
  const notes: Diagnostic[] = [];
  try {
    await writeDirAtomic(entryDir(cacheDir, key), async (tmp) => {
      const result = await fill(job, sourcePath, tmp, options);
      notes.push(...result.diagnostics);
      if (!result.renditions) throw new Refused(result.diagnostics);
      const entry: StoredEntry = {
        key,
        madeFrom: job.source,
        ...(result.durationSeconds !== undefined ? { durationSeconds: result.durationSeconds } : {}),
        renditions: await withHashes(tmp, result.renditions),
        notes: result.diagnostics,
        ...(result.lastCueEnd !== undefined ? { lastCueEnd: result.lastCueEnd } : {}),
        ...(result.optimised ? { optimised: result.optimised } : {}),
      };
      // Written last: its presence is what makes the folder trusted.
      await writeFile(path.join(tmp, ENTRY_FILE), JSON.stringify(entry, null, 2) + '\n');
      made = entry;
    });
  } catch (error) {
    if (error instanceof Refused) return { diagnostics: error.diagnostics };
    if (options.signal?.aborted) throw error;
    if ((error as { code?: string }).code === 'ENOSPC') return { diagnostics: [...notes, diskFull(job, path.join(cacheDir, key))] };
    return { diagnostics: [...notes, rules['media-transcode-failed']({ file: job.source, data: { detail: (error as Error).message } })] };
  }
  return { ...(made ? { entry: made } : {}), diagnostics: notes };
}

interface Filled {
  renditions?: Rendition[];
  durationSeconds?: number;
  lastCueEnd?: number;
  optimised?: Optimised;
  diagnostics: Diagnostic[];
}

async function fill(job: Job, sourcePath: string, tmp: string, options: ExecuteOptions): Promise<Filled> {
  if (job.kind === 'captions') return fillCaptions(job, sourcePath, tmp);
  if (job.kind === 'slides') return fillSlides(job.source, sourcePath, tmp, job.settings, need(options.gs, 'Ghostscript'), options.signal);
  if (job.kind === 'image') return fillImage(job.source, sourcePath, tmp, job.settings, need(options.images, 'sharp'));
  return fillMedia(job, sourcePath, tmp, options);
}

type MediaJob = Extract<Job, { kind: 'video' | 'audio' }>;

/** One video or audio job under way: what it was asked, what the probe found, and where it reports. */
interface MediaWork<J extends MediaJob = MediaJob> {
  readonly job: J;
  readonly sourcePath: string;
  readonly tmp: string;
  readonly tool: Toolchain;
  readonly options: ExecuteOptions;
  readonly info: ProbeInfo;
  readonly duration: number;
  /** Warnings so far (kept with the entry). */
  readonly diagnostics: Diagnostic[];
  readonly report: (step: Step, percent: number, speed?: number, etaSeconds?: number) => void;
}

/** Probe, refuse odd sources, measure loudness, then encode: the renditions, or why there are none. */
async function fillMedia(job: MediaJob, sourcePath: string, tmp: string, options: ExecuteOptions): Promise<Filled> {
  const tool = need(options.tool, 'ffmpeg toolchain');
  const report = (step: Step, percent: number, speed?: number, etaSeconds?: number) =>
    options.onProgress?.({ step, percent: Math.min(100, Math.max(0, Math.round(percent * 10) / 10)), ...(speed ? { speed } : {}), ...(etaSeconds !== undefined ? { etaSeconds } : {}) });
  report('probe', 0);
  const inspected = await inspect(job, tool, sourcePath);
  if (!('info' in inspected)) return inspected;
  const work: MediaWork = { job, sourcePath, tmp, tool, options, report, ...inspected };
  const loudness = await measureLoudness(work);
  if (loudness.failed) return loudness.failed;
  return job.kind === 'audio' ? fillAudio(work as MediaWork<Extract<MediaJob, { kind: 'audio' }>>, loudness.measured) : fillVideo(work as MediaWork<Extract<MediaJob, { kind: 'video' }>>, loudness.measured);
}

/** The probe and the checks a source must pass before it is worth encoding. */
async function inspect(job: MediaJob, tool: Toolchain, sourcePath: string): Promise<Pick<MediaWork, 'info' | 'duration' | 'diagnostics'> | Filled> {
  const probed = await probe(tool, sourcePath);
  if (!probed.ok) return { diagnostics: [rules['media-unreadable']({ file: job.source, data: { problem: probed.problem, ...(probed.detail ? { detail: probed.detail } : {}) } })] };
  const info = probed.info;
  const diagnostics = inspectSource(info, job.kind, job.source);
  if (hasErrors(diagnostics)) return { diagnostics };
  if (!(info.durationSeconds > 0)) return { diagnostics: [rules['media-unreadable']({ file: job.source, data: { problem: 'no-duration' } })] };
  return { info, duration: info.durationSeconds, diagnostics };
}

/** Loudness pass 1 (~10 % of the work: audio decode only); a source too quiet to measure is warned about, not normalised. */
async function measureLoudness(w: MediaWork): Promise<{ measured?: LoudnessMeasurement; failed?: Filled }> {
  const target = w.job.settings.loudness;
  if (!target) return {};
  w.report('loudness', 1);
  const pass1 = await runFfmpeg(w.tool, ['-v', 'info', ...loudnessMeasureArgs(w.sourcePath, target)], {
    ...signalOf(w),
    onProgress: (p) => w.report('loudness', 1 + (9 * p.outSeconds) / w.duration),
  });
  if (!pass1.ok) return { failed: failed(w.job, pass1, w.options, w.tmp) };
  const m = parseLoudnorm(pass1.stderr);
  if (m && isMeasurable(m)) return { measured: m };
  w.diagnostics.push(rules['media-silent']({ file: w.job.source }));
  return {};
}

const signalOf = (w: MediaWork) => (w.options.signal ? { signal: w.options.signal } : {});

/** Encode progress mapped onto `from`…`from + span` percent of the job, with speed and time left. */
function encodeProgress(w: MediaWork, from: number, span: number) {
  return (p: { outSeconds: number; speed?: number }) => {
    const done = Math.min(1, p.outSeconds / w.duration);
    const eta = p.speed ? Math.max(0, (w.duration - p.outSeconds) / p.speed) : undefined;
    w.report('encode', from + span * done, p.speed, eta);
  };
}

async function fillAudio(w: MediaWork<Extract<MediaJob, { kind: 'audio' }>>, measured: LoudnessMeasurement | undefined): Promise<Filled> {
  // Its size is predictable too: a full disk is named before the encode.
  const full = await lacksSpace(w, estimateAudioBytes(w.duration, w.job.settings.audioOnlyBitrate));
  if (full) return full;
  const plan = planAudio(w.sourcePath, w.tmp, w.job.settings, measured, w.info.audio?.bitRate);
  const result = await runFfmpeg(w.tool, ['-v', 'error', ...plan.args], { ...signalOf(w), onProgress: encodeProgress(w, 10, 90) });
  if (!result.ok) return failed(w.job, result, w.options, w.tmp);
  const cut = truncated(w.job, w.duration, result.outSeconds, result.stderr);
  if (cut) return { diagnostics: [...w.diagnostics, cut] };
  w.report('encode', 100);
  return { renditions: await collect(w.tmp, w.duration, []), durationSeconds: w.duration, diagnostics: w.diagnostics };
}

async function fillVideo(w: MediaWork<Extract<MediaJob, { kind: 'video' }>>, measured: LoudnessMeasurement | undefined): Promise<Filled> {
  const { job, info } = w;
  const { belowLadder, rungs: allRungs } = rungsFor(info.video!, job.settings.ladder, job.settings.audioBitrate);
  if (belowLadder) w.diagnostics.push(rules['media-small-source']({ file: job.source, data: { height: info.video!.height, smallest: Math.min(...job.settings.ladder.map((r) => r.height)) } }));
  // Sizes are predictable from the ladder's caps: a full disk is named before minutes of encoding, not after.
  const full = await lacksSpace(w, estimateVideoBytes(w.duration, allRungs, job.settings));
  if (full) return full;
  const encoded = await encodeLadder(w, measured);
  if (!('plan' in encoded)) return encoded;
  const finished = await finishVideo(w, encoded.plan);
  if (finished) return finished;
  w.report('encode', 100);
  return { renditions: await collect(w.tmp, w.duration, encoded.plan.ladder), durationSeconds: w.duration, diagnostics: w.diagnostics };
}

/**
 * At most three passes: another only when one made a rendition larger than the source (its own stream
 * is then copied instead), a rung as large as the better one above it (then left out), or a copied rung
 * cut into other HLS segments than the encoded ones (they then follow the source's keyframes, or the
 * rung is encoded). Only small sources can do any of these, so the extra passes are short.
 */
async function encodeLadder(w: MediaWork<Extract<MediaJob, { kind: 'video' }>>, measured: LoudnessMeasurement | undefined): Promise<{ plan: VideoPlan } | Filled> {
  const { job, info, tmp } = w;
  const version = parseFfmpegVersion(`ffmpeg version ${w.tool.version}`);
  const canAlign = !!version && (version.major > 5 || (version.major === 5 && version.minor >= 1));
  let fit: SourceFit = NO_FIT;
  for (let pass = 0; ; pass++) {
    const plan = planVideo(w.sourcePath, tmp, info, job.settings, measured, fit);
    const encoded = await runFfmpeg(w.tool, ['-v', 'error', ...plan.encodeArgs], { ...signalOf(w), onProgress: pass === 0 ? encodeProgress(w, 10, 85) : encodeProgress(w, 95, 0) });
    if (!encoded.ok) return failed(job, encoded, w.options, tmp);
    const cut = truncated(job, w.duration, encoded.outSeconds, encoded.stderr);
    if (cut) return { diagnostics: [...w.diagnostics, cut] };
    const segments = plan.outputs.master ? { durations: await rungSegments(tmp, plan), segmentSeconds: job.settings.segmentSeconds, canAlign } : undefined;
    const next = pass < 2 ? reviseFit(plan.rungs, await rungBytes(tmp, plan), info, fit, job.settings.rateControl, segments) : undefined;
    if (!next) return { plan };
    fit = next;
    for (const name of await readdir(tmp)) await rm(path.join(tmp, name), { recursive: true, force: true });
  }
}

/** After the encode: CODECS for copied rungs in the master playlist, the MP4 remuxes, the poster. A failure, or undefined. */
async function finishVideo(w: MediaWork, plan: VideoPlan): Promise<Filled | undefined> {
  if (plan.outputs.master && plan.rungs.some((r) => r.copy)) {
    const file = path.join(w.tmp, plan.outputs.master);
    await writeFile(file, withCopiedCodecs(await readFile(file, 'utf8'), plan.rungs, w.info));
  }
  for (const remux of plan.remuxArgs) {
    w.report('remux', 95);
    const remuxed = await runFfmpeg(w.tool, ['-v', 'error', ...remux], signalOf(w));
    if (!remuxed.ok) return failed(w.job, remuxed, w.options, w.tmp);
  }
  if (plan.posterArgs) {
    w.report('poster', 98);
    const poster = await runFfmpeg(w.tool, ['-v', 'error', ...plan.posterArgs], signalOf(w));
    if (!poster.ok) return failed(w.job, poster, w.options, w.tmp);
  }
  return undefined;
}

/** Segment durations of each written HLS rung, from its playlist. */
async function rungSegments(dir: string, plan: VideoPlan): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  for (const v of plan.outputs.variants) {
    const text = await readFile(path.join(dir, ...v.playlist.split('/')), 'utf8').catch(() => '');
    out.set(v.rung.name, segmentDurations(text));
  }
  return out;
}

/** Bytes of each written rung: its HLS folder (init and segments), or its MP4 without HLS. */
async function rungBytes(dir: string, plan: VideoPlan): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for (const r of plan.rungs) {
    if (plan.outputs.master) {
      const names = await readdir(path.join(dir, r.name)).catch(() => [] as string[]);
      let sum = 0;
      for (const n of names) if (!n.endsWith('.m3u8')) sum += (await stat(path.join(dir, r.name, n))).size;
      sizes.set(r.name, sum);
    } else {
      sizes.set(r.name, (await stat(path.join(dir, `${r.name}.mp4`)).catch(() => ({ size: 0 }))).size);
    }
  }
  return sizes;
}

function need<T>(tool: T | undefined, name: string): T {
  if (!tool) throw new Error(`${name} not detected`);
  return tool;
}

/**
 * A source cut short (an interrupted copy, a half-uploaded file) makes ffmpeg print "partial file" and
 * exit 0 with a shorter output. The output must cover the probed duration (within half a second or 2 %).
 */
function truncated(job: Job, duration: number, outSeconds: number, stderr: string): Diagnostic | undefined {
  const short = outSeconds > 0 && outSeconds < duration - Math.max(0.5, duration * 0.02);
  if (!short && !/partial file/i.test(stderr)) return undefined;
  return rules['media-source-truncated']({
    file: job.source,
    data: { seconds: Math.round(outSeconds * 10) / 10, duration: Math.round(duration * 10) / 10 },
  });
}

/** Each rendition with the sha256 of its bytes, so a copy from a shared store can be checked, not only sized. */
async function withHashes(dir: string, renditions: readonly Rendition[]): Promise<Rendition[]> {
  return Promise.all(renditions.map(async (r) => ({ ...r, sha256: await sha256File(path.join(dir, ...r.path.split('/'))) })));
}

/** Bytes an encode writes at most: every rung as HLS and as an MP4 fallback at its cap, plus the audio-only file. */
export function estimateVideoBytes(seconds: number, rungs: readonly { videoBitrate: number; audioBitrate?: number }[], settings: { audioBitrate: number; audioOnlyBitrate: number }): number {
  const perSecond = rungs.reduce((sum, r) => sum + 2 * (r.videoBitrate * 1.1 + (r.audioBitrate ?? settings.audioBitrate)), 0) + settings.audioOnlyBitrate;
  return Math.ceil((perSecond * seconds) / 8) + 1024 * 1024;
}

/** Bytes an audio-only encode writes at most: its bitrate with a margin, plus the container. */
export function estimateAudioBytes(seconds: number, bitrate: number): number {
  return Math.ceil((bitrate * 1.1 * seconds) / 8) + 1024 * 1024;
}

/** media-disk-full (with the sizes) when the cache's disk has less free space than `needed`; undefined when it fits or cannot be told. */
async function lacksSpace(w: MediaWork, needed: number): Promise<Filled | undefined> {
  const free = await freeBytes(w.tmp);
  return free !== undefined && free < needed ? { diagnostics: [...w.diagnostics, diskFull(w.job, w.tmp, { needed, free })] } : undefined;
}

async function freeBytes(dir: string): Promise<number | undefined> {
  try {
    const fs = await statfs(dir);
    return Number(fs.bavail) * Number(fs.bsize);
  } catch {
    return undefined;
  }
}

/** `sizes` in bytes, when the shortfall was found before encoding; without them the disk filled up while writing. */
function diskFull(job: Job, dir: string, sizes?: { needed: number; free: number }): Diagnostic {
  return rules['media-disk-full']({ file: job.source, data: { dir: path.dirname(dir), ...sizes } });
}

/** ffmpeg's own words for a full disk, wherever it hit it ("… No space left on device"). */
export function isDiskFull(text: string): boolean {
  return /No space left on device|ENOSPC/i.test(text);
}

/** An ffmpeg run that failed: a full disk is named as such; otherwise ffmpeg's own line, or its exit code. */
function failed(job: Job, result: Extract<FfmpegResult, { ok: false }>, options: ExecuteOptions, tmp: string): Filled {
  if (options.signal?.aborted) throw new Error('aborted');
  if (isDiskFull(result.detail ?? '') || isDiskFull(result.stderr)) return { diagnostics: [diskFull(job, tmp)] };
  const data: Record<string, string | number> = result.detail ? { detail: result.detail } : { problem: 'tool-exit', tool: 'ffmpeg', exit: result.exit };
  return { diagnostics: [rules['media-transcode-failed']({ file: job.source, data })] };
}

async function fillCaptions(job: Extract<Job, { kind: 'captions' }>, sourcePath: string, tmp: string): Promise<Filled> {
  const bytes = await readFile(sourcePath);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { diagnostics: [rules['caption-not-utf8']({ file: job.source })] };
  }
  const parsed = parseCaptions(text, job.source);
  const diagnostics = [...parsed.diagnostics];
  if (hasErrors(diagnostics)) return { diagnostics };
  const vtt = toWebVtt(parsed);
  await writeFile(path.join(tmp, 'captions.vtt'), vtt);
  return {
    renditions: [
      { kind: 'captions', path: 'captions.vtt', bytes: Buffer.byteLength(vtt), lang: job.lang, ...(job.label ? { label: job.label } : {}), contentType: 'text/vtt' },
    ],
    lastCueEnd: parsed.cues.at(-1)?.end ?? 0,
    diagnostics,
  };
}

const CONTENT_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.jpg': 'image/jpeg',
  '.vtt': 'text/vtt',
};

/** Lists what ffmpeg wrote, with kinds, sizes, dimensions and measured bitrates; sorted by path for stable output. */
async function collect(dir: string, duration: number, rungs: readonly PlannedRung[]): Promise<Rendition[]> {
  const files: { rel: string; bytes: number }[] = [];
  const walk = async (rel: string) => {
    for (const e of await readdir(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(r);
      else files.push({ rel: r, bytes: (await stat(path.join(dir, r))).size });
    }
  };
  await walk('');
  const byName = new Map(rungs.map((r) => [r.name, r]));
  const bitsPerSecond = (bytes: number) => Math.round((bytes * 8) / duration);
  const renditions: Rendition[] = [];
  for (const f of files) {
    const ext = path.posix.extname(f.rel);
    const contentType = CONTENT_TYPES[ext] ?? 'application/octet-stream';
    const [first, second] = f.rel.split('/');
    const rung = second ? byName.get(first!) : undefined;
    if (f.rel === 'master.m3u8') renditions.push({ kind: 'hls-master', path: f.rel, bytes: f.bytes, contentType });
    else if (rung && second === 'index.m3u8') {
      const streamBytes = files.filter((x) => x.rel.startsWith(`${rung.name}/`) && !x.rel.endsWith('.m3u8')).reduce((s, x) => s + x.bytes, 0);
      renditions.push({ kind: 'hls-variant', path: f.rel, bytes: f.bytes, width: rung.width, height: rung.height, bitrate: bitsPerSecond(streamBytes), contentType });
    } else if (rung) renditions.push({ kind: 'segment', path: f.rel, bytes: f.bytes, contentType: ext === '.mp4' ? 'video/mp4' : contentType });
    else if (ext === '.mp4') {
      const r = byName.get(f.rel.slice(0, -4));
      renditions.push({ kind: 'mp4', path: f.rel, bytes: f.bytes, ...(r ? { width: r.width, height: r.height } : {}), bitrate: bitsPerSecond(f.bytes), contentType });
    } else if (ext === '.m4a') renditions.push({ kind: 'audio', path: f.rel, bytes: f.bytes, bitrate: bitsPerSecond(f.bytes), contentType });
    else if (ext === '.jpg') {
      const top = rungs.at(-1);
      renditions.push({ kind: 'poster', path: f.rel, bytes: f.bytes, ...(top ? { width: top.width, height: top.height } : {}), contentType });
    }
  }
  return renditions.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
