// Which questions an attempt shows, and in which order: deterministic from (seed, attempt), so a
// resumed attempt shows exactly the same quiz. Browser-safe (bundled into the player): no Node APIs.

import type { QuestionBank } from './model/course.js';
import type { Question, QuizSettings } from './model/questions.js';
import { hash32 } from './ids.js';

/** mulberry32: a small, fast, well-distributed 32-bit PRNG; returns numbers in [0, 1). */
export function createRng(seed: string | number): () => number {
  let state = typeof seed === 'number' ? seed >>> 0 : hash32(seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle of a copy; items for which `fixed` is true keep their index. */
export function shuffleWithFixed<T>(items: readonly T[], rng: () => number, fixed: (item: T) => boolean = () => false): T[] {
  const out = [...items];
  const free = out.map((item, i) => (fixed(item) ? -1 : i)).filter((i) => i >= 0);
  for (let k = free.length - 1; k > 0; k--) {
    const j = Math.floor(rng() * (k + 1));
    const a = free[k]!;
    const b = free[j]!;
    [out[a], out[b]] = [out[b]!, out[a]!];
  }
  return out;
}

/** Questions a draw may pick: every gradable question carrying all the tags (description blocks never). */
export function drawPool(questions: readonly Question[], tags: readonly string[]): Question[] {
  return questions.filter((q) => q.type !== 'description' && tags.every((t) => q.tags.includes(t)));
}

export interface PresentedQuestion {
  readonly question: Question;
  /**
   * Display order of the parts the learner arranges or picks from: choice ids (single/multiple),
   * item ids (ordering), target ids (matching); empty for other types.
   */
  readonly order: readonly string[];
}

/**
 * The questions of one attempt: the quiz's own questions (in order) then each draw in turn, a question
 * never twice; shuffled when the quiz says so (description blocks keep their place). Options are
 * shuffled except those marked fixed; ordering items and matching targets are always shuffled.
 */
export function drawQuestions(
  settings: QuizSettings,
  banks: readonly QuestionBank[] | ReadonlyMap<string, QuestionBank>,
  seed: string | number,
  attempt: number,
): PresentedQuestion[] {
  const rng = createRng(`${seed}#${attempt}`);
  const byFile = banks instanceof Map ? banks : new Map((banks as readonly QuestionBank[]).map((b) => [b.file, b]));
  const picked: Question[] = [...settings.questions];
  const used = new Set(picked.map((q) => q.id));
  for (const draw of settings.draws) {
    const bank = draw.bank ? byFile.get(draw.bank) : undefined;
    const pool = bank
      ? drawPool(bank.questions, draw.tags).filter((q) => !used.has(q.id))
      : [...byFile.values()].flatMap((b) => drawPool(b.questions, draw.tags)).filter((q) => !used.has(q.id));
    const count = Math.min(draw.count ?? pool.length, pool.length);
    const chosen = new Set(shuffleWithFixed(pool, rng).slice(0, count));
    // Without question shuffling, drawn questions keep the bank's order.
    for (const q of pool) if (chosen.has(q)) {
      picked.push(q);
      used.add(q.id);
    }
  }
  const ordered = settings.shuffleQuestions ? shuffleWithFixed(picked, rng, (q) => q.type === 'description') : picked;
  return ordered.map((question) => ({ question, order: presentationOrder(question, settings.shuffleOptions, rng) }));
}

/** Display order of a question's parts for one attempt. */
export function presentationOrder(question: Question, shuffleOptions: boolean, rng: () => number): string[] {
  switch (question.type) {
    case 'single':
    case 'multiple': {
      const ids = question.choices.map((c) => c.id);
      if (!shuffleOptions) return ids;
      return shuffleWithFixed(question.choices, rng, (c) => Boolean(c.fixed)).map((c) => c.id);
    }
    case 'ordering':
      return derange(question.items.map((i) => i.id), rng);
    case 'matching':
      return shuffleWithFixed(question.targets, rng).map((t) => t.id);
    default:
      return [];
  }
}

/** A shuffle that never returns the correct order (ordering questions would be answered for free). */
function derange(ids: readonly string[], rng: () => number): string[] {
  if (ids.length < 2) return [...ids];
  for (let tries = 0; tries < 20; tries++) {
    const out = shuffleWithFixed(ids, rng);
    if (out.some((id, i) => id !== ids[i])) return out;
  }
  return [...ids.slice(1), ids[0]!];
}
