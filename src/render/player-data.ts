// Course model → the data the player reads (the JSON block `ajar-course` in the launch page), plus the list of files the
// data refers to. Pure: media are resolved to site paths or external URLs, nothing is read here.

import type { Course, Item, Lesson, VideoRef, MediaRef } from '../core/model/course.js';
import type { MediaEntry, MediaIndex, Rendition } from '../core/model/media.js';
import type { Question, QuizSettings } from '../core/model/questions.js';
import type { PlayerData, PlayerItem, PlayerVideo, MediaSource, CaptionTrack, PlayerTarget } from '../core/player-data.js';
import { rewriteCourseHtml } from './references.js';
import { MEDIA_DIR, mediaRenditionPath } from '../util/media-path.js';
import { withPictures } from './pictures.js';

/** A file the site must carry: from the media stage's output folder or from the course folder. */
export type SiteCopy =
  | { readonly from: 'media'; readonly dir: string; readonly file: string; readonly to: string }
  | { readonly from: 'course'; readonly file: string; readonly to: string; readonly convert?: 'srt-to-vtt' };

export interface PlayerDataPlan {
  readonly data: PlayerData;
  readonly copies: readonly SiteCopy[];
  /** The size of every rendition URL in the data (embedded or external), from the media index. */
  readonly sizes: ReadonlyMap<string, number>;
}

export const STATE_LIMITS: Record<PlayerTarget, number> = {
  scorm12: 4096,
  scorm2004: 64000,
  // The xAPI State API has no small fixed limit; keep the same generous bound as SCORM 2004.
  cmi5: 64000,
  xapi: 64000,
  standalone: 64000,
};

/** Where a file of the course lands in the site when it is copied as it is. */
export function sourceSitePath(coursePath: string): string {
  return `media/source/${coursePath}`;
}

function encodePath(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

interface MediaResolver {
  renditionUrl(entry: MediaEntry, r: Rendition): string;
  /** A rendition carried in the site even when media are hosted elsewhere (slides open in a same-origin frame). */
  siteRenditionUrl(entry: MediaEntry, r: Rendition): string;
  sourceUrl(coursePath: string): string;
  /** A caption file as it is, or an SRT file converted to WebVTT (browsers play only WebVTT). */
  captionUrl(coursePath: string): string;
  readonly external: boolean;
}

function resolver(copies: SiteCopy[], mediaBaseUrl: string | undefined, sizes: Map<string, number>): MediaResolver {
  const seen = new Set<string>();
  const add = (c: SiteCopy) => {
    if (!seen.has(c.to)) (seen.add(c.to), copies.push(c));
  };
  const base = mediaBaseUrl?.replace(/\/+$/, '');
  return {
    external: base !== undefined,
    renditionUrl(entry, r) {
      // The layout publish uploads to (util/media-path.ts): `media_base_url` can point at it.
      const rel = mediaRenditionPath(entry.key, r.path);
      const url = base !== undefined ? `${base}/${encodePath(rel)}` : encodePath(`${MEDIA_DIR}/${rel}`);
      sizes.set(url, r.bytes);
      if (base === undefined) add({ from: 'media', dir: entry.dir, file: r.path, to: `${MEDIA_DIR}/${rel}` });
      return url;
    },
    siteRenditionUrl(entry, r) {
      const rel = mediaRenditionPath(entry.key, r.path);
      add({ from: 'media', dir: entry.dir, file: r.path, to: `${MEDIA_DIR}/${rel}` });
      const url = encodePath(`${MEDIA_DIR}/${rel}`);
      sizes.set(url, r.bytes);
      return url;
    },
    sourceUrl(coursePath) {
      const to = sourceSitePath(coursePath);
      add({ from: 'course', file: coursePath, to });
      return encodePath(to);
    },
    captionUrl(coursePath) {
      if (!/\.srt$/i.test(coursePath)) return this.sourceUrl(coursePath);
      const to = sourceSitePath(coursePath.replace(/\.srt$/i, '.vtt'));
      add({ from: 'course', file: coursePath, to, convert: 'srt-to-vtt' });
      return encodePath(to);
    },
  };
}

function byQuality(a: Rendition, b: Rendition): number {
  return (a.height ?? 0) - (b.height ?? 0) || (a.bitrate ?? 0) - (b.bitrate ?? 0) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}

function languageLabel(lang: string): string {
  const base = lang.toLowerCase().split('-')[0];
  return base === 'id' ? 'Bahasa Indonesia' : base === 'en' ? 'English' : base === 'ar' ? 'العربية' : lang;
}

function mimeOf(path: string): string {
  const ext = path.toLowerCase().split('.').pop();
  return (
    { mp4: 'video/mp4', m4v: 'video/mp4', webm: 'video/webm', mov: 'video/quicktime', mp3: 'audio/mpeg', m4a: 'audio/mp4', aac: 'audio/aac', ogg: 'audio/ogg', opus: 'audio/ogg', wav: 'audio/wav' } as Record<string, string>
  )[ext ?? ''] ?? 'application/octet-stream';
}

/**
 * The MP4 rungs a package carries (`build.embed_rungs`): the lowest always — the player starts there on slow or
 * data-saving links — and, for each wanted height, the highest rung at or below it. Media hosted outside
 * the package keep every rung (nothing is carried, a rung costs only a learner who plays it).
 */
export function embeddedRungs<T extends { readonly height?: number }>(mp4s: readonly T[], wanted: readonly number[] | 'all'): T[] {
  if (wanted === 'all' || mp4s.length <= 1) return [...mp4s];
  const picked = new Set<T>([mp4s[0]!]);
  for (const h of wanted) picked.add([...mp4s].reverse().find((x) => (x.height ?? 0) <= h) ?? mp4s[0]!);
  return mp4s.filter((x) => picked.has(x));
}

/** `build.embed_rungs` by default: the lowest rung and 360p (docs/configuration.md). */
export const DEFAULT_EMBED_RUNGS: readonly number[] = [240, 360];

function playerVideo(ref: VideoRef, media: MediaIndex | undefined, r: MediaResolver, embedRungs: readonly number[] | 'all'): PlayerVideo {
  const entry = media?.get(ref.path);
  if (!entry) {
    return {
      sources: [{ src: r.sourceUrl(ref.path), type: mimeOf(ref.path) }],
      ...(ref.poster ? { poster: r.sourceUrl(ref.poster) } : {}),
      captions: ref.captions.map((c) => ({ src: r.captionUrl(c.path), lang: c.lang, label: c.label ?? languageLabel(c.lang) })),
    };
  }
  const renditions = [...entry.renditions].sort(byQuality);
  const mp4s = renditions.filter((x) => x.kind === 'mp4');
  const sources: MediaSource[] = (r.external ? mp4s : embeddedRungs(mp4s, embedRungs))
    .map((x) => ({
      src: r.renditionUrl(entry, x),
      type: x.contentType,
      ...(x.height !== undefined ? { height: x.height } : {}),
      ...(x.bitrate !== undefined ? { bitrate: x.bitrate } : {}),
    }));
  const master = renditions.find((x) => x.kind === 'hls-master');
  const poster = renditions.find((x) => x.kind === 'poster');
  // Captions: transcoded (WebVTT) ones from the entry, or the caption files' own entries, or the files as-is.
  let captions: CaptionTrack[] = renditions
    .filter((x) => x.kind === 'captions')
    .map((x) => ({ src: r.renditionUrl(entry, x), lang: x.lang ?? 'id', label: x.label ?? languageLabel(x.lang ?? 'id') }));
  if (captions.length === 0) {
    captions = ref.captions.map((c) => {
      const own = media?.get(c.path)?.renditions.find((x) => x.kind === 'captions');
      const src = own ? r.renditionUrl(media!.get(c.path)!, own) : r.captionUrl(c.path);
      return { src, lang: c.lang, label: c.label ?? languageLabel(c.lang) };
    });
  }
  // HLS (playlists and segments) only when media are served from outside: inside a package it would
  // double the size for the few browsers that play it natively.
  const hls = master && r.external ? r.renditionUrl(entry, master) : undefined;
  return {
    sources: sources.length ? sources : [{ src: r.sourceUrl(ref.path), type: mimeOf(ref.path) }],
    ...(hls ? { hls } : {}),
    ...(poster ? { poster: r.renditionUrl(entry, poster) } : ref.poster ? { poster: r.sourceUrl(ref.poster) } : {}),
    captions,
    ...(entry.durationSeconds !== undefined ? { duration: entry.durationSeconds } : {}),
  };
}

function playerAudio(ref: MediaRef, media: MediaIndex | undefined, r: MediaResolver): MediaSource {
  const entry = media?.get(ref.path);
  const audio = entry?.renditions.filter((x) => x.kind === 'audio').sort(byQuality)[0];
  if (entry && audio) return { src: r.renditionUrl(entry, audio), type: audio.contentType };
  return { src: r.sourceUrl(ref.path), type: mimeOf(ref.path) };
}

/** The optimised deck when the media stage made one, else the PDF as authored. */
function slidesUrl(ref: MediaRef, media: MediaIndex | undefined, r: MediaResolver): string {
  const entry = media?.get(ref.path);
  const pdf = entry?.renditions.find((x) => x.kind === 'slides');
  return entry && pdf ? r.siteRenditionUrl(entry, pdf) : r.sourceUrl(ref.path);
}

/** Drops source positions (authoring detail, and bytes every learner would download). */
export function withoutSources<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === 'source' ? undefined : v))) as T;
}

type Fix = (html: string) => string;

/**
 * Without source positions, and every HTML string (questions: stems, choices, feedback) with its references
 * rewritten: withoutSources then the rewrite, in one JSON round trip instead of two (the text between them is the same).
 */
function fixStrings<T>(value: T, fix: Fix): T {
  return JSON.parse(
    JSON.stringify(value, (key, v) => (key === 'source' ? undefined : v)),
    (_k, v: unknown) => (typeof v === 'string' && v.includes('="') ? fix(v) : v),
  ) as T;
}

function playerItem(item: Item, media: MediaIndex | undefined, r: MediaResolver, copies: SiteCopy[], fix: Fix, embedRungs: readonly number[] | 'all'): PlayerItem {
  switch (item.kind) {
    case 'lesson': {
      const l: Lesson = item;
      for (const asset of l.assets) copies.push({ from: 'course', file: asset, to: asset });
      return {
        kind: 'lesson',
        id: l.id,
        title: l.title,
        ...(l.duration !== undefined ? { duration: l.duration } : {}),
        dir: l.dir,
        html: withPictures(fix(l.html), media, (entry, x) => r.renditionUrl(entry, x)),
        ...(l.media.video ? { video: playerVideo(l.media.video, media, r, embedRungs) } : {}),
        ...(l.media.audio ? { audio: playerAudio(l.media.audio, media, r) } : {}),
        ...(l.media.slides ? { slides: slidesUrl(l.media.slides, media, r) } : {}),
      };
    }
    case 'quiz':
      return {
        kind: 'quiz',
        id: item.id,
        title: item.title,
        role: item.role,
        html: fix(item.html),
        settings: fixStrings<QuizSettings>(item.settings, fix),
      };
    case 'assignment':
      return {
        kind: 'assignment',
        id: item.id,
        title: item.title,
        html: fix(item.html),
        minLength: item.minLength,
        ...(item.maxLength !== undefined ? { maxLength: item.maxLength } : {}),
        ...(item.purpose !== undefined ? { purpose: item.purpose } : {}),
      };
    case 'activity':
      return { kind: 'activity', id: item.id, title: item.title, url: item.url, activity: item.activity };
  }
}

function referencedBanks(course: Course): Course['banks'] {
  const quizzes = course.modules.flatMap((m) => m.items).filter((i) => i.kind === 'quiz');
  const anyAll = quizzes.some((q) => q.settings.draws.some((d) => d.bank === undefined));
  if (anyAll) return course.banks;
  const used = new Set(quizzes.flatMap((q) => q.settings.draws.map((d) => d.bank)));
  return course.banks.filter((b) => used.has(b.file));
}

/** What the player data of every target shares: all of it but the target and its limits. */
export type CourseData = Omit<PlayerData, 'target' | 'keepTexts' | 'stateLimit' | 'commitEveryMs'>;

export interface CourseDataPlan {
  readonly data: CourseData;
  readonly copies: readonly SiteCopy[];
  readonly sizes: ReadonlyMap<string, number>;
}

export function planPlayerData(
  course: Course,
  target: PlayerTarget,
  options: { media?: MediaIndex; mediaBaseUrl?: string; commitEveryMs?: number; embedRungs?: readonly number[] | 'all' },
): PlayerDataPlan {
  const { data, copies, sizes } = planCourseData(course, options);
  return { data: playerDataFor(data, target, options.commitEveryMs), copies, sizes };
}

/**
 * The player data of one target from what every target shares, its keys in one order (the launch page's JSON
 * is compared byte for byte between builds): v, target, the course's fields, modules, banks, then the limits.
 */
export function playerDataFor<M, B>(data: Omit<CourseData, 'modules' | 'banks'> & { readonly modules: M; readonly banks: B }, target: PlayerTarget, commitEveryMs?: number) {
  const { v, modules, banks, ...course } = data;
  return {
    v,
    target,
    ...course,
    modules,
    banks,
    keepTexts: target !== 'scorm12',
    stateLimit: STATE_LIMITS[target],
    ...(commitEveryMs !== undefined && (target === 'scorm12' || target === 'scorm2004') ? { commitEveryMs } : {}),
  };
}

/** The player data every target shares (one pass over the course for all the formats of a build). */
export function planCourseData(
  course: Course,
  options: { media?: MediaIndex; mediaBaseUrl?: string; embedRungs?: readonly number[] | 'all' },
): CourseDataPlan {
  const copies: SiteCopy[] = [];
  const sizes = new Map<string, number>();
  const r = resolver(copies, options.mediaBaseUrl, sizes);
  // Links between course items become player routes; other linked files (handouts, images in quiz
  // intros and assignment prompts) are carried in the site. Markdown files that are not items are not.
  const itemsByFile = new Map<string, string>();
  for (const m of course.modules) for (const it of m.items) if (it.kind !== 'activity') itemsByFile.set(it.file, it.id);
  // A link to the syllabus is the outline.
  itemsByFile.set(course.source.file, '');
  const fix: Fix = (html) =>
    rewriteCourseHtml(html, itemsByFile, (file) => {
      if (!/\.md$/i.test(file)) copies.push({ from: 'course', file, to: file });
    });
  const data: CourseData = {
    v: 1,
    id: course.id,
    title: course.title,
    description: course.description,
    language: course.language,
    version: course.version,
    jp: course.jp,
    ...(course.institution !== undefined ? { institution: course.institution } : {}),
    passingGrade: course.passingGrade,
    completion: course.completion,
    gating: { sequential: course.gating.sequential, allowSeek: course.gating.allowSeek, allowSpeedUp: course.gating.allowSpeedUp, ...(course.gating.audioCompletes === false ? { audioCompletes: false } : {}), ...(course.gating.remediation ? { remediation: true } : {}) },
    modules: course.modules.map((m) => ({
      id: m.id,
      title: m.title,
      ...(m.group ? { group: m.group.title } : {}),
      items: m.items.map((it) => playerItem(it, options.media, r, copies, fix, options.embedRungs ?? DEFAULT_EMBED_RUNGS)),
    })),
    banks: referencedBanks(course).map((b) => ({ file: b.file, id: b.id, title: b.title, questions: fixStrings<readonly Question[]>(b.questions, fix) })),
  };
  // Images in question stems and options are course files like lesson images.
  const questions = [...data.banks.flatMap((b) => b.questions), ...course.modules.flatMap((m) => m.items).flatMap((i) => (i.kind === 'quiz' ? i.settings.questions : []))];
  for (const q of questions) for (const asset of q.assets ?? []) copies.push({ from: 'course', file: asset, to: asset });
  const unique = new Map<string, SiteCopy>();
  for (const c of copies) if (!unique.has(c.to)) unique.set(c.to, c);
  return { data, copies: [...unique.values()], sizes };
}
