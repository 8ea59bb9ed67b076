// load: a course folder → the immutable course model plus what the checker needs to know about the sources.
// All file-system access of the authoring side happens here (and in ./source.ts); checks are pure.

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Course, Item, Module, QuestionBank, SourceRef } from '../model/course.js';
import { loadConfig, type AjarConfig } from '../config/load.js';
import { courseFs, type CourseFs } from './source.js';
import { readSourceDoc, type SourceDoc } from './doc.js';
import { readOutline, type OutlineEntry } from './outline.js';
import { buildCourse } from './syllabus.js';
import { loadLesson } from './lesson.js';
import { loadAssignment } from './assignment.js';
import { rules } from './rules.js';
import { loadBank, loadQuiz } from '../questions/load.js';
import { isExternal, resolveRef, staysInside } from './source.js';
import { positionOf } from './markdown.js';
import { closest } from './schema-check.js';

export interface LinkRef {
  readonly kind: 'link' | 'image';
  readonly url: string;
  /** Course-relative target file, for internal links. */
  readonly target?: string;
  readonly anchor?: string;
  readonly alt?: string;
  readonly source: SourceRef;
}

/** What the checker needs to know about one source file besides the model. */
export interface SourceInfo {
  readonly path: string;
  readonly type: 'syllabus' | 'lesson' | 'quiz' | 'bank' | 'assignment';
  readonly anchors: readonly string[];
  readonly links: readonly LinkRef[];
}

export interface LoadResult {
  course?: Course;
  config: AjarConfig;
  diagnostics: Diagnostic[];
  /** Every source file read, by course-relative path. */
  sources: ReadonlyMap<string, SourceInfo>;
  /** Course-relative paths of every file in the course folder (ignoring outputs and hidden folders). */
  inventory: readonly string[];
  /** Files the outline links to, in order. */
  outlined: ReadonlySet<string>;
  root: string;
}

export const SYLLABUS = 'syllabus.md';
/** Folders that hold outputs or tools, never sources. */
const ignoredDirs = new Set(['node_modules', 'dist', '.git', '.ajar', '.ajar-cache']);

export async function loadCourse(dir: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<LoadResult> {
  const fs = courseFs(dir);
  const diagnostics: Diagnostic[] = [];
  const { config, diagnostics: configDiagnostics } = await loadConfig(fs, env);
  diagnostics.push(...configDiagnostics);
  const inventory = await listFiles(fs.root, config.ignore);
  const sources = new Map<string, SourceInfo>();
  const outlined = new Set<string>();
  const base = { config, sources, inventory, outlined, root: fs.root };

  const syllabus = await readSourceDoc(fs, SYLLABUS);
  if (!syllabus.ok) {
    if (syllabus.diagnostic.ruleId === 'missing-file') diagnostics.push(rules['no-syllabus']({ data: { dir: dir } }));
    else diagnostics.push(syllabus.diagnostic);
    return { ...base, diagnostics };
  }
  diagnostics.push(...syllabus.diagnostics);
  const outline = readOutline(syllabus.doc);
  diagnostics.push(...outline.diagnostics);
  sources.set(SYLLABUS, infoOf(syllabus.doc, 'syllabus'));

  const loaded = new Map<string, Item | null>();
  const banks = new Map<string, QuestionBank>();
  const modules: Module[] = [];
  for (const mod of outline.modules) {
    const items: Item[] = [];
    for (const entry of mod.entries) {
      const item = await loadEntry(entry, fs, inventory, loaded, sources, banks, diagnostics);
      if (item) items.push(item);
      if (entry.target) outlined.add(entry.target);
    }
    modules.push({ ...mod.module, items });
  }

  const course = buildCourse(syllabus.doc, outline, modules, [...banks.values()].sort((a, b) => a.file.localeCompare(b.file)), diagnostics);
  return { ...base, course, diagnostics };
}

async function loadEntry(
  entry: OutlineEntry,
  fs: CourseFs,
  inventory: readonly string[],
  loaded: Map<string, Item | null>,
  sources: Map<string, SourceInfo>,
  banks: Map<string, QuestionBank>,
  diagnostics: Diagnostic[],
): Promise<Item | undefined> {
  const link: SourceRef = entry.source;
  if (entry.external) {
    return { kind: 'activity', id: entry.id, title: entry.title, link, url: entry.url, activity: activityKind(entry.title, entry.url) };
  }
  const target = entry.target!;
  if (!staysInside(target)) {
    diagnostics.push(rules['path-escape']({ ...at(link), data: { target: entry.url } }));
    return undefined;
  }
  if (loaded.has(target)) {
    // The same file twice in the outline: duplicate-id reports it.
    const again = loaded.get(target);
    return again ?? undefined;
  }
  const read = await readSourceDoc(fs, target);
  if (!read.ok) {
    const d = read.diagnostic;
    diagnostics.push(
      d.ruleId === 'missing-file'
        ? rules['missing-file']({ ...at(link), data: { target, suggestion: closest(target, inventory.filter((f) => f.endsWith('.md'))) ?? '' } })
        : d.ruleId === 'path-escape'
          ? rules['path-escape']({ ...at(link), data: { target: entry.url } })
          : d,
    );
    loaded.set(target, null);
    return undefined;
  }
  diagnostics.push(...read.diagnostics);
  const doc = read.doc;
  const type = doc.type;
  let item: Item | undefined;
  switch (type) {
    case 'lesson': {
      const r = await loadLesson(doc, fs, inventory);
      diagnostics.push(...r.diagnostics);
      item = { ...r.lesson, link };
      break;
    }
    case 'assignment': {
      const r = loadAssignment(doc);
      diagnostics.push(...r.diagnostics);
      item = { ...r.assignment, link };
      break;
    }
    case 'quiz': {
      const r = loadQuiz(doc.file, doc.fm);
      diagnostics.push(...r.diagnostics);
      item = {
        kind: 'quiz',
        id: idOf(doc),
        title: titleOf(doc, entry.title),
        link,
        file: doc.file.path,
        role: r.role,
        settings: r.settings,
        html: r.html,
      };
      for (const draw of r.settings.draws) {
        if (!draw.bank || banks.has(draw.bank) || !staysInside(draw.bank)) continue;
        const bankDoc = await readSourceDoc(fs, draw.bank);
        if (!bankDoc.ok) {
          const d = bankDoc.diagnostic;
          diagnostics.push(
            d.ruleId === 'missing-file'
              ? rules['missing-file']({
                  file: doc.file.path,
                  ...(draw.source.position ? { position: draw.source.position } : {}),
                  data: { target: draw.bank, suggestion: closest(draw.bank, inventory.filter((f) => f.endsWith('.md'))) ?? '' },
                })
              : d,
          );
          continue;
        }
        diagnostics.push(...bankDoc.diagnostics);
        if (bankDoc.doc.type !== 'bank') {
          diagnostics.push(
            rules['wrong-file-type']({
              file: doc.file.path,
              ...(draw.source.position ? { position: draw.source.position } : {}),
              data: { target: draw.bank, actual: bankDoc.doc.type, expected: 'bank' },
            }),
          );
          continue;
        }
        const b = loadBank(bankDoc.doc.file, bankDoc.doc.fm);
        diagnostics.push(...b.diagnostics);
        banks.set(draw.bank, b.bank);
        sources.set(draw.bank, infoOf(bankDoc.doc, 'bank'));
      }
      break;
    }
    default:
      diagnostics.push(
        rules['invalid-outline-link']({ ...at(link), data: { target, reason: type === 'bank' ? 'type: bank' : `type: ${type}` } }),
      );
  }
  sources.set(target, infoOf(doc, type));
  loaded.set(target, item ?? null);
  return item;
}

function at(ref: SourceRef): { file: string; position?: SourceRef['position'] } {
  return ref.position ? { file: ref.file, position: ref.position } : { file: ref.file };
}

export function idOf(doc: SourceDoc): string {
  const explicit = doc.fm.data.id;
  if (typeof explicit === 'string' && explicit) return explicit;
  return idFromPath(doc.file.path);
}

/** A stable id from a course-relative path: `materi/01 Pengantar.md` → `materi-01-pengantar`. */
export function idFromPath(file: string): string {
  return (
    file
      .replace(/\.md$/i, '')
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'item'
  );
}

export function titleOf(doc: SourceDoc, fallback: string): string {
  const t = doc.fm.data.title;
  return typeof t === 'string' && t.trim() ? t.trim() : fallback;
}

function activityKind(title: string, url: string): 'forum' | 'live' | 'link' {
  const s = `${title} ${url}`.toLowerCase();
  if (/forum|diskusi|discussion/.test(s)) return 'forum';
  if (/zoom|meet|teams|webinar|tatap maya|tatap muka virtual|live|daring sinkron|vicon|konferensi video/.test(s)) return 'live';
  return 'link';
}

function infoOf(doc: SourceDoc, type: SourceInfo['type']): SourceInfo {
  return { path: doc.file.path, type, anchors: doc.anchors, links: doc.links };
}

async function listFiles(root: string, ignore: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const skip = (rel: string) => ignore.some((p) => rel === p.replace(/\/+$/, '') || rel.startsWith(p.replace(/\/+$/, '') + '/'));
  async function walk(dirRel: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(path.join(root, dirRel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const rel = dirRel ? `${dirRel}/${e.name}` : e.name;
      if (e.name.startsWith('.') || skip(rel)) continue;
      if (e.isDirectory()) {
        if (!ignoredDirs.has(e.name)) await walk(rel);
      } else if (e.isFile() || e.isSymbolicLink()) out.push(rel);
    }
  }
  await walk('');
  return out.sort();
}

export { isExternal, resolveRef, positionOf };
