// One source file's share of loading, as a value that depends only on the file's text and what it names:
// the unit the build cache stores and the worker pool computes. Everything that depends on where the
// syllabus links the file (the link's position, the title written there) is added afterwards by index.ts,
// so that editing the syllabus does not invalidate every lesson.
//
// Outcomes are plain JSON. Every outcome — computed here, in a worker, or read from the cache — goes through
// the same JSON text, so a build's model and diagnostics are the same whichever way each file came.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Item, QuestionBank, SourceRef } from '../core/model/course.js';
import type { NumberConvention } from '../core/numbers.js';
import type { CourseFs, SourceFile } from '../source/files.js';
import { staysInside } from '../source/files.js';
import { parseSourceDoc, SYLLABUS, type LinkRef, type SourceDoc } from './doc.js';
import { readOutline, type Outline } from './outline.js';
import { courseHead, type CourseHead } from './syllabus.js';
import { loadLesson } from './lesson.js';
import { loadAssignment } from './assignment.js';
import { rules } from './rules.js';
import { loadBank, loadQuiz } from '../questions/index.js';
import { idOf, titleOf } from './ids.js';

/** What the checker needs to know about one source file besides the model. */
export interface SourceInfo {
  readonly path: string;
  readonly type: 'syllabus' | 'lesson' | 'quiz' | 'bank' | 'assignment';
  readonly anchors: readonly string[];
  readonly links: readonly LinkRef[];
}

/** A bank a quiz draws from, with where the quiz names it. */
export interface DrawRef {
  readonly bank: string;
  readonly quizFile: string;
  readonly position?: SourceRef['position'];
}

/**
 * What an outcome read besides its own text: the first bytes of each media file it names (`missing`,
 * `escape` or their hex) and whether it consulted the list of the course's files (for a "did you mean").
 * A cached outcome is used only when these are still what they were.
 */
export interface Dependencies {
  heads: [path: string, length: number, seen: string][];
  inventory: boolean;
  /** It read a file's content through the file system (nothing does today): not cacheable. */
  opaque?: boolean;
}

/** A lesson, quiz or assignment linked from the outline. */
export interface EntryOutcome {
  readonly role: 'entry';
  /** The file's findings in the order a cold load makes them (link-located ones are added by the caller). */
  readonly diagnostics: Diagnostic[];
  readonly info?: SourceInfo;
  /** The item without the outline's link; a quiz's `title` is '' when its front matter has none (the link's text is used). */
  readonly item?: Item;
  /** The file's declared type when it is not an outline item (syllabus, bank): reported at the link. */
  readonly wrongType?: string;
  readonly draws: DrawRef[];
  readonly deps: Dependencies;
}

/** A question bank a quiz draws from. */
export interface BankOutcome {
  readonly role: 'bank';
  readonly readDiagnostics: Diagnostic[];
  readonly type: string;
  readonly bank?: QuestionBank;
  readonly diagnostics: Diagnostic[];
  readonly info?: SourceInfo;
  readonly deps: Dependencies;
}

/** The syllabus: its outline, the course's own fields, and what is needed to read the other files. */
export interface SyllabusOutcome {
  readonly role: 'syllabus';
  readonly diagnostics: Diagnostic[];
  readonly outline: Outline;
  readonly numbers: NumberConvention;
  readonly info: SourceInfo;
  readonly head: CourseHead;
  /** Schema findings of the front matter: reported after every other file's, as a cold load does. */
  readonly headDiagnostics: Diagnostic[];
  readonly deps: Dependencies;
}

export type Outcome = EntryOutcome | BankOutcome | SyllabusOutcome;

/** What is stored under a key: the outcome and, when it consulted the course's file list, that list's hash. */
export interface Stored {
  readonly inventory?: string;
  readonly outcome: Outcome;
}

/** The one JSON text of an outcome: what the cache stores and what a worker sends back. */
export function serialise(outcome: Outcome, inventoryHash: string): string {
  const stored: Stored = outcome.deps.inventory ? { inventory: inventoryHash, outcome } : { outcome };
  return JSON.stringify(stored);
}
export type Role = Outcome['role'];

/** What an analysis may consult beyond the file's text. */
export interface Surroundings {
  readonly fs: CourseFs;
  readonly inventory: readonly string[];
  readonly numbers: NumberConvention;
}

/** Analyses one file read as `file`, recording what else it looked at. Never throws for bad input. */
export async function analyse(role: Role, file: SourceFile, around: Surroundings): Promise<Outcome> {
  const deps: Dependencies = { heads: [], inventory: false };
  const fs = recordingFs(around.fs, deps);
  const inventory = recordingList(around.inventory, deps);
  switch (role) {
    case 'syllabus':
      return analyseSyllabus(file, deps);
    case 'bank':
      return analyseBank(file, around.numbers, deps);
    default:
      try {
        return await analyseEntry(file, fs, inventory, around.numbers, deps);
      } catch (error) {
        // A file that breaks a parser (a stack overflow on absurd nesting, say) becomes a diagnostic on that file.
        // (A parser's own error message is foreign text, carried as it is.)
        const data: Record<string, string> = error instanceof RangeError ? { problem: 'too-deep' } : { detail: (error as Error)?.message ?? String(error) };
        return { role: 'entry', diagnostics: [rules['source-unreadable']({ file: file.path, data })], draws: [], deps };
      }
  }
}

/** Whether what an outcome read is still as it was (heads probed again, through `probe`). */
export async function stillValid(deps: Dependencies, probe: (path: string, length: number) => Promise<string>, inventoryChanged: boolean): Promise<boolean> {
  if (deps.inventory && inventoryChanged) return false;
  if (deps.opaque) return false;
  for (const [target, length, seen] of deps.heads) if ((await probe(target, length)) !== seen) return false;
  return true;
}

/** The value `stillValid` compares: the first bytes of a file, or why there are none. */
export async function headOf(fs: CourseFs, target: string, length: number): Promise<string> {
  const probe = await fs.head(target, length);
  return probe.ok ? probe.bytes.toString('hex') : probe.reason;
}

async function analyseEntry(file: SourceFile, fs: CourseFs, inventory: readonly string[], numbers: NumberConvention, deps: Dependencies): Promise<EntryOutcome> {
  const read = parseSourceDoc(file, file.path === SYLLABUS ? 'syllabus' : 'lesson');
  const diagnostics: Diagnostic[] = [...read.diagnostics];
  const doc = read.doc;
  const draws: DrawRef[] = [];
  let item: Item | undefined;
  let wrongType: string | undefined;
  switch (doc.type) {
    case 'lesson': {
      const r = await loadLesson(doc, fs, inventory);
      diagnostics.push(...r.diagnostics);
      item = r.lesson;
      break;
    }
    case 'assignment': {
      const r = loadAssignment(doc);
      diagnostics.push(...r.diagnostics);
      item = r.assignment;
      break;
    }
    case 'quiz': {
      const r = loadQuiz(doc.file, doc.fm, numbers, doc.root);
      diagnostics.push(...r.diagnostics);
      item = { kind: 'quiz', id: idOf(doc), title: titleOf(doc, ''), link: { file: doc.file.path }, file: doc.file.path, role: r.role, settings: r.settings, html: r.html };
      for (const draw of r.settings.draws) {
        if (draw.bank && staysInside(draw.bank)) draws.push({ bank: draw.bank, quizFile: doc.file.path, ...(draw.source.position ? { position: draw.source.position } : {}) });
      }
      break;
    }
    default:
      wrongType = doc.type;
  }
  return { role: 'entry', diagnostics, info: infoOf(doc, doc.type as SourceInfo['type']), ...(item ? { item } : {}), ...(wrongType ? { wrongType } : {}), draws, deps };
}

function analyseBank(file: SourceFile, numbers: NumberConvention, deps: Dependencies): BankOutcome {
  const read = parseSourceDoc(file, file.path === SYLLABUS ? 'syllabus' : 'lesson');
  if (read.doc.type !== 'bank') return { role: 'bank', readDiagnostics: read.diagnostics, type: read.doc.type, diagnostics: [], deps };
  const b = loadBank(read.doc.file, read.doc.fm, numbers, read.doc.root);
  return { role: 'bank', readDiagnostics: read.diagnostics, type: 'bank', bank: b.bank, diagnostics: b.diagnostics, info: infoOf(read.doc, 'bank'), deps };
}

function analyseSyllabus(file: SourceFile, deps: Dependencies): SyllabusOutcome {
  const read = parseSourceDoc(file, 'syllabus');
  const outline = readOutline(read.doc);
  const numbers = numbersOf(read.doc.fm.data);
  const { head, diagnostics: headDiagnostics } = courseHead(read.doc, outline);
  return { role: 'syllabus', diagnostics: read.diagnostics, outline, numbers, info: infoOf(read.doc, 'syllabus'), head, headDiagnostics, deps };
}

/** Numbers in answer keys and in learners' answers are read by the course's language (1.234,5 or 1,234.5). */
export function numbersOf(syllabusData: Readonly<Record<string, unknown>>): NumberConvention {
  return syllabusData.language === 'en' ? 'en' : 'id';
}

function infoOf(doc: SourceDoc, type: SourceInfo['type']): SourceInfo {
  return { path: doc.file.path, type, anchors: doc.anchors, links: doc.links };
}

function recordingFs(fs: CourseFs, deps: Dependencies): CourseFs {
  return {
    root: fs.root,
    read(relative) {
      deps.opaque = true;
      return fs.read(relative);
    },
    readBytes(relative, length) {
      deps.opaque = true;
      return fs.readBytes(relative, length);
    },
    async head(relative, length) {
      const probe = await fs.head(relative, length);
      deps.heads.push([relative, length, probe.ok ? probe.bytes.toString('hex') : probe.reason]);
      return probe;
    },
  };
}

/** The course's file list, noting whether it was consulted. */
function recordingList(list: readonly string[], deps: Dependencies): readonly string[] {
  return new Proxy(list as string[], {
    get(target, key, receiver) {
      deps.inventory = true;
      return Reflect.get(target, key, receiver);
    },
  });
}
