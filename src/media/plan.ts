// Plan, then apply: which media sources a course has, and which job each needs. Pure data in, data out;
// `run.ts` is the thin step that hashes sources, looks in the cache and runs ffmpeg.

import { createHash } from 'node:crypto';
import type { Course } from '../core/model/course.js';
import { allItems } from '../core/model/course.js';
import type { LoudnessTarget, MediaSettings } from './config-schema.js';

/** Bump when the commands built here change in a way that changes the outputs: old cache entries are then not trusted. */
export const PIPELINE_VERSION = 3;

export interface MediaSource {
  /** Course-relative POSIX path. */
  readonly path: string;
  readonly kind: 'video' | 'audio' | 'captions';
  /** Captions: BCP 47 language tag and optional label. */
  readonly lang?: string;
  readonly label?: string;
  /** Captions: the video they belong to (for the duration check). */
  readonly video?: string;
}

/** The settings that shape a video's outputs (not how many run at once). */
export type VideoJobSettings = Omit<MediaSettings, 'concurrency'>;

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
  | (JobBase & { readonly kind: 'captions'; readonly lang: string; readonly label?: string; readonly video?: string });

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
  const { concurrency: _notInKey, ...shaping } = s;
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

/** Every video (with its captions) and audio file the course's lessons use, in outline order. */
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
  }
  return out;
}
