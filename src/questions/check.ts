// Cross-file checks of questions and quizzes on the loaded course model (pure).
// Per-question checks that need option positions run while parsing (./syntax.ts).

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { allItems, type Course, type Quiz } from '../core/model/course.js';
import type { Draw, Question } from '../core/model/questions.js';
import { closest } from '../load/schema-check.js';
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
  }
  return diagnostics;
}
