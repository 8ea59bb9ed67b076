// Plan, then apply: which media sources a course has, and which job each needs. Pure data in, data out;
// `run.ts` is the thin step that hashes sources, looks in the cache and runs ffmpeg.

import { createHash } from 'node:crypto';
import type { Course } from '../core/model/course.js';
import { allItems } from '../core/model/course.js';
import type { ImageSettings, LoudnessTarget, MediaSettings, SlidesSettings } from './config-schema.js';

/** Bump when the commands built here change in a way that changes the outputs: old cache entries are then not trusted. */
export const PIPELINE_VERSION = 6;

export interface MediaSource {
  /** Course-relative POSIX path. */
  readonly path: string;
  /** slides: a lesson's PDF deck; image: a PNG/JPEG the lesson body shows. */
  readonly kind: 'video' | 'audio' | 'captions' | 'slides' | 'image';
  /** Captions: BCP 47 language tag and optional label. */
  readonly lang?: string;
  readonly label?: string;
  /** Captions: the video they belong to (for the duration check). */
  readonly video?: string;
}

/** The settings that shape a video's outputs (not how many run at once). */
export type VideoJobSettings = Omit<MediaSettings, 'concurrency' | 'slides' | 'images'>;

export interface AudioJobSettings {
  readonly audioOnlyBitrate: number;
  readonly loudness: LoudnessTarget | false;
}

interface JobBase {
  readonly source: string;
  /** sha256 of the job kind, its settings and PIPELINE_VERSION: half of the cache key (the source's hash and ffmpeg's version are the rest). */
  readonly settingsDigest: string;
}

export type Job =
  | (JobBase & { readonly kind: 'video'; readonly settings: VideoJobSettings })
  | (JobBase & { readonly kind: 'audio'; readonly settings: AudioJobSettings })
  | (JobBase & { readonly kind: 'captions'; readonly lang: string; readonly label?: string; readonly video?: string })
  | (JobBase & { readonly kind: 'slides'; readonly settings: SlidesSettings })
  | (JobBase & { readonly kind: 'image'; readonly settings: ImageSettings });

/** JSON with sorted keys, so equal settings always digest the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function videoJobSettings(s: MediaSettings): VideoJobSettings {
  // Every setting but concurrency shapes the outputs, so every other one is part of the cache key.
  // Slides and images have their own jobs and keys: changing them does not re-encode videos.
  const { concurrency: _notInKey, slides: _slides, images: _images, ...shaping } = s;
  return shaping;
}

/** One job per distinct source, in the order given. Captions are converted whatever the settings. */
export function planTranscodes(sources: readonly MediaSource[], settings: MediaSettings): Job[] {
  const jobs: Job[] = [];
  const seen = new Set<string>();
  for (const source of sources) {
    if (seen.has(source.path)) continue;
    seen.add(source.path);
    if (source.kind === 'video') {
      const s = videoJobSettings(settings);
      jobs.push({ kind: 'video', source: source.path, settings: s, settingsDigest: sha256(canonicalJson({ kind: 'video', s, v: PIPELINE_VERSION })) });
    } else if (source.kind === 'audio') {
      const s: AudioJobSettings = { audioOnlyBitrate: settings.audioOnlyBitrate, loudness: settings.loudness };
      jobs.push({ kind: 'audio', source: source.path, settings: s, settingsDigest: sha256(canonicalJson({ kind: 'audio', s, v: PIPELINE_VERSION })) });
    } else if (source.kind === 'slides') {
      // Optimising off: no job, the PDF is shipped as authored.
      if (!settings.slides.optimise) continue;
      const s = settings.slides;
      jobs.push({ kind: 'slides', source: source.path, settings: s, settingsDigest: sha256(canonicalJson({ kind: 'slides', s, v: PIPELINE_VERSION })) });
    } else if (source.kind === 'image') {
      if (!settings.images.responsive) continue;
      const s = settings.images;
      jobs.push({ kind: 'image', source: source.path, settings: s, settingsDigest: sha256(canonicalJson({ kind: 'image', s, v: PIPELINE_VERSION })) });
    } else {
      jobs.push({
        kind: 'captions',
        source: source.path,
        lang: source.lang ?? 'und',
        ...(source.label ? { label: source.label } : {}),
        ...(source.video ? { video: source.video } : {}),
        settingsDigest: sha256(canonicalJson({ kind: 'captions', v: PIPELINE_VERSION })),
      });
    }
  }
  return jobs;
}

/** Raster images that get responsive variants (SVG and GIF are shipped as they are). */
export const RESPONSIVE_IMAGE = /\.(png|jpe?g)$/i;

/** Every video (with its captions), audio file, slide deck and PNG/JPEG image the course's lessons use, in outline order. */
export function mediaSourcesOf(course: Course): MediaSource[] {
  const out: MediaSource[] = [];
  for (const { item } of allItems(course)) {
    if (item.kind !== 'lesson') continue;
    const { video, audio } = item.media;
    if (video) {
      out.push({ path: video.path, kind: 'video' });
      for (const c of video.captions) out.push({ path: c.path, kind: 'captions', lang: c.lang, ...(c.label ? { label: c.label } : {}), video: video.path });
    }
    if (audio) out.push({ path: audio.path, kind: 'audio' });
    if (item.media.slides) out.push({ path: item.media.slides.path, kind: 'slides' });
    for (const asset of item.assets) if (RESPONSIVE_IMAGE.test(asset)) out.push({ path: asset, kind: 'image' });
  }
  return out;
}
