// Cross-file checks of questions and quizzes on the loaded course model (pure).
// Per-question checks that need option positions run while parsing (./syntax.ts).

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { allItems, type Course, type Quiz, type QuestionBank } from '../core/model/course.js';
import type { Draw, Question } from '../core/model/questions.js';
import { closest } from '../source/schema-check.js';
import { rules } from './rules.js';
import { drawPool } from '../core/draw.js';

export function checkQuestions(course: Course): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const quizzes = [...allItems(course)].map((e) => e.item).filter((i): i is Quiz => i.kind === 'quiz');

  // Question ids are unique across the course: banks and quiz-inline questions alike.
  const seen = new Map<string, Question>();
  const all: Question[] = [...course.banks.flatMap((b) => b.questions), ...quizzes.flatMap((q) => q.settings.questions)];
  for (const question of all) {
    const first = seen.get(question.id);
    if (first && first !== question) {
      const line = first.source.position ? `:${first.source.position.start.line}` : '';
      diagnostics.push(
        rules['question-duplicate-id']({
          file: question.source.file,
          ...(question.source.position ? { position: question.source.position } : {}),
          data: { id: question.id, other: `${first.source.file}${line}` },
        }),
      );
    } else if (!first) seen.set(question.id, question);
  }

  const banks = new Map(course.banks.map((b) => [b.file, b]));
  const seenQuiz = new Set<Quiz>();
  for (const quiz of quizzes) {
    if (seenQuiz.has(quiz)) continue;
    seenQuiz.add(quiz);
    const taken: { draw: Draw; index: number; ids: Set<string> }[] = [];
    quiz.settings.draws.forEach((draw, index) => {
      const bank = draw.bank ? banks.get(draw.bank) : undefined;
      if (!bank) return; // missing or unreadable bank: reported by the loader.
      const where = { file: draw.source.file, ...(draw.source.position ? { position: draw.source.position } : {}) };
      const known = [...new Set(bank.questions.flatMap((q) => q.tags))].sort();
      let unknown = false;
      for (const tag of draw.tags) {
        if (!known.includes(tag)) {
          unknown = true;
          diagnostics.push(rules['quiz-unknown-tag']({ ...where, data: { tag, bank: bank.file, suggestion: closest(tag, known) ?? '', known: known.join(', ') } }));
        }
      }
      if (unknown) return;
      const pool = drawPool(bank.questions, draw.tags);
      if (pool.length === 0 && draw.tags.length > 1) {
        // Each tag is in use, but no question carries all of them: the draw is always empty.
        diagnostics.push(rules['quiz-draw-empty']({ ...where, data: { bank: bank.file, tags: draw.tags.join(', ') } }));
        return;
      }
      if (draw.count !== undefined && draw.count > pool.length) {
        diagnostics.push(rules['quiz-draw-too-large']({ ...where, data: { count: draw.count, bank: bank.file, tags: draw.tags.join(', '), available: pool.length } }));
      }
      const ids = new Set(pool.map((q) => q.id));
      for (const other of taken) {
        if (other.draw.bank !== draw.bank) continue;
        const overlap = [...ids].filter((id) => other.ids.has(id)).length;
        const needed = (draw.count ?? ids.size) + (other.draw.count ?? other.ids.size);
        const union = new Set([...ids, ...other.ids]).size;
        if (overlap && needed > union) diagnostics.push(rules['quiz-overlapping-draws']({ ...where, data: { other: other.index + 1, bank: bank.file } }));
      }
      taken.push({ draw, index, ids });
    });
    diagnostics.push(...nothingScorable(quiz, banks));
  }
  return diagnostics;
}

/** Questions a learner's answer is scored on: not essays (graded by people) or reading text, worth points. */
const isScorable = (q: Question) => q.type !== 'essay' && q.type !== 'description' && q.points > 0;

/**
 * A quiz that decides passing (a unit quiz that opens the next module, a post-test) must be able to be
 * failed: with nothing scorable in it, the player would grade every attempt 100 %.
 */
function nothingScorable(quiz: Quiz, banks: ReadonlyMap<string, QuestionBank>): Diagnostic[] {
  if ((quiz.role !== 'unit' && quiz.role !== 'post') || quiz.settings.passingGrade <= 0) return [];
  // Unresolved banks and empty draws are reported on their own; judge only a quiz whose draws all give questions.
  if (quiz.settings.draws.some((d) => !d.bank || !banks.has(d.bank))) return [];
  const pools = quiz.settings.draws.map((draw) => drawPool(banks.get(draw.bank!)!.questions, draw.tags));
  if (pools.some((pool) => pool.length === 0)) return [];
  const drawn = pools.flat();
  if ([...quiz.settings.questions, ...drawn].some(isScorable)) return [];
  return [rules['quiz-nothing-scorable']({ file: quiz.file, position: { start: { line: 1, column: 1 } }, data: { role: quiz.role, passing: quiz.settings.passingGrade } })];
}
