// check: pure rules over the loaded course and what is known of its sources. No I/O here.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Course, SourceRef } from '../core/model/course.js';
import { allItems } from '../core/model/course.js';
import { type LoadResult, SYLLABUS } from '../load/index.js';
import { rules as loadRules } from '../load/rules.js';
import { rules } from './rules.js';
import { closest } from '../source/schema-check.js';
import { missingPathHint, staysInside } from '../source/files.js';
import { createSlugger } from '../source/markdown.js';
import { checkQuestions } from '../questions/index.js';

const at = (ref: SourceRef) => (ref.position ? { file: ref.file, position: ref.position } : { file: ref.file });

export function checkCourse(result: LoadResult): Diagnostic[] {
  const found: Diagnostic[] = [...result.diagnostics];
  if (result.course) {
    found.push(...checkOutline(result.course), ...checkMedia(result.course), ...checkQuestions(result.course), ...checkExternalImages(result));
  }
  found.push(...checkLinks(result), ...checkUnlinked(result));
  // ajar.yaml `rules:` are applied once, by the pipeline, to every stage's findings (this one's included).
  return dedupe(found);
}

export function checkOutline(course: Course): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (course.modules.length === 0) out.push(rules['empty-outline']({ file: course.source.file }));
  const seen = new Map<string, SourceRef>();
  const claim = (id: string, ref: SourceRef) => {
    const first = seen.get(id);
    if (first) {
      const other = first.position ? `${first.file}:${first.position.start.line}` : first.file;
      out.push(rules['duplicate-id']({ ...at(ref), data: { id, other } }));
    } else seen.set(id, ref);
  };
  for (const module of course.modules) {
    claim(module.id, module.source);
  }
  for (const { item } of allItems(course)) claim(item.id, item.link);
  return out;
}

export function checkMedia(course: Course): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { item } of allItems(course)) {
    if (item.kind !== 'lesson') continue;
    const video = item.media.video;
    if (video && video.captions.length === 0) out.push(rules['missing-caption']({ ...at(video.source), data: { target: video.path } }));
  }
  return out;
}

/**
 * Images from http(s):// (Markdown or raw HTML, in lessons, quiz intros, questions, assignments): the
 * player's Content-Security-Policy loads images only from the package, so they would show broken.
 */
export function checkExternalImages(result: LoadResult): Diagnostic[] {
  const course = result.course;
  if (!course) return [];
  const out: Diagnostic[] = [];
  const scan = (file: string, html: string) => {
    for (const m of html.matchAll(/<img\b[^>]*\ssrc="(https?:\/\/[^"]*)"/gi)) {
      const url = m[1]!.replace(/&amp;/g, '&');
      const link = result.sources.get(file)?.links.find((l) => l.kind === 'image' && l.url === url);
      out.push(rules['external-image']({ ...(link ? at(link.source) : { file }), data: { target: url } }));
    }
  };
  for (const { item } of allItems(course)) {
    if (item.kind === 'activity') continue;
    scan(item.file, item.html);
    if (item.kind === 'quiz') for (const q of item.settings.questions) scan(q.source.file, JSON.stringify(q).replace(/\\"/g, '"'));
  }
  for (const b of course.banks) for (const q of b.questions) scan(q.source.file, JSON.stringify(q).replace(/\\"/g, '"'));
  return out;
}

export function checkLinks(result: LoadResult): Diagnostic[] {
  const out: Diagnostic[] = [];
  const inventory = new Set(result.inventory);
  const suggest = pathSuggester(result.inventory);
  const anchorsOf = new Map([...result.sources.values()].map((s) => [s.path, s.anchors]));
  for (const source of result.sources.values()) {
    for (const link of source.links) {
      const where = at(link.source);
      if (link.kind === 'link' && /^\s*(javascript|vbscript|data):/i.test(link.url)) {
        out.push(loadRules['unsafe-html']({ ...where, data: { tag: link.url.split(':')[0]!.trim().toLowerCase() + ':' } }));
        continue;
      }
      if (link.kind === 'image' && !link.alt?.trim()) out.push(rules['image-missing-alt']({ ...where, data: { target: link.url } }));
      if (!link.target) continue;
      if (!staysInside(link.target)) {
        out.push(loadRules['path-escape']({ ...where, data: { target: link.url } }));
        continue;
      }
      // Links in the syllabus outline are reported by the loader (missing-file) already.
      if (source.path === SYLLABUS && result.outlined.has(link.target)) continue;
      if (source.path === SYLLABUS && link.kind === 'link' && /\.md$/i.test(link.target)) {
        out.push(rules['outline-link-ignored']({ ...where, data: { target: link.target } }));
        continue;
      }
      if (!inventory.has(link.target)) {
        const rule = link.kind === 'image' ? 'missing-image' : 'broken-link';
        out.push(rules[rule]({ ...where, data: { target: link.target, ...missingPathHint(source.path, link.url, suggest(link.target), (p) => inventory.has(p)) } }));
        continue;
      }
      if (link.kind === 'link' && link.anchor !== undefined && link.anchor !== '') {
        const anchors = anchorsOf.get(link.target);
        if (anchors && !anchors.includes(link.anchor) && !anchors.includes(createSlugger()(link.anchor))) {
          out.push(rules['broken-anchor']({ ...where, data: { anchor: link.anchor, target: link.target, suggestion: closest(link.anchor, anchors) ?? '' } }));
        }
      }
      if (link.kind === 'link' && link.target.endsWith('.md') && !result.sources.has(link.target) && source.path !== SYLLABUS) {
        out.push(rules['unreachable-lesson']({ ...where, data: { target: link.target } }));
      }
    }
  }
  return out;
}

/**
 * Suggestions for a path that does not exist: the same file name in another folder first, else the
 * nearest name in the same folder. Memoised, and never a comparison against the whole course (a renamed
 * image folder in a 1,000-lesson course must not cost minutes).
 */
function pathSuggester(inventory: readonly string[]): (target: string) => string | undefined {
  const byName = new Map<string, string[]>();
  const byDir = new Map<string, string[]>();
  for (const file of inventory) {
    const slash = file.lastIndexOf('/');
    const name = file.slice(slash + 1).toLowerCase();
    const dir = slash === -1 ? '' : file.slice(0, slash);
    byName.set(name, [...(byName.get(name) ?? []), file]);
    byDir.set(dir, [...(byDir.get(dir) ?? []), file]);
  }
  const memo = new Map<string, string | undefined>();
  return (target) => {
    if (memo.has(target)) return memo.get(target);
    const slash = target.lastIndexOf('/');
    const sameName = byName.get(target.slice(slash + 1).toLowerCase());
    const found = sameName?.length ? closest(target, sameName) ?? sameName[0] : closest(target, byDir.get(slash === -1 ? '' : target.slice(0, slash)) ?? []);
    memo.set(target, found);
    return found;
  };
}

const notSources = /(^|\/)(README|CHANGELOG|LICENSE|CONTRIBUTING)(\.[a-z]+)?\.md$/i;

export function checkUnlinked(result: LoadResult): Diagnostic[] {
  if (!result.course) return [];
  const linked = new Set<string>(result.sources.keys());
  for (const source of result.sources.values()) for (const link of source.links) if (link.target) linked.add(link.target);
  return result.inventory
    .filter((f) => f.toLowerCase().endsWith('.md') && !linked.has(f) && !notSources.test(f))
    .map((f) => rules['unlinked-file']({ file: f, data: { target: f } }));
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = JSON.stringify([d.ruleId, d.file, d.position?.start, d.data]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
