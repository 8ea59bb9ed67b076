// The syllabus front matter becomes the course's metadata; defaults are those of Indonesian MOOC practice.

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Author, Course, CompletionRule, Gating, Lang, Module, QuestionBank } from '../core/model/course.js';
import type { SourceDoc } from './doc.js';
import type { Outline } from './outline.js';
import { validateAgainst } from '../source/schema-check.js';
import { syllabusSchema } from './schemas.js';
import { positionOf } from '../source/markdown.js';

export const courseDefaults = {
  language: 'id' as Lang,
  version: '1.0.0',
  passingGrade: 70,
  completion: 'all-and-pass' as CompletionRule,
  gating: { sequential: true, allowSeek: false, allowSpeedUp: false } satisfies Gating,
};

/** The course's own fields, from the syllabus alone (no modules, no banks yet). */
export type CourseHead = Omit<Course, 'modules' | 'banks' | 'source'> & { readonly source: Course['source'] };

/** What the syllabus says of the course, and the schema findings of its front matter (reported after every file's). */
export function courseHead(doc: SourceDoc, outline: Outline): { head: CourseHead; diagnostics: Diagnostic[] } {
  const file = doc.file.path;
  const diagnostics = doc.fm.yamlError ? [] : validateAgainst(syllabusSchema, doc.fm.data, file, doc.fm.locate);
  const d = doc.fm.data;
  const str = (v: unknown, fallback: string) => (typeof v === 'string' && v.trim() ? v.trim() : fallback);
  const gating = normaliseGating(d.gating);
  const firstHeading = doc.root.children.find((n) => n.type === 'heading');
  const position = firstHeading ? positionOf(firstHeading) : undefined;
  return {
    head: {
      id: str(d.id, 'kursus'),
      title: str(d.title, 'Tanpa judul'),
      description: str(d.description, outline.intro),
      language: d.language === 'en' ? 'en' : courseDefaults.language,
      version: typeof d.version === 'number' ? String(d.version) : str(d.version, courseDefaults.version),
      jp: typeof d.jp === 'number' && d.jp > 0 ? d.jp : 0,
      competencies: Array.isArray(d.competencies) ? d.competencies.filter((c): c is string => typeof c === 'string') : [],
      authors: Array.isArray(d.authors) ? d.authors.flatMap(toAuthor) : [],
      ...(typeof d.institution === 'string' ? { institution: d.institution } : {}),
      passingGrade: typeof d.passing_grade === 'number' && d.passing_grade >= 0 && d.passing_grade <= 100 ? d.passing_grade : courseDefaults.passingGrade,
      completion: (['all', 'all-and-pass', 'pass'] as const).find((c) => c === d.completion) ?? courseDefaults.completion,
      gating,
      source: position ? { file, position } : { file },
    },
    diagnostics,
  };
}

/** The course: the syllabus's fields, then its modules and banks. */
export function assembleCourse(head: CourseHead, modules: Module[], banks: QuestionBank[]): Course {
  const { source, ...fields } = head;
  return { ...fields, modules, banks, source };
}

function normaliseGating(v: unknown): Gating {
  if (typeof v === 'boolean') return { ...courseDefaults.gating, sequential: v };
  if (v && typeof v === 'object') {
    const g = v as Record<string, unknown>;
    return {
      sequential: typeof g.sequential === 'boolean' ? g.sequential : courseDefaults.gating.sequential,
      allowSeek: typeof g.allow_seek === 'boolean' ? g.allow_seek : courseDefaults.gating.allowSeek,
      allowSpeedUp: typeof g.allow_speed_up === 'boolean' ? g.allow_speed_up : courseDefaults.gating.allowSpeedUp,
      ...(g.audio_completes === false ? { audioCompletes: false } : {}),
      ...(g.remediation === true ? { remediation: true } : {}),
    };
  }
  return { ...courseDefaults.gating };
}

function toAuthor(v: unknown): Author[] {
  if (typeof v === 'string' && v.trim()) return [{ name: v.trim() }];
  if (v && typeof v === 'object' && typeof (v as Author).name === 'string') {
    const a = v as Author;
    return [{ name: a.name, ...(a.email ? { email: a.email } : {}), ...(a.role ? { role: a.role } : {}) }];
  }
  return [];
}
