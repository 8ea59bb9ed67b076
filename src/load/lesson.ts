// Lessons: front matter (title, duration, media) and the body as reading material.

import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CaptionRef, Lesson, MediaRef, SourceRef, VideoRef } from '../core/model/course.js';
import type { SourceDoc } from './doc.js';
import type { CourseFs } from '../source/files.js';
import { courseHref, isExternal, missingPathHint, resolveRef, staysInside } from '../source/files.js';
import { validateAgainst, closest } from '../source/schema-check.js';
import { lessonSchema } from './schemas.js';
import { toSafeHtml } from '../source/markdown.js';
import { rules } from './rules.js';
import { detectKind, expectedKinds, type MediaKind } from './media-kind.js';
import { idOf, titleOf } from './ids.js';

export async function loadLesson(
  doc: SourceDoc,
  fs: CourseFs,
  inventory: readonly string[],
): Promise<{ lesson: Lesson; diagnostics: Diagnostic[] }> {
  const file = doc.file.path;
  const diagnostics: Diagnostic[] = doc.fm.yamlError ? [] : validateAgainst(lessonSchema, doc.fm.data, file, doc.fm.locate);
  const d = doc.fm.data;
  const lesson: LessonMedia = { doc, file, fs, inventory, diagnostics };
  const video = await videoOf(lesson, d.video, d.captions);
  if (!video && d.video === undefined && d.captions !== undefined) {
    const position = doc.fm.locate(['captions'], true);
    diagnostics.push(rules['captions-without-video']({ file, ...(position ? { position } : {}) }));
  }
  const audio = await mediaRef(lesson, d.audio, ['audio'], 'audio');
  const slides = await mediaRef(lesson, d.slides, ['slides'], 'slides');
  return { lesson: lessonOf(doc, file, { ...(video ? { video } : {}), ...(audio ? { audio } : {}), ...(slides ? { slides } : {}) }), diagnostics };
}

/** The lesson as the model holds it: its media as checked, the body as safe HTML, the images it shows. */
function lessonOf(doc: SourceDoc, file: string, media: Lesson['media']): Lesson {
  const d = doc.fm.data;
  const assets = new Set<string>();
  for (const link of doc.links) if (link.kind === 'image' && link.target) assets.add(link.target);
  const dir = d.dir === 'rtl' || d.dir === 'ltr' ? d.dir : 'auto';
  return {
    kind: 'lesson',
    id: idOf(doc),
    title: titleOf(doc, file),
    link: { file },
    file,
    ...(typeof d.duration === 'number' ? { duration: d.duration } : {}),
    media,
    html: toSafeHtml(doc.root, { rewriteUrl: (url) => courseHref(file, url), handOver: true }),
    dir,
    assets: [...assets].filter(staysInside).sort(),
  };
}

/** What checking a lesson's media needs, and where its findings go. */
interface LessonMedia {
  readonly doc: SourceDoc;
  readonly file: string;
  readonly fs: CourseFs;
  readonly inventory: readonly string[];
  readonly diagnostics: Diagnostic[];
}

/** `video:` (a path, or `{ src, captions, poster }`) with the lesson's `captions:` too. */
async function videoOf(lesson: LessonMedia, value: unknown, lessonCaptions: unknown): Promise<VideoRef | undefined> {
  if (value === undefined) return undefined;
  const v = value as string | { src?: unknown; captions?: unknown; poster?: unknown };
  const src = typeof v === 'string' ? v : v?.src;
  const r = await mediaRef(lesson, src, typeof v === 'string' ? ['video'] : ['video', 'src'], 'video');
  if (!r) return undefined;
  const captions = [...(typeof v === 'object' ? await captionsOf(lesson, v.captions, ['video', 'captions']) : []), ...(await captionsOf(lesson, lessonCaptions, ['captions']))];
  const poster = typeof v === 'object' ? await mediaRef(lesson, v.poster, ['video', 'poster'], 'image') : undefined;
  return { ...r, captions, ...(poster ? { poster: poster.path } : {}) };
}

/** A media path of the front matter, checked: inside the course, present, and of the kind its key says. */
async function mediaRef(lesson: LessonMedia, value: unknown, keyPath: (string | number)[], kind: MediaKind): Promise<MediaRef | undefined> {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const { file, diagnostics } = lesson;
  const position = lesson.doc.fm.locate(keyPath);
  const source: SourceRef = position ? { file, position } : { file };
  const at = { file, ...(position ? { position } : {}) };
  if (isExternal(value)) {
    diagnostics.push(rules['media-url-not-supported']({ ...at, data: { target: value } }));
    return undefined;
  }
  const target = resolveRef(file, value);
  if (!staysInside(target)) {
    diagnostics.push(rules['path-escape']({ ...at, data: { target: value } }));
    return undefined;
  }
  const probe = await lesson.fs.head(target, 64);
  if (!probe.ok && probe.reason === 'escape') {
    diagnostics.push(rules['path-escape']({ ...at, data: { target: value } }));
    return undefined;
  }
  if (!probe.ok) {
    const inventory = lesson.inventory;
    const candidates = inventory.filter((f) => expectedKinds[kind].extensions.some((e) => f.toLowerCase().endsWith(e)));
    const hint = missingPathHint(file, value, closest(target, candidates.length ? candidates : inventory), (p) => inventory.includes(p));
    diagnostics.push(rules['missing-media']({ ...at, data: { target, medium: kind, ...hint } }));
    return { path: target, source };
  }
  const detected = detectKind(probe.bytes, target);
  if (!expectedKinds[kind].accepts.includes(detected.kind)) {
    diagnostics.push(rules['media-wrong-kind']({ ...at, data: { target, medium: kind, detected: detected.label, expected: expectedKinds[kind].label } }));
  }
  return { path: target, source };
}

/** Captions: one path, or a list of paths or `{ src, lang, label }`; the language from the file name when not given. */
async function captionsOf(lesson: LessonMedia, value: unknown, keyPath: (string | number)[]): Promise<CaptionRef[]> {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const out: CaptionRef[] = [];
  for (let i = 0; i < list.length; i++) {
    const entry = list[i];
    const itemPath = Array.isArray(value) ? [...keyPath, i] : keyPath;
    const src = typeof entry === 'string' ? entry : (entry as { src?: unknown })?.src;
    const r = await mediaRef(lesson, src, typeof entry === 'string' ? itemPath : [...itemPath, 'src'], 'captions');
    if (!r) continue;
    const explicitLang = typeof entry === 'object' && entry && typeof (entry as { lang?: unknown }).lang === 'string' ? (entry as { lang: string }).lang : undefined;
    const label = typeof entry === 'object' && entry && typeof (entry as { label?: unknown }).label === 'string' ? (entry as { label: string }).label : undefined;
    out.push({ ...r, lang: explicitLang ?? langFromName(r.path) ?? 'id', ...(label ? { label } : {}) });
  }
  return out;
}

/** `video.id.vtt`, `takarir.en.srt` → the language part of the name. */
function langFromName(p: string): string | undefined {
  const m = /\.([a-z]{2,3}(?:-[A-Za-z]{2,4})?)\.(?:vtt|srt)$/i.exec(path.posix.basename(p));
  return m?.[1];
}
