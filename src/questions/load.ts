// Loading quiz and bank files into the model. Both validate their own front matter against
// ./schemas.ts (the course loader does not validate quiz/bank front matter again) and parse the body
// with the Markdown question syntax (./syntax.ts). Pure: the caller reads the files.

import type { NumberConvention } from '../core/numbers.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { QuestionBank } from '../core/model/course.js';
import type { Draw, QuizSettings } from '../core/model/questions.js';
import type { FrontMatter } from '../source/frontmatter.js';
import type { Root } from 'mdast';
import { parseMarkdown, toSafeHtml } from '../source/markdown.js';
import { isExternal, resolveRef, staysInside, type SourceFile } from '../source/files.js';
import { validateAgainst } from '../source/schema-check.js';
import { rules as loadRules } from '../load/rules.js';
import { courseHref } from '../source/files.js';
import { bankFrontMatterSchema, quizFrontMatterSchema, quizDefaults } from './schemas.js';
import { parseQuestions } from './syntax.js';
import { rules } from './rules.js';
import { slugify } from '../core/ids.js';

export type QuizRole = 'pre' | 'post' | 'unit' | 'practice';

/** The id of a bank or quiz: `id:` in front matter, else derived from its path (`bank/modul 1.md` → `bank-modul-1`). */
export function fileId(file: SourceFile, fm: FrontMatter): string {
  const explicit = fm.data.id;
  if (typeof explicit === 'string' && explicit) return explicit;
  return slugify(file.path.replace(/\.md$/i, ''), 120);
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * A bank file: front matter `type: bank` (id, title, tags) and questions under `##` headings.
 * Validates the front matter itself (schema errors are in `diagnostics`). `body`: the body's tree when the
 * caller has parsed it already (the loader has), so that it is not parsed twice.
 */
export function loadBank(file: SourceFile, fm: FrontMatter, numbers: NumberConvention = 'id', body?: Root): { bank: QuestionBank; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = fm.yamlError ? [] : validateAgainst(bankFrontMatterSchema, fm.data, file.path, fm.locate);
  const id = fileId(file, fm);
  const root = body ?? parseMarkdown(fm.body);
  const parsed = parseQuestions(root, { file: file.path, idPrefix: id, tags: stringList(fm.data.tags), text: fm.body, numbers, bank: true });
  diagnostics.push(...parsed.diagnostics);
  for (const node of parsed.intro) {
    if (node.type !== 'heading' && node.type !== 'html' && node.type !== 'definition' && node.type !== 'thematicBreak') {
      diagnostics.push(rules['question-ignored-content']({ file: file.path, ...(node.position ? { position: { start: node.position.start, end: node.position.end } } : {}) }));
      break;
    }
  }
  if (!parsed.questions.length) diagnostics.push(rules['bank-empty']({ file: file.path, position: { start: { line: 1, column: 1 } } }));
  const firstHeading = parsed.intro.find((n) => n.type === 'heading');
  const title =
    typeof fm.data.title === 'string' && fm.data.title.trim()
      ? fm.data.title.trim()
      : firstHeading && firstHeading.type === 'heading'
        ? firstHeading.children.map((c) => ('value' in c ? c.value : '')).join('').trim() || id
        : id;
  return { bank: { file: file.path, id, title, questions: parsed.questions }, diagnostics };
}

/**
 * A quiz file: front matter `type: quiz` with its settings; the body is intro text (before the first
 * `##`) and optionally inline questions (`##` sections). Draw bank paths are stored course-relative;
 * a path leaving the course folder is reported (path-escape) and dropped. Validates its own front matter.
 * `body`: the body's tree when the caller has parsed it already.
 */
export function loadQuiz(
  file: SourceFile,
  fm: FrontMatter,
  numbers: NumberConvention = 'id',
  body?: Root,
): { settings: QuizSettings; html: string; role: QuizRole; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = fm.yamlError ? [] : validateAgainst(quizFrontMatterSchema, fm.data, file.path, fm.locate);
  const data = fm.data;
  const id = fileId(file, fm);
  const role: QuizRole = ['pre', 'post', 'unit', 'practice'].includes(data.role as string) ? (data.role as QuizRole) : 'unit';

  const draws: Draw[] = [];
  const rawDraws = Array.isArray(data.draw) ? data.draw : [];
  rawDraws.forEach((raw: unknown, index: number) => {
    if (!raw || typeof raw !== 'object') return;
    const entry = raw as Record<string, unknown>;
    const position = fm.locate(['draw', index, 'bank']) ?? fm.locate(['draw', index]);
    const source = { file: file.path, ...(position ? { position } : {}) };
    if (typeof entry.bank !== 'string' || !entry.bank) return;
    if (isExternal(entry.bank)) {
      diagnostics.push(loadRules['path-escape']({ ...source, data: { target: entry.bank } }));
      return;
    }
    const bank = resolveRef(file.path, entry.bank);
    if (!staysInside(bank)) {
      diagnostics.push(loadRules['path-escape']({ ...source, data: { target: entry.bank } }));
      return;
    }
    const count = typeof entry.count === 'number' && Number.isInteger(entry.count) && entry.count > 0 ? entry.count : undefined;
    draws.push({ bank, tags: stringList(entry.tags), ...(count !== undefined ? { count } : {}), source });
  });

  const passingGrade = typeof data.passing_grade === 'number' ? data.passing_grade : role === 'pre' || role === 'practice' ? 0 : quizDefaults.passingGrade;
  if (typeof data.passing_grade === 'number' && (data.passing_grade < 0 || data.passing_grade > 100)) {
    const position = fm.locate(['passing_grade']);
    diagnostics.push(rules['quiz-passing-grade']({ file: file.path, ...(position ? { position } : {}), data: { value: data.passing_grade } }));
  }

  const root = body ?? parseMarkdown(fm.body);
  const parsed = parseQuestions(root, { file: file.path, idPrefix: id, text: fm.body, numbers });
  diagnostics.push(...parsed.diagnostics);
  const html = toSafeHtml(parsed.intro.filter((n) => !(n.type === 'heading' && n.depth === 1)), {
    rewriteUrl: (url) => (url.startsWith('data:') ? undefined : courseHref(file.path, url)),
  }).trim();
  if (!rawDraws.length && !parsed.questions.length) diagnostics.push(rules['quiz-no-questions']({ file: file.path, position: fm.locate([]) ?? { start: { line: 1, column: 1 } } }));

  const bool = (key: string, fallback: boolean) => (typeof data[key] === 'boolean' ? (data[key] as boolean) : fallback);
  const feedback = ['immediate', 'after-submit', 'never'].includes(data.feedback as string)
    ? (data.feedback as QuizSettings['feedback'])
    : role === 'practice'
      ? 'immediate'
      : quizDefaults.feedback;
  const timeLimit = typeof data.time_limit === 'number' && data.time_limit > 0 ? data.time_limit : undefined;
  const settings: QuizSettings = {
    draws,
    shuffleQuestions: bool('shuffle_questions', quizDefaults.shuffleQuestions),
    shuffleOptions: bool('shuffle_options', quizDefaults.shuffleOptions),
    attempts: typeof data.attempts === 'number' && Number.isInteger(data.attempts) && data.attempts >= 0 ? data.attempts : quizDefaults.attempts,
    passingGrade,
    ...(timeLimit !== undefined ? { timeLimit } : {}),
    feedback,
    // Pre-tests and practice measure, they do not grade.
    countsTowardScore: bool('counts_toward_score', role === 'post' || role === 'unit'),
    ...(typeof data.closed_book === 'boolean' ? { closedBook: data.closed_book } : {}),
    ...(typeof data.extend_time === 'boolean' ? { extendTime: data.extend_time } : {}),
    questions: parsed.questions,
  };
  return { settings, html, role, diagnostics };
}

export { checkQuestions } from './check.js';
