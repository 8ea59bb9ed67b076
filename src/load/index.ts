// load: a course folder → the immutable course model plus what the checker needs to know about the sources.
// All file-system access of the authoring side happens here (and in ./source.ts); checks are pure.

import type { NumberConvention } from '../core/numbers.js';
import { readdir } from 'node:fs/promises';
import v8 from 'node:v8';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Item, Module, QuestionBank, SourceRef } from '../core/model/course.js';
import type { Course } from '../core/model/course.js';
import { CONFIG_FILE, loadConfig, type AjarConfig } from '../config/index.js';
import { courseFs, type CourseFs } from '../source/files.js';
import { readSourceDoc } from './doc.js';
import type { BuildCache, CacheCounts } from '../fs/cache.js';
import { createAnalyser, type Analysed, type Analyser } from './analyser.js';
import type { BankOutcome, DrawRef, EntryOutcome, SourceInfo, SyllabusOutcome } from './entry.js';

export type { LinkRef } from './doc.js';
export type { SourceInfo } from './entry.js';
export { WORKER_THRESHOLD } from './analyser.js';
import type { OutlineEntry } from './outline.js';
import { assembleCourse } from './syllabus.js';
import { rules } from './rules.js';
import { missingPathHint, relativeRef, staysInside } from '../source/files.js';
import { closest } from '../source/schema-check.js';

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
  /** Source files taken from the build cache (hits) and parsed (misses); absent without a cache. */
  cache?: CacheCounts;
  /** Worker threads that parsed files (0: all parsed in this thread). */
  threads?: number;
}

export interface LoadOptions {
  /** The build cache (fs/cache.ts openBuildCache); default: none, every file is parsed. */
  readonly cache?: BuildCache;
  /** Worker threads: false never; a number, the fewest files to parse that start a pool (default WORKER_THRESHOLD). */
  readonly workers?: number | false;
}

export { SYLLABUS } from './doc.js';
export { idFromPath } from './ids.js';
import { SYLLABUS } from './doc.js';
/** Folders that hold outputs or tools, never sources. */
const ignoredDirs = new Set(['node_modules', 'dist', '.git', '.ajar', '.ajar-cache']);

/**
 * V8 moves objects straight to the old generation from an allocation site whose objects mostly survived a
 * young collection. The syllabus is parsed first and is one large document whose parser events and nodes all
 * live until its parse ends, so the parser's allocation sites are judged long-lived and every lesson parsed
 * after it fills the old generation with garbage (on the generated 1,000-lesson course: 4× the collector's
 * time, a third more CPU for the load). Parsing makes short-lived objects: decide nothing from one document.
 *
 * And V8 lets the old generation grow by up to 4× before its next full collection: what a course leaves
 * alive is a fraction of what its parse allocates, so on a large course the heap (and the machine's memory)
 * filled with garbage it had not yet looked at (generated 5,000-lesson course, `ajar check`: 520 MB peak RSS
 * with less than 200 MB alive; growing by 30 % at a time: 270 MB, the same CPU time).
 * Garbage-collection heuristics only; nothing else changes. V8 flags are part of its code-cache check:
 * scripts/build-bundle.mjs sets these back before it takes the CLI's code cache.
 */
let collectorTuned = false;
function tuneCollectorForParsing(): void {
  if (collectorTuned) return;
  collectorTuned = true;
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
  v8.setFlagsFromString('--heap-growing-percent=30');
}

export async function loadCourse(dir: string, env: Readonly<Record<string, string | undefined>> = process.env, options: LoadOptions = {}): Promise<LoadResult> {
  tuneCollectorForParsing();
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
  const analyser = createAnalyser({ fs, inventory, plain, ...(options.cache ? { cache: options.cache } : {}), ...(options.workers !== undefined ? { workers: options.workers } : {}) });
  const base = () => ({ config, sources, inventory, outlined, root: fs.root, ...(options.cache ? { cache: { ...analyser.counts } } : {}), threads: analyser.threads });
  try {
    const loaded = await loadSources(dir, fs, inventory, analyser, diagnostics, sources, outlined);
    return { ...base(), ...(loaded ? { course: loaded } : {}), diagnostics };
  } finally {
    await analyser.close();
  }
}

/** The syllabus, then every file it links (in parallel), then the banks quizzes draw from: the course, or nothing without a syllabus. */
async function loadSources(
  dir: string,
  fs: CourseFs,
  inventory: readonly string[],
  analyser: Analyser,
  diagnostics: Diagnostic[],
  sources: Map<string, SourceInfo>,
  outlined: Set<string>,
): Promise<Course | undefined> {
  analyser.anticipate(inventory.filter((f) => f !== SYLLABUS && /\.md$/i.test(f)), SYLLABUS);
  const read = await analyser.one('syllabus', SYLLABUS, 'id');
  if (!read.ok) {
    const failed = await readSourceDoc(fs, SYLLABUS);
    const diagnostic = failed.ok ? undefined : failed.diagnostic;
    if (!diagnostic || diagnostic.ruleId === 'missing-file') diagnostics.push(rules['no-syllabus']({ data: { dir: dir } }));
    else diagnostics.push(diagnostic);
    return undefined;
  }
  const syllabus = read.outcome as SyllabusOutcome;
  diagnostics.push(...syllabus.diagnostics);
  const outline = syllabus.outline;
  const numbers = syllabus.numbers;
  diagnostics.push(...outline.diagnostics);
  sources.set(SYLLABUS, syllabus.info);
  for (const target of outline.rejected) outlined.add(target);

  // Every linked file is read and parsed in parallel (from the cache, here or in worker threads); results
  // are then taken in outline order, so that the model and the diagnostics come out the same on every run.
  const entries = outline.modules.flatMap((m) => m.entries);
  const firstOf = new Map<string, OutlineEntry>();
  for (const entry of entries) if (entry.target && !firstOf.has(entry.target)) firstOf.set(entry.target, entry);
  const readable = [...firstOf].filter(([target, entry]) => staysInside(target) && !entry.url.startsWith('#') && /\.md$/i.test(target)).map(([target]) => target);
  const analysed = analyser.many('entry', readable, numbers);
  const pending = new Map<string, Promise<EntryResult>>();
  for (const [target, entry] of firstOf) pending.set(target, entryResult(entry, fs, inventory, analysed.get(target)));

  // A quiz's banks are asked for as soon as the quiz is analysed, not when the walk below reaches it: with
  // worker threads the walk waits for each in turn, and a bank asked for only then would queue behind every
  // lesson still to parse. What a bank's findings point at (the first quiz in outline order that draws it)
  // is still decided by the walk.
  const bankAnalyses = new Map<string, Promise<Analysed>>();
  const analyseBank = (bank: string) => {
    let analysed = bankAnalyses.get(bank);
    if (!analysed) bankAnalyses.set(bank, (analysed = analyser.one('bank', bank, numbers)));
    return analysed;
  };
  for (const result of pending.values()) void result.then((r) => r.draws.forEach((draw) => analyseBank(draw.bank)), () => undefined);

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
      if (!bankDiagnostics.has(draw.bank)) bankDiagnostics.set(draw.bank, bankResult(fs, inventory, draw, analyseBank(draw.bank)));
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
  diagnostics.push(...syllabus.headDiagnostics);
  return assembleCourse(syllabus.head, modules, [...banks.values()].sort((a, b) => a.file.localeCompare(b.file)));
}

interface EntryResult {
  item?: Item;
  diagnostics: Diagnostic[];
  info?: SourceInfo;
  /** Banks a quiz draws from, in order, with where the quiz names them. */
  draws: DrawRef[];
}

/** An outline entry: what its file says (analysed), and what depends on the link that names it. */
async function entryResult(entry: OutlineEntry, fs: CourseFs, inventory: readonly string[], analysed: Promise<Analysed> | undefined): Promise<EntryResult> {
  const link: SourceRef = entry.source;
  const target = entry.target!;
  if (!staysInside(target)) return { diagnostics: [rules['path-escape']({ ...at(link), data: { target: entry.url } })], draws: [] };
  // Only Markdown files are lessons, quizzes or assignments; an anchor, a folder or a PDF is not.
  if (!analysed) {
    const reason: Record<string, string> = entry.url.startsWith('#') ? { reason: 'anchor' } : target.endsWith('/') || !/\.[^/]+$/.test(target) ? { reason: 'folder' } : { reason: 'extension', extension: `.${target.split('.').pop()}` };
    return { diagnostics: [rules['invalid-outline-link']({ ...at(link), data: { target: entry.url, ...reason } })], draws: [] };
  }
  const done = await analysed;
  if (!done.ok) {
    const failed = await readSourceDoc(fs, target);
    const d = failed.ok ? rules['missing-file']({ data: { target } }) : failed.diagnostic;
    return {
      diagnostics: [
        d.ruleId === 'missing-file'
          ? rules['missing-file']({ ...at(link), data: { target, ...missingPathHint(SYLLABUS, entry.url, closest(target, inventory.filter((f) => f.endsWith('.md'))), (p) => inventory.includes(p)) } })
          : d.ruleId === 'path-escape'
            ? rules['path-escape']({ ...at(link), data: { target: entry.url } })
            : d.file === undefined
              ? { ...d, ...at(link) } // about the file as a whole: point at the link that names it
              : d,
      ],
      draws: [],
    };
  }
  const o = done.outcome as EntryOutcome;
  const diagnostics = [...o.diagnostics];
  if (o.wrongType) diagnostics.push(rules['invalid-outline-link']({ ...at(link), data: { target, reason: 'file-type', type: o.wrongType } }));
  // A quiz without a title in its front matter takes the link's text.
  const item = o.item ? ({ ...o.item, ...(o.item.kind === 'quiz' && !o.item.title ? { title: entry.title } : {}), link } as Item) : undefined;
  return { ...(item ? { item } : {}), diagnostics, ...(o.info ? { info: o.info } : {}), draws: o.draws };
}

async function bankResult(
  fs: CourseFs,
  inventory: readonly string[],
  draw: DrawRef,
  analysed: Promise<Analysed>,
): Promise<{ bank?: QuestionBank; diagnostics: Diagnostic[]; info?: SourceInfo }> {
  const where = { file: draw.quizFile, ...(draw.position ? { position: draw.position } : {}) };
  const done = await analysed;
  if (!done.ok) {
    const failed = await readSourceDoc(fs, draw.bank);
    const d = failed.ok ? rules['missing-file']({ data: { target: draw.bank } }) : failed.diagnostic;
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
  const o = done.outcome as BankOutcome;
  if (o.type !== 'bank') return { diagnostics: [...o.readDiagnostics, rules['wrong-file-type']({ ...where, data: { target: draw.bank, actual: o.type, expected: 'bank' } })] };
  return { ...(o.bank ? { bank: o.bank } : {}), diagnostics: [...o.readDiagnostics, ...o.diagnostics], ...(o.info ? { info: o.info } : {}) };
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

