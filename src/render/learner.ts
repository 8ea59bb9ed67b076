// What a learner downloads to complete the course on the lowest settings (issue 16, docs/player.md): the
// launch page (every page of the course and its data), the player, and for each lesson the cheapest medium
// that completes it, plus the images a learner must see. Pure: sizes come from the site's files and the
// media index, nothing is read here.
//
// The lowest settings, precisely:
// - a lesson with video or audio: the smallest medium that completes it — the audio-only file when the course
//   lets audio complete the lesson (gating.audio_completes), else the lowest video rung with its first caption
//   track (the one shown by default); no poster (the player shows none on slow or data-saving links);
// - a lesson without video or audio: its reading, which is in the launch page, and the images in it;
// - quizzes and assignments: the images in their text, questions included;
// - each image once, at its smallest candidate when the page offers several (`srcset`, `<picture>`);
// - slides, handouts and links are optional: not counted.
// Sizes are the bytes served: text files are counted uncompressed (a server that gzips sends less).

import type { PlayerData, PlayerLesson } from '../core/player-data.js';
import { flatItems } from '../core/player-data.js';

export interface LearnerDownload {
  /** Everything below, in bytes. */
  readonly bytes: number;
  /** The player bundle (script and style sheet). */
  readonly player: number;
  /** The launch page: every page of the course and its data. */
  readonly pages: number;
  /** The media that complete the lessons. */
  readonly media: number;
  /** Images in readings, quizzes and assignments. */
  readonly images: number;
  /** How the lessons are completed on these settings. */
  readonly lessons: { readonly audio: number; readonly video: number; readonly reading: number };
  /** References whose size is unknown (e.g. a source file missing from the site): counted as 0. */
  readonly unknown: number;
}

/** The bytes of a URL of the site or of the media host; undefined when unknown. */
export type SizeOf = (url: string) => number | undefined;

/** Every image a learner sees in some HTML: one entry per <img>/<picture>, the URLs it may load. */
function imagesIn(html: string): string[][] {
  const found: string[][] = [];
  const urls = (tag: string) => {
    const out: string[] = [];
    for (const m of tag.matchAll(/\s(src|srcset)="([^"]*)"/g)) {
      const value = m[2]!.replace(/&amp;/g, '&');
      if (m[1] === 'src') out.push(value);
      else for (const c of value.split(',')) if (c.trim()) out.push(c.trim().split(/\s+/)[0]!);
    }
    return out;
  };
  const rest = html.replace(/<picture\b[\s\S]*?<\/picture>/gi, (block) => {
    found.push([...block.matchAll(/<(?:source|img)\b[^>]*>/gi)].flatMap((m) => urls(m[0])));
    return '';
  });
  for (const m of rest.matchAll(/<img\b[^>]*>/gi)) found.push(urls(m[0]));
  return found.filter((x) => x.length > 0);
}

export function learnerDownload(data: Pick<PlayerData, 'modules' | 'banks' | 'gating'>, launch: { page: number; player: number }, sizeOf: SizeOf): LearnerDownload {
  let unknown = 0;
  const size = (url: string | undefined): number => {
    if (url === undefined) return 0;
    const n = sizeOf(url);
    if (n === undefined) unknown++;
    return n ?? 0;
  };
  let media = 0;
  const lessons = { audio: 0, video: 0, reading: 0 };
  const seenImages = new Set<string>();
  let images = 0;
  const addImages = (html: string) => {
    for (const candidates of imagesIn(html)) {
      const key = candidates.join(' ');
      if (seenImages.has(key)) continue;
      seenImages.add(key);
      const known = candidates.map((u) => sizeOf(u)).filter((n): n is number => n !== undefined);
      if (known.length === 0) unknown++;
      images += known.length ? Math.min(...known) : 0;
    }
  };
  for (const item of flatItems(data)) {
    if (item.kind === 'lesson') {
      const choice = cheapestCompletion(item, data.gating.audioCompletes !== false, size);
      media += choice.bytes;
      lessons[choice.by]++;
      if (choice.by === 'reading') addImages(item.html);
    } else if (item.kind === 'quiz' || item.kind === 'assignment') addImages(item.html);
  }
  for (const bank of data.banks) addImages(JSON.stringify(bank.questions).replace(/\\"/g, '"'));
  for (const item of flatItems(data)) if (item.kind === 'quiz') addImages(JSON.stringify(item.settings).replace(/\\"/g, '"'));
  const bytes = launch.page + launch.player + media + images;
  return { bytes, player: launch.player, pages: launch.page, media, images, lessons, unknown };
}

function cheapestCompletion(item: PlayerLesson, audioCompletes: boolean, size: (url: string | undefined) => number): { by: 'audio' | 'video' | 'reading'; bytes: number } {
  const options: { by: 'audio' | 'video'; bytes: number }[] = [];
  if (item.audio && (audioCompletes || !item.video)) options.push({ by: 'audio', bytes: size(item.audio.src) });
  if (item.video) options.push({ by: 'video', bytes: size(item.video.sources[0]?.src) + size(item.video.captions[0]?.src) });
  if (options.length === 0) return { by: 'reading', bytes: 0 };
  return options.reduce((a, b) => (b.bytes < a.bytes ? b : a));
}

/** What those bytes cost at a price per GB (1 GB = 1024³ bytes, as `ajar build` prints sizes). */
export function learnerCost(bytes: number, pricePerGb: number): number {
  return (bytes / 1024 ** 3) * pricePerGb;
}
