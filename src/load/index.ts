// load: a course folder → the immutable course model plus what the checker needs to know about the sources.
// All file-system access of the authoring side happens here (and in ./source.ts); checks are pure.

import type { NumberConvention } from '../core/numbers.js';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Course, Item, Module, QuestionBank, SourceRef } from '../core/model/course.js';
import { CONFIG_FILE, loadConfig, type AjarConfig } from '../config/index.js';
import { courseFs, type CourseFs } from '../source/files.js';
import { readSourceDoc, type LinkRef, type SourceDoc } from './doc.js';

export type { LinkRef } from './doc.js';
import { readOutline, type OutlineEntry } from './outline.js';
import { buildCourse } from './syllabus.js';
import { loadLesson } from './lesson.js';
import { loadAssignment } from './assignment.js';
import { rules } from './rules.js';
import { loadBank, loadQuiz } from '../questions/index.js';
import { missingPathHint, relativeRef, staysInside } from '../source/files.js';
import { idOf, titleOf } from './ids.js';
import { closest } from '../source/schema-check.js';

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

export { SYLLABUS } from './doc.js';
export { idFromPath } from './ids.js';
import { SYLLABUS } from './doc.js';
import { limiter } from '../util/limit.js';
/** Folders that hold outputs or tools, never sources. */
const ignoredDirs = new Set(['node_modules', 'dist', '.git', '.ajar', '.ajar-cache']);

export async function loadCourse(dir: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<LoadResult> {
  const diagnostics: Diagnostic[] = [];
  const { config, diagnostics: configDiagnostics } = await loadConfig(courseFs(dir), env);
  diagnostics.push(...configDiagnostics);
  const { files: inventory, plain } = await listFiles(path.resolve(dir), config.ignore);
  // `ajar.yml`, `Ajar.yaml`: settings the author wrote and ajar would not read. Say so instead of ignoring them.
  for (const file of inventory) {
    if (file !== CONFIG_FILE && /^ajar\.ya?ml$/i.test(file)) diagnostics.push(rules['config-file-name']({ file, data: { name: file, expected: CONFIG_FILE } }));
  }
  const fs = courseFs(dir, plain);
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
  // Numbers in answer keys and in learners' answers are read by the course's language (1.234,5 or 1,234.5).
  const numbers: NumberConvention = syllabus.doc.fm.data.language === 'en' ? 'en' : 'id';
  diagnostics.push(...outline.diagnostics);
  sources.set(SYLLABUS, infoOf(syllabus.doc, 'syllabus'));
  for (const target of outline.rejected) outlined.add(target);

  // Every linked file is read and parsed in parallel (bounded); results are then taken in outline
  // order, so that the model and the diagnostics come out the same on every run.
  const entries = outline.modules.flatMap((m) => m.entries);
  const pending = new Map<string, Promise<EntryResult>>();
  const limit = limiter(16);
  const firstOf = new Map<string, OutlineEntry>();
  for (const entry of entries) {
    if (entry.target && !firstOf.has(entry.target)) {
      firstOf.set(entry.target, entry);
      pending.set(entry.target, limit(() => loadEntrySafely(entry, fs, inventory, numbers)));
    }
  }
  const banks = new Map<string, QuestionBank>();
  const bankDiagnostics = new Map<string, Promise<{ bank?: QuestionBank; diagnostics: Diagnostic[]; info?: SourceInfo }>>();
  const items = new Map<OutlineEntry, Item | undefined>();
  for (const entry of entries) {
    if (entry.external) {
      items.set(entry, { kind: 'activity', id: entry.id, title: entry.title, link: entry.source, url: entry.url, activity: activityKind(entry.title, entry.url) });
      continue;
    }
    const target = entry.target!;
    outlined.add(target);
    if (firstOf.get(target) !== entry) {
      // The same file twice in the outline: the same item again, which duplicate-id reports.
      const again = (await pending.get(target)!).item;
      items.set(entry, again ? { ...again, link: entry.source } : undefined);
      continue;
    }
    const r = await pending.get(target)!;
    diagnostics.push(...r.diagnostics);
    if (r.info) sources.set(target, r.info);
    items.set(entry, r.item);
    for (const draw of r.draws) {
      if (!bankDiagnostics.has(draw.bank)) bankDiagnostics.set(draw.bank, loadBankFile(fs, inventory, draw, numbers));
      const b = await bankDiagnostics.get(draw.bank)!;
      diagnostics.push(...b.diagnostics);
      b.diagnostics = [];
      if (b.bank) banks.set(draw.bank, b.bank);
      if (b.info) sources.set(draw.bank, b.info);
    }
  }
  const modules: Module[] = outline.modules.map((mod) => ({
    ...mod.module,
    items: mod.entries.map((e) => items.get(e)).filter((i): i is Item => i !== undefined),
  }));

  const course = buildCourse(syllabus.doc, outline, modules, [...banks.values()].sort((a, b) => a.file.localeCompare(b.file)), diagnostics);
  return { ...base, course, diagnostics };
}

interface EntryResult {
  item?: Item;
  diagnostics: Diagnostic[];
  info?: SourceInfo;
  /** Banks a quiz draws from, in order, with where the quiz names them. */
  draws: { bank: string; quizFile: string; position?: SourceRef['position'] }[];
}

/** A file that breaks a parser (a stack overflow on absurd nesting, say) becomes a diagnostic on that file. */
async function loadEntrySafely(entry: OutlineEntry, fs: CourseFs, inventory: readonly string[], numbers: NumberConvention): Promise<EntryResult> {
  try {
    return await loadEntry(entry, fs, inventory, numbers);
  } catch (error) {
    const detail = error instanceof RangeError ? 'too deeply nested' : (error as Error)?.message ?? String(error);
    return { diagnostics: [rules['source-unreadable']({ file: entry.target!, data: { detail } })], draws: [] };
  }
}

async function loadEntry(entry: OutlineEntry, fs: CourseFs, inventory: readonly string[], numbers: NumberConvention): Promise<EntryResult> {
  const link: SourceRef = entry.source;
  const target = entry.target!;
  const diagnostics: Diagnostic[] = [];
  if (!staysInside(target)) return { diagnostics: [rules['path-escape']({ ...at(link), data: { target: entry.url } })], draws: [] };
  // Only Markdown files are lessons, quizzes or assignments; an anchor, a folder or a PDF is not.
  if (entry.url.startsWith('#') || !/\.md$/i.test(target)) {
    const reason = entry.url.startsWith('#') ? 'anchor' : target.endsWith('/') || !/\.[^/]+$/.test(target) ? 'folder' : `.${target.split('.').pop()}`;
    return { diagnostics: [rules['invalid-outline-link']({ ...at(link), data: { target: entry.url, reason } })], draws: [] };
  }
  const read = await readSourceDoc(fs, target);
  if (!read.ok) {
    const d = read.diagnostic;
    diagnostics.push(
      d.ruleId === 'missing-file'
        ? rules['missing-file']({ ...at(link), data: { target, ...missingPathHint(SYLLABUS, entry.url, closest(target, inventory.filter((f) => f.endsWith('.md'))), (p) => inventory.includes(p)) } })
        : d.ruleId === 'path-escape'
          ? rules['path-escape']({ ...at(link), data: { target: entry.url } })
          : d.file === undefined
            ? { ...d, ...at(link) } // about the file as a whole: point at the link that names it
            : d,
    );
    return { diagnostics, draws: [] };
  }
  diagnostics.push(...read.diagnostics);
  const doc = read.doc;
  const draws: EntryResult['draws'] = [];
  let item: Item | undefined;
  switch (doc.type) {
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
      const r = loadQuiz(doc.file, doc.fm, numbers);
      diagnostics.push(...r.diagnostics);
      item = { kind: 'quiz', id: idOf(doc), title: titleOf(doc, entry.title), link, file: doc.file.path, role: r.role, settings: r.settings, html: r.html };
      for (const draw of r.settings.draws) {
        if (draw.bank && staysInside(draw.bank)) draws.push({ bank: draw.bank, quizFile: doc.file.path, ...(draw.source.position ? { position: draw.source.position } : {}) });
      }
      break;
    }
    default:
      diagnostics.push(rules['invalid-outline-link']({ ...at(link), data: { target, reason: `type: ${doc.type}` } }));
  }
  return { ...(item ? { item } : {}), diagnostics, info: infoOf(doc, doc.type), draws };
}

async function loadBankFile(
  fs: CourseFs,
  inventory: readonly string[],
  draw: EntryResult['draws'][number],
  numbers: NumberConvention,
): Promise<{ bank?: QuestionBank; diagnostics: Diagnostic[]; info?: SourceInfo }> {
  const where = { file: draw.quizFile, ...(draw.position ? { position: draw.position } : {}) };
  const read = await readSourceDoc(fs, draw.bank);
  if (!read.ok) {
    const d = read.diagnostic;
    return {
      diagnostics: [
        d.ruleId === 'missing-file'
          ? rules['missing-file']({
              ...where,
              data: { target: draw.bank, ...missingPathHint(draw.quizFile, relativeRef(draw.quizFile, draw.bank), closest(draw.bank, inventory.filter((f) => f.endsWith('.md'))), (p) => inventory.includes(p)) },
            })
          : d.file === undefined
            ? { ...d, ...where }
            : d,
      ],
    };
  }
  if (read.doc.type !== 'bank') {
    return { diagnostics: [...read.diagnostics, rules['wrong-file-type']({ ...where, data: { target: draw.bank, actual: read.doc.type, expected: 'bank' } })] };
  }
  const b = loadBank(read.doc.file, read.doc.fm, numbers);
  return { bank: b.bank, diagnostics: [...read.diagnostics, ...b.diagnostics], info: infoOf(read.doc, 'bank') };
}

function at(ref: SourceRef): { file: string; position?: SourceRef['position'] } {
  return ref.position ? { file: ref.file, position: ref.position } : { file: ref.file };
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

async function listFiles(root: string, ignore: readonly string[]): Promise<{ files: string[]; plain: Set<string> }> {
  const out: string[] = [];
  const plain = new Set<string>();
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
      } else if (e.isFile() || e.isSymbolicLink()) {
        out.push(rel);
        if (e.isFile()) plain.add(rel);
      }
    }
  }
  await walk('');
  return { files: out.sort(), plain };
}

